package dev.tollgate.cli;

import dev.tollgate.catalog.PriceBook;
import dev.tollgate.config.TollgateConfig;
import dev.tollgate.keys.VirtualKeys;
import dev.tollgate.pricing.UnknownModelPolicy;
import dev.tollgate.server.Gateway;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/** {@code tollgate serve}: runs the gateway until SIGTERM or SIGINT. */
@Command(
    name = "serve",
    mixinStandardHelpOptions = true,
    versionProvider = VersionProvider.class,
    description = {
      "Start the gateway: open the SQLite store and serve HTTP until SIGTERM or Ctrl-C.",
      "Serves GET /healthz, GET /metrics (Prometheus; metrics.enabled, metrics.token); GET /v1/models, POST /v1/chat/completions (plain or streamed),"
          + " /v1/responses, /v1/completions and /v1/embeddings (OpenAI format); POST"
          + " /v1/messages (plain or streamed) with /v1/messages/count_tokens (Anthropic format)."
          + " Requests go to the providers whose key variable is set (OPENAI_API_KEY,"
          + " ANTHROPIC_API_KEY, GROQ_API_KEY, …, or the providers section of tollgate.yaml),"
          + " chat completions and messages translated between the two formats where the"
          + " provider speaks the other, or to the built-in simulated provider when none is."
    })
final class ServeCommand implements Callable<Integer> {

  private final CliContext context;

  @Mixin ConfigOption config;

  ServeCommand(CliContext context) {
    this.context = context;
  }

  @Override
  public Integer call() throws InterruptedException {
    TollgateConfig loaded = config.load(context);
    // Prices are validated before anything listens: a bad catalog or override stops start-up.
    PriceBook prices = PriceBook.load(loaded);
    Gateway gateway = Gateway.start(loaded, context.clock(), prices);
    Duration ready = Duration.between(context.processStart(), context.clock().instant());
    printBanner(context.out(), loaded, gateway, ready);
    printPrices(context.out(), loaded, gateway.prices().book());
    BudgetsCommand.printStatus(context.out(), gateway.accounting().engine(), "  budget     ");
    Thread shutdown = new Thread(() -> stop(gateway), "tollgate-shutdown");
    Runtime.getRuntime().addShutdownHook(shutdown);
    // The JVM exits after the shutdown hook has closed the gateway; this thread only waits.
    new CountDownLatch(1).await();
    return Errors.OK;
  }

  private void stop(Gateway gateway) {
    context.err().println("tollgate: shutting down");
    gateway.close();
    context.err().println("tollgate: stopped");
  }

  /** What the operator sees once the gateway is ready; kept short, one fact a line. */
  static void printBanner(PrintWriter out, TollgateConfig config, Gateway gateway, Duration ready) {
    String address = "http://" + hostForUrl(config.server().host()) + ":" + gateway.port();
    out.println("Tollgate " + VersionProvider.version() + " ready in " + ready.toMillis() + " ms");
    out.println(
        "  listening  "
            + address
            + "  (GET /healthz, "
            + (config.metrics().enabled() ? "GET /metrics, " : "")
            + "GET /v1/models, POST /v1/chat/completions, POST /v1/completions,"
            + " POST /v1/embeddings, POST /v1/responses, POST /v1/messages,"
            + " POST /v1/messages/count_tokens, GET /openapi.json, /admin/v1)");
    out.println(
        "  data       "
            + gateway.store().location()
            + "  (schema v"
            + gateway.store().schemaVersion()
            + ", instance "
            + gateway.store().instanceId()
            + ")");
    out.println(
        "  config     "
            + config.source().map(Object::toString).orElse("defaults (no tollgate.yaml)")
            + " + TOLLGATE_* environment");
    if (gateway.providers().fallbackOnly()) {
      out.println("  providers  simulated (no provider key set)");
    } else {
      // Names and base URLs only: a key is never printed.
      out.println(
          "  providers  "
              + config.providers().entries().stream()
                  // Those serving: a key variable set, no key needed, or a stored credential.
                  .filter(
                      e ->
                          gateway.providers().all().stream().anyMatch(p -> p.id().equals(e.name())))
                  .map(
                      e ->
                          e.name()
                              + " ("
                              + e.catalogProvider()
                              + ", "
                              + (e.isSimulated() ? "simulated" : e.baseUrl())
                              + ")")
                  .collect(java.util.stream.Collectors.joining(", ")));
    }
    gateway
        .adminKeySecret()
        .ifPresent(
            secret ->
                out.println(
                    "  admin key  "
                        + secret
                        + "  (admin API at /admin/v1; shown once, stored only as a hash)"));
    if (gateway.demoKeySecret().isPresent()) {
      out.println(
          "  demo key   "
              + gateway.demoKeySecret().get()
              + "  (virtual key; shown once, stored only as a hash)");
    } else {
      gateway
          .keys()
          .byId(VirtualKeys.DEMO_ID)
          .ifPresent(
              k ->
                  out.println(
                      "  demo key   exists ("
                          + k.prefix()
                          + "…); its secret was shown once, at the first start"));
    }
    gateway
        .initialKeysFile()
        .ifPresent(
            f ->
                out.println(
                    "  keys file  "
                        + f
                        + "  (owner-only; keep the keys elsewhere, then delete it)"));
    out.println(
        "  not built yet: alerts, reconciliation against provider bills, the dashboard, MCP"
            + " and the PostgreSQL store; see the README's Status section.");
    out.flush();
  }

  static void printPrices(PrintWriter out, TollgateConfig config, PriceBook prices) {
    for (String line : prices.provenance()) {
      out.println("  prices     " + line);
    }
    for (String line : prices.skipped()) {
      out.println("  prices     left out: " + line);
    }
    out.println(
        "  unknown    models without a price are "
            + (config.pricing().unknownModel() == UnknownModelPolicy.REFUSE
                ? "refused (pricing.unknown_model: refuse)"
                : "recorded as unpriced (pricing.unknown_model: record)"));
    out.flush();
  }

  private static String hostForUrl(String host) {
    return host.contains(":") && !host.startsWith("[") ? "[" + host + "]" : host;
  }
}

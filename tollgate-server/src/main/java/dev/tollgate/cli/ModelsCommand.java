package dev.tollgate.cli;

import dev.tollgate.catalog.PriceBook;
import dev.tollgate.pricing.ModelPrice;
import dev.tollgate.pricing.PriceSchedule;
import dev.tollgate.pricing.Rates;
import dev.tollgate.pricing.Resolution;
import dev.tollgate.usage.UsageKind;
import java.io.PrintWriter;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code tollgate models}: lists the priced models, or with {@code show NAME} explains how a name
 * resolves and prints the model's whole price card.
 */
@Command(
    name = "models",
    mixinStandardHelpOptions = true,
    description = "List the models Tollgate can price, with their prices in USD per 1M tokens.",
    subcommands = ModelsCommand.Show.class)
final class ModelsCommand implements Callable<Integer> {

  private final CliContext context;

  @Mixin ConfigOption config;

  @Option(names = "--provider", paramLabel = "ID", description = "Only this provider's models.")
  String provider;

  @Parameters(arity = "0..1", paramLabel = "FILTER", description = "Only ids containing this.")
  String filter;

  ModelsCommand(CliContext context) {
    this.context = context;
  }

  @Override
  public Integer call() {
    PriceBook book = PriceBook.load(config.load(context));
    Instant now = context.clock().instant();
    PrintWriter out = context.out();
    out.printf(
        Locale.ROOT,
        "%-54s %9s %9s %9s %9s %6s%n",
        "MODEL",
        "INPUT",
        "CACHED",
        "OUTPUT",
        "CONTEXT",
        "BATCH");
    int shown = 0;
    for (ModelPrice m : book.pricer().catalog().models()) {
      if (matches(m)) {
        Rates r = m.scheduleAt(now).rates();
        out.printf(
            Locale.ROOT,
            "%-54s %9s %9s %9s %9s %6s%n",
            m.qualifiedId(),
            usd(r, UsageKind.INPUT),
            usd(r, UsageKind.CACHE_READ),
            usd(r, UsageKind.OUTPUT),
            m.contextWindow() == 0 ? "-" : String.valueOf(m.contextWindow()),
            m.batchDiscountPercent().signum() == 0
                ? "-"
                : "-" + plain(m.batchDiscountPercent()) + "%");
        shown++;
      }
    }
    out.println(
        shown
            + " models; prices in USD per 1M tokens at "
            + now
            + "; "
            + book.provenance().getFirst());
    if (!book.pricer().catalog().localProviders().isEmpty()) {
      out.println("local providers, free on purpose: " + book.pricer().catalog().localProviders());
    }
    out.flush();
    return Errors.OK;
  }

  private boolean matches(ModelPrice m) {
    boolean byProvider = provider == null || m.provider().equalsIgnoreCase(provider);
    boolean byFilter =
        filter == null
            || m.qualifiedId().toLowerCase(Locale.ROOT).contains(filter.toLowerCase(Locale.ROOT))
            || m.aliases().stream()
                .anyMatch(
                    a -> a.toLowerCase(Locale.ROOT).contains(filter.toLowerCase(Locale.ROOT)));
    return byProvider && byFilter;
  }

  private static String usd(Rates r, UsageKind kind) {
    return r.lists(kind) ? plain(BigDecimal.valueOf(r.nanos(kind), 9)) : "-";
  }

  static String plain(BigDecimal value) {
    return value.stripTrailingZeros().toPlainString();
  }

  /** {@code tollgate models show NAME}. */
  @Command(
      name = "show",
      mixinStandardHelpOptions = true,
      description = "How a model name resolves, and its whole price card.")
  static final class Show implements Callable<Integer> {

    @picocli.CommandLine.ParentCommand ModelsCommand parent;

    @Parameters(paramLabel = "NAME", description = "A model name as a client would send it.")
    String name;

    @Override
    public Integer call() {
      PriceBook book = PriceBook.load(parent.config.load(parent.context));
      PrintWriter out = parent.context.out();
      switch (book.pricer().catalog().resolve(name)) {
        case Resolution.Unknown u ->
            throw new CliException("no price for model '" + name + "': " + u.reason());
        case Resolution.Known k -> print(out, k);
      }
      out.flush();
      return Errors.OK;
    }

    private static void print(PrintWriter out, Resolution.Known k) {
      ModelPrice m = k.model();
      out.println(k.requested() + " → " + m.qualifiedId() + " (matched by " + k.matchedBy() + ")");
      if (!m.aliases().isEmpty()) {
        out.println("  aliases: " + String.join(", ", m.aliases()));
      }
      out.println(
          "  context window: "
              + (m.contextWindow() == 0 ? "unknown" : m.contextWindow())
              + ", max output: "
              + (m.maxOutputTokens() == 0 ? "unknown" : m.maxOutputTokens()));
      out.println(
          "  batch discount: "
              + plain(m.batchDiscountPercent())
              + "%, negotiated discount: "
              + plain(m.negotiatedDiscountPercent())
              + "%");
      m.volumeTiers()
          .forEach(
              t ->
                  out.println(
                      "  volume tier: from "
                          + t.aboveMonthlySpend().toUsd()
                          + " USD a month, "
                          + plain(t.discountPercent())
                          + "% off"));
      for (PriceSchedule s : m.schedules()) {
        out.println(
            "  prices "
                + (s.from().equals(Instant.MIN) ? "from the start" : "from " + s.from())
                + ": "
                + card(s.rates()));
        s.longContext()
            .ifPresent(
                t ->
                    out.println(
                        "    prompts above "
                            + t.aboveInputTokens()
                            + " tokens: "
                            + card(t.rates())));
        s.windows()
            .forEach(
                w ->
                    out.println(
                        "    "
                            + w.name()
                            + " "
                            + w.start()
                            + "–"
                            + w.end()
                            + " UTC: "
                            + card(w.rates())));
      }
    }

    private static String card(Rates r) {
      StringBuilder b = new StringBuilder();
      for (Map.Entry<UsageKind, BigDecimal> e : r.listedUsd().entrySet()) {
        b.append(e.getKey().label())
            .append(' ')
            .append(plain(e.getValue()))
            .append(e.getKey().perMillionTokens() ? "/1M" : " each")
            .append(", ");
      }
      if (r.perRequestNanos() > 0) {
        b.append("request ").append(plain(BigDecimal.valueOf(r.perRequestNanos(), 9))).append(", ");
      }
      return b.isEmpty() ? "none" : b.substring(0, b.length() - 2);
    }
  }
}

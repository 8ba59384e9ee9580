package dev.tollgate.server;

import dev.tollgate.accounting.Accounting;
import dev.tollgate.admin.AdminApi;
import dev.tollgate.audit.Audit;
import dev.tollgate.catalog.LivePrices;
import dev.tollgate.catalog.PriceBook;
import dev.tollgate.catalog.PriceChanges;
import dev.tollgate.config.TollgateConfig;
import dev.tollgate.credentials.ProviderCredentials;
import dev.tollgate.keys.AdminKeys;
import dev.tollgate.keys.AdminTokens;
import dev.tollgate.keys.InitialKeysFile;
import dev.tollgate.keys.VirtualKey;
import dev.tollgate.keys.VirtualKeys;
import dev.tollgate.metrics.Gauges;
import dev.tollgate.metrics.Metrics;
import dev.tollgate.metrics.PrometheusMetrics;
import dev.tollgate.pricing.Pricer;
import dev.tollgate.provider.MessagesProvider;
import dev.tollgate.provider.Provider;
import dev.tollgate.provider.Providers;
import dev.tollgate.provider.anthropic.AnthropicNative;
import dev.tollgate.provider.openai.OpenAiCompatible;
import dev.tollgate.provider.simulated.SimulatedMessagesProvider;
import dev.tollgate.provider.simulated.SimulatedProvider;
import dev.tollgate.provider.simulated.SimulatedResponsesProvider;
import dev.tollgate.provider.simulated.SimulatedTextProvider;
import dev.tollgate.proxy.AnthropicMessages;
import dev.tollgate.proxy.ChatCompletions;
import dev.tollgate.proxy.OpenAiResponses;
import dev.tollgate.proxy.OpenAiText;
import dev.tollgate.proxy.RateLimiter;
import dev.tollgate.proxy.cache.ResponseCache;
import dev.tollgate.reports.RetentionPurge;
import dev.tollgate.routing.Router;
import dev.tollgate.store.Store;
import dev.tollgate.store.StoreException;
import dev.tollgate.tokens.OpenAiTokenizer;
import dev.tollgate.translate.Translation;
import io.vertx.core.DeploymentOptions;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.file.FileSystemOptions;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import java.net.BindException;
import java.time.Duration;
import java.time.InstantSource;
import java.util.Optional;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Supplier;

/**
 * A running Tollgate: the store, opened and migrated, and the HTTP server listening. {@link #start}
 * returns only when both are ready; {@link #close} stops the server, then closes the store.
 */
public final class Gateway implements AutoCloseable {

  /** How long to wait for the server to bind or to stop before giving up. */
  private static final Duration WAIT = Duration.ofSeconds(10);

  private static final Duration PURGE_EVERY = Duration.ofDays(1);

  private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(Gateway.class);

  private static final TimeUnit MS = TimeUnit.MILLISECONDS;

  /**
   * Event loops, and HTTP servers (one on each): one per core. Vert.x's default of two per core
   * only adds threads (and their stacks) that compete for the same cores.
   */
  static final int EVENT_LOOPS = Math.max(1, Runtime.getRuntime().availableProcessors());

  private final Vertx vertx;
  private final HttpServer server;
  private final Store store;
  private final Accounting accounting;
  private final VirtualKeys keys;
  private final Providers providers;
  private final Optional<String> demoSecret;
  private final Optional<String> adminSecret;
  private final Optional<java.nio.file.Path> initialKeys;
  private final Routes routes;
  private final LivePrices prices;
  private boolean closed;

  private Gateway(
      Vertx vertx,
      HttpServer server,
      Store store,
      Accounting accounting,
      VirtualKeys keys,
      Providers providers,
      Initial initial,
      Routes routes,
      LivePrices prices) {
    this.routes = routes;
    this.prices = prices;
    this.vertx = vertx;
    this.server = server;
    this.store = store;
    this.accounting = accounting;
    this.keys = keys;
    this.providers = providers;
    this.demoSecret = initial.demo();
    this.adminSecret = initial.admin();
    this.initialKeys = initial.file();
  }

  /** The secrets this start created, shown once, and the file they were written to. */
  private record Initial(
      Optional<String> admin, Optional<String> demo, Optional<java.nio.file.Path> file) {}

  /** Makes the providers, once Vert.x runs and the stored credentials are read. */
  @FunctionalInterface
  private interface ProviderSetup {
    Providers apply(Vertx vertx, ProviderCredentials stored, Supplier<Pricer> prices);
  }

  /**
   * Loads the prices {@code config} asks for, then starts as {@link #start(TollgateConfig,
   * InstantSource, PriceBook)} does.
   */
  public static Gateway start(TollgateConfig config, InstantSource clock) {
    return start(config, clock, PriceBook.load(config));
  }

  /**
   * Starts with the enabled entries of {@code providers}, sharing one pooled HTTP client, or with
   * the simulated provider for every model when none is enabled, as {@link #start(TollgateConfig,
   * InstantSource, PriceBook, Provider)} does. Each entry serves both endpoints: natively the one
   * its {@code kind} speaks, the other through {@link Translation}.
   */
  public static Gateway start(TollgateConfig config, InstantSource clock, PriceBook prices) {
    Providers.Views simulated =
        new Providers.Views(new SimulatedProvider(clock), new SimulatedMessagesProvider());
    return start(
        config,
        clock,
        prices,
        (vertx, stored, live) -> {
          // An entry serves if its key variable is set, it needs no key, or a credential was
          // stored for it through the admin API before this start.
          java.util.function.Predicate<TollgateConfig.ProviderEntry> serves =
              e -> e.enabled() || stored.status(e.name()).set();
          if (config.providers().entries().stream().noneMatch(serves)) {
            return Providers.only(simulated);
          }
          io.vertx.core.http.HttpClient client = OpenAiCompatible.client(vertx);
          return Providers.of(
              config.providers(), serves, e -> views(client, e, stored, live, clock), simulated);
        });
  }

  /** The entry's provider in its own format, and translated for the other endpoint. */
  private static Providers.Views views(
      io.vertx.core.http.HttpClient client,
      TollgateConfig.ProviderEntry entry,
      ProviderCredentials stored,
      Supplier<Pricer> prices,
      InstantSource clock) {
    if (entry.isSimulated()) {
      return new Providers.Views(
          new SimulatedProvider(entry.name(), clock, entry.simulated()),
          new SimulatedMessagesProvider(entry.simulated()));
    }
    if (entry.kind().equals("anthropic")) {
      MessagesProvider messages = AnthropicNative.provider(client, entry, stored);
      return new Providers.Views(
          Translation.chatOn(
              messages, m -> ChatCompletions.defaultMaxTokens(prices.get(), m), clock),
          messages);
    }
    Provider chat = OpenAiCompatible.provider(client, entry, stored);
    // OpenAI's reasoning models take only the newer name; many compatible servers only the older.
    String bound =
        entry.catalogProvider().equals("openai") ? "max_completion_tokens" : "max_tokens";
    return new Providers.Views(chat, Translation.messagesOn(chat, bound));
  }

  /**
   * Opens the store in the configured data directory and starts listening, sending every chat
   * completion to {@code provider} whatever {@code config} says of providers; Messages requests go
   * to the simulated provider.
   *
   * @throws StartupException with a one-line reason if either step fails
   */
  public static Gateway start(
      TollgateConfig config, InstantSource clock, PriceBook prices, Provider provider) {
    return start(
        config,
        clock,
        prices,
        (v, stored, live) ->
            Providers.only(new Providers.Views(provider, new SimulatedMessagesProvider())));
  }

  private static Gateway start(
      TollgateConfig config, InstantSource clock, PriceBook prices, ProviderSetup providerSetup) {
    Store store = openStore(config, clock);
    Accounting accounting = null;
    VirtualKeys keys;
    AdminKeys admins;
    ProviderCredentials credentials;
    Initial initial;
    java.util.List<dev.tollgate.budget.BudgetSpec> configuredBudgets;
    RetentionPurge purge;
    LivePrices live;
    try {
      live = new LivePrices(storedOverrides(prices, store));
      // Budgets are validated and their counters rebuilt from the ledger before anything listens.
      accounting = Accounting.open(config, store, clock);
      keys = VirtualKeys.load(store.keys(), clock);
      admins = AdminKeys.load(store.keys(), clock, config.secrets().adminKey());
      credentials = credentials(config, store, clock);
      // Before the keys' own budgets join: only these may be metric labels.
      configuredBudgets = accounting.engine().specs();
      registerKeyBudgets(accounting, keys);
      initial = initialKeys(config, clock, keys, admins);
      purge = new RetentionPurge(store.reports(), config.storage().retention(), clock);
    } catch (RuntimeException e) {
      if (accounting != null) {
        accounting.close();
      }
      store.close();
      throw e;
    }
    // No file cache: Tollgate serves no files, and the cache would create a directory in /tmp.
    Vertx vertx =
        Vertx.vertx(
            new VertxOptions()
                .setPreferNativeTransport(true)
                .setEventLoopPoolSize(EVENT_LOOPS)
                .setFileSystemOptions(
                    new FileSystemOptions()
                        .setFileCachingEnabled(false)
                        .setClassPathResolvingEnabled(false)));
    if (!vertx.isNativeTransportEnabled()) {
      // Bundled for Linux x86-64 only; elsewhere NIO serves, somewhat slower at saturation.
      LOG.info(
          "native transport unavailable, using Java NIO: {}",
          String.valueOf(vertx.unavailableNativeTransportCause()));
    }
    try {
      // At start and then daily, on a worker thread beside the traffic: a day of a 10-million-event
      // ledger takes 10-30 s to purge (docs/BENCHMARKS.md), which would delay readiness, and the
      // purge deletes in small transactions so appends never wait for all of it.
      vertx.executeBlocking(() -> purgeQuietly(purge), false);
      vertx.setPeriodic(
          PURGE_EVERY.toMillis(), id -> vertx.executeBlocking(() -> purgeQuietly(purge), false));
      Providers providers = providerSetup.apply(vertx, credentials, live);
      Router router =
          Router.of(
              config.routing(),
              config.providers().entries(),
              live.get(),
              providers,
              clock,
              config.source().map(p -> p.getFileName().toString()).orElse("tollgate.yaml"));
      // A price change may not take away a model a route is priced as.
      live.guard(router::check);
      Metrics metrics = metrics(config, accounting, router, configuredBudgets);
      // One limiter for every metered endpoint: a key's minute is shared across them.
      RateLimiter limiter = RateLimiter.of(config.rateLimits(), clock);
      // One response cache for every endpoint (its keys include the endpoint), used by the
      // virtual keys that opted in.
      ResponseCache cache = new ResponseCache(config.cache(), clock, VirtualKey::responseCache);
      ChatCompletions chat =
          new ChatCompletions(
              keys,
              live,
              accounting.engine(),
              accounting.writer(),
              providers,
              router,
              limiter,
              cache,
              clock,
              metrics);
      AnthropicMessages anthropic =
          new AnthropicMessages(
              keys,
              live,
              accounting.engine(),
              accounting.writer(),
              providers,
              router,
              limiter,
              cache,
              clock,
              metrics);
      OpenAiText text =
          new OpenAiText(
              keys,
              live,
              accounting.engine(),
              accounting.writer(),
              providers,
              router,
              new SimulatedTextProvider(clock),
              limiter,
              cache,
              clock,
              metrics);
      OpenAiResponses responses =
          new OpenAiResponses(
              keys,
              live,
              accounting.engine(),
              accounting.writer(),
              providers,
              router,
              new SimulatedResponsesProvider(clock),
              limiter,
              clock,
              metrics);
      Routes routes =
          new Routes(
              chat,
              anthropic.messages(),
              anthropic.countTokens(),
              text,
              responses,
              router::health,
              new MetricsEndpoint(metrics, config.metrics()),
              new AdminApi(
                  vertx,
                  admins,
                  AdminTokens.load(store.adminTokens(), clock),
                  new Audit(store.audit(), clock),
                  keys,
                  accounting,
                  new PriceChanges(
                      live,
                      store.priceOverrides(),
                      config.storage().dataDir(),
                      config.pricing().catalog()),
                  credentials,
                  config.providers(),
                  e -> providers.all().stream().anyMatch(p -> p.id().equals(e.name())),
                  clock,
                  store.reports(),
                  store.analysis()));
      HttpServer server = listen(vertx, config.server(), routes);
      // The tokenizers' ranks (about 0.6 s of CPU) load once the gateway listens: loaded beside
      // start-up they took one of the 2 cores from it (start-up to ready 1.55 s -> see
      // docs/BENCHMARKS.md). A request that needs one before it is loaded counts its tokens on a
      // worker thread (InputTokens), never on an event loop, and exactly.
      OpenAiTokenizer.warmUpInBackground();
      return new Gateway(vertx, server, store, accounting, keys, providers, initial, routes, live);
    } catch (RuntimeException e) {
      await(vertx.close());
      accounting.close();
      store.close();
      throw e;
    }
  }

  /**
   * {@code prices} with the overrides stored through the admin API; one whose model the catalog no
   * longer has stays stored, is left out and logged.
   */
  private static PriceBook storedOverrides(PriceBook prices, Store store) {
    PriceBook book = prices.withPriceOverrides(store.priceOverrides().all());
    book.skipped().forEach(why -> LOG.warn("{}: left out until the model is back", why));
    return book;
  }

  /**
   * The metrics {@code config} asks for: off, or Prometheus with the gauges of the configured
   * budgets, the ledger writer and the deployments' breakers.
   */
  private static Metrics metrics(
      TollgateConfig config,
      Accounting accounting,
      Router router,
      java.util.List<dev.tollgate.budget.BudgetSpec> budgets) {
    if (!config.metrics().enabled()) {
      return Metrics.off();
    }
    PrometheusMetrics metrics = Metrics.prometheus();
    Gauges.budgets(metrics, accounting.engine(), budgets);
    Gauges.ledger(metrics, accounting.writer());
    Gauges.breakers(metrics, router::health);
    return metrics;
  }

  private static ProviderCredentials credentials(
      TollgateConfig config, Store store, InstantSource clock) {
    try {
      return ProviderCredentials.load(store.credentials(), clock, config.secrets().masterKey());
    } catch (IllegalArgumentException e) {
      throw new StartupException(e.getMessage());
    }
  }

  private static void registerKeyBudgets(Accounting accounting, VirtualKeys keys) {
    try {
      accounting.keyBudgets().registerAll(keys.all());
    } catch (IllegalArgumentException e) {
      throw new StartupException("the budgets of the virtual keys: " + e.getMessage());
    }
    // Every budget is registered now: the emergency overrides still in force go back on theirs.
    accounting.overrides().restore();
  }

  /**
   * Creates the admin key if the store has none, and the demo key if it has no virtual key, and
   * writes what it created to {@link InitialKeysFile} with owner-only permissions.
   */
  private static Initial initialKeys(
      TollgateConfig config, InstantSource clock, VirtualKeys keys, AdminKeys admins) {
    Optional<String> admin = admins.createIfNone();
    Optional<String> demo = keys.createDemoKeyIfNone();
    if (admin.isEmpty() && demo.isEmpty()) {
      return new Initial(admin, demo, Optional.empty());
    }
    try {
      return new Initial(
          admin,
          demo,
          Optional.of(
              InitialKeysFile.write(
                  config.storage().dataDir(),
                  admin.orElse("(exists already; not shown again)"),
                  demo.orElse("(exists already; not shown again)"),
                  clock.instant())));
    } catch (java.io.UncheckedIOException e) {
      throw new StartupException(e.getMessage());
    }
  }

  private static Store openStore(TollgateConfig config, InstantSource clock) {
    try {
      return Store.openSqlite(config.storage().dataDir(), clock);
    } catch (StoreException e) {
      throw new StartupException(e.getMessage());
    }
  }

  /**
   * Listens with one server per event loop, all on the same port (Vert.x shares it and spreads the
   * accepted connections round-robin). One server would run every request, and the upstream calls
   * it makes, on a single event loop, so a 2-core machine could use only one core for the proxy.
   * The servers are deployed as verticle instances because each instance gets its own event loop;
   * servers created from one non-Vert.x thread would all share that thread's single context.
   * Returns one of them (all have the same port); they close with {@code vertx}.
   */
  private static HttpServer listen(Vertx vertx, TollgateConfig.Server address, Routes routes) {
    String where = address.host() + ":" + address.port();
    HttpServerOptions options =
        new HttpServerOptions()
            .setHost(address.host())
            .setPort(address.port())
            .setTcpNoDelay(true)
            // No WebSocket route exists; supporting their compression puts an extension handler
            // in every connection's pipeline that every response write passes through.
            .setPerMessageWebSocketCompressionSupported(false)
            .setPerFrameWebSocketCompressionSupported(false);
    Queue<HttpServer> servers = new ConcurrentLinkedQueue<>();
    Supplier<VerticleBase> instance =
        () ->
            new VerticleBase() {
              @Override
              public Future<?> start() {
                return vertx
                    .createHttpServer(options)
                    .requestHandler(routes)
                    .listen()
                    .onSuccess(servers::add);
              }
            };
    try {
      vertx
          .deployVerticle(instance, new DeploymentOptions().setInstances(EVENT_LOOPS))
          .toCompletionStage()
          .toCompletableFuture()
          .get(WAIT.toMillis(), MS);
      return servers.element();
    } catch (ExecutionException e) {
      throw new StartupException("cannot listen on " + where + ": " + reason(e.getCause()));
    } catch (TimeoutException e) {
      throw new StartupException("cannot listen on " + where + ": no answer within " + WAIT);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new StartupException("interrupted while starting to listen on " + where);
    }
  }

  private static String reason(Throwable cause) {
    String message = String.valueOf(cause.getMessage());
    if (cause instanceof BindException || message.contains("Address already in use")) {
      return "the port is already in use (set server.port in tollgate.yaml or TOLLGATE_PORT)";
    }
    return cause.getClass().getSimpleName() + ": " + message;
  }

  private static void await(Future<?> future) {
    try {
      future.toCompletionStage().toCompletableFuture().get(WAIT.toMillis(), MS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (ExecutionException | TimeoutException e) {
      // Shutting down anyway; nothing better to do than carry on closing the rest.
    }
  }

  /**
   * Every route the server dispatches, as {@code "METHOD /path"} with admin path templates such as
   * {@code /admin/v1/keys/{id}}: what {@code /openapi.json} must document.
   */
  java.util.List<String> servedRoutes() {
    return routes.served();
  }

  /** The port the server listens on; differs from the configured one when that was 0. */
  public int port() {
    return server.actualPort();
  }

  /**
   * Whether the event loops run on Netty's native epoll transport (Linux x86-64, bundled) rather
   * than Java NIO: 13.5-14.5k against 11.2-12.6k rps at saturation on the bench machine
   * (docs/BENCHMARKS.md).
   */
  public boolean nativeTransport() {
    return vertx.isNativeTransportEnabled();
  }

  /** The budgets and the ledger. */
  public Accounting accounting() {
    return accounting;
  }

  /** The prices in force, which the admin API may change while the gateway runs. */
  public LivePrices prices() {
    return prices;
  }

  /** The virtual keys. */
  public VirtualKeys keys() {
    return keys;
  }

  /** The providers that serve requests, and how a model is routed to one. */
  public Providers providers() {
    return providers;
  }

  /**
   * The secret of the demo key, if this start created it; it is stored nowhere, only its hash is.
   */
  public Optional<String> demoKeySecret() {
    return demoSecret;
  }

  /** The secret of the admin key, if this start created it; only its hash is stored. */
  public Optional<String> adminKeySecret() {
    return adminSecret;
  }

  /** The file this start wrote the new keys to, if it created any. */
  public Optional<java.nio.file.Path> initialKeysFile() {
    return initialKeys;
  }

  private static Void purgeQuietly(RetentionPurge purge) {
    try {
      purge.run();
    } catch (RuntimeException e) {
      // The next day's run tries again; serving requests does not depend on it.
      LOG.error("retention purge failed", e);
    }
    return null;
  }

  /** The store the gateway keeps its data in. */
  public Store store() {
    return store;
  }

  /**
   * Stops accepting requests, flushes the ledger writer, then closes the store; idempotent and safe
   * from a shutdown hook.
   */
  @Override
  public synchronized void close() {
    if (closed) {
      return;
    }
    closed = true;
    await(vertx.close());
    accounting.close();
    store.close();
  }
}

package dev.tollgate.server;

import dev.tollgate.accounting.Accounting;
import dev.tollgate.catalog.PriceBook;
import dev.tollgate.config.TollgateConfig;
import dev.tollgate.keys.VirtualKeys;
import dev.tollgate.provider.MessagesProvider;
import dev.tollgate.provider.Provider;
import dev.tollgate.provider.simulated.SimulatedMessagesProvider;
import dev.tollgate.provider.simulated.SimulatedProvider;
import dev.tollgate.provider.simulated.SimulatedTextProvider;
import dev.tollgate.proxy.AnthropicMessages;
import dev.tollgate.proxy.ChatCompletions;
import dev.tollgate.proxy.OpenAiText;
import dev.tollgate.store.Store;
import dev.tollgate.store.StoreException;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.file.FileSystemOptions;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import java.net.BindException;
import java.time.Duration;
import java.time.InstantSource;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * A running Tollgate: the store, opened and migrated, and the HTTP server listening. {@link #start}
 * returns only when both are ready; {@link #close} stops the server, then closes the store.
 */
public final class Gateway implements AutoCloseable {

  /** How long to wait for the server to bind or to stop before giving up. */
  private static final Duration WAIT = Duration.ofSeconds(10);

  private static final TimeUnit MS = TimeUnit.MILLISECONDS;

  private final Vertx vertx;
  private final HttpServer server;
  private final Store store;
  private final Accounting accounting;
  private final VirtualKeys keys;
  private final Provider provider;
  private final Optional<String> demoSecret;
  private boolean closed;

  private Gateway(
      Vertx vertx,
      HttpServer server,
      Store store,
      Accounting accounting,
      VirtualKeys keys,
      Provider provider,
      Optional<String> demoSecret) {
    this.vertx = vertx;
    this.server = server;
    this.store = store;
    this.accounting = accounting;
    this.keys = keys;
    this.provider = provider;
    this.demoSecret = demoSecret;
  }

  /**
   * Loads the prices {@code config} asks for, then starts as {@link #start(TollgateConfig,
   * InstantSource, PriceBook)} does.
   */
  public static Gateway start(TollgateConfig config, InstantSource clock) {
    return start(config, clock, PriceBook.load(config));
  }

  /**
   * Starts with the simulated provider, the only one until the provider adapters exist (see the
   * data-plane issue), as {@link #start(TollgateConfig, InstantSource, PriceBook, Provider)} does.
   */
  public static Gateway start(TollgateConfig config, InstantSource clock, PriceBook prices) {
    return start(config, clock, prices, new SimulatedProvider(clock));
  }

  /**
   * Opens the store in the configured data directory and starts listening, sending every chat
   * completion to {@code provider}.
   *
   * @throws StartupException with a one-line reason if either step fails
   */
  public static Gateway start(
      TollgateConfig config, InstantSource clock, PriceBook prices, Provider provider) {
    Store store = openStore(config, clock);
    Accounting accounting;
    VirtualKeys keys;
    Optional<String> demoSecret;
    try {
      // Budgets are validated and their counters rebuilt from the ledger before anything listens.
      accounting = Accounting.open(config, store, clock);
      keys = VirtualKeys.load(store.keys(), clock);
      demoSecret = keys.createDemoKeyIfNone();
    } catch (RuntimeException e) {
      store.close();
      throw e;
    }
    // No file cache: Tollgate serves no files, and the cache would create a directory in /tmp.
    Vertx vertx =
        Vertx.vertx(
            new VertxOptions()
                .setFileSystemOptions(
                    new FileSystemOptions()
                        .setFileCachingEnabled(false)
                        .setClassPathResolvingEnabled(false)));
    try {
      ChatCompletions chat =
          new ChatCompletions(
              keys, prices.pricer(), accounting.engine(), accounting.writer(), provider, clock);
      // Every model, Claude or not, is served by the simulated provider until real ones exist.
      MessagesProvider simulated =
          provider instanceof MessagesProvider m ? m : new SimulatedMessagesProvider();
      AnthropicMessages anthropic =
          new AnthropicMessages(
              keys, prices.pricer(), accounting.engine(), accounting.writer(), simulated, clock);
      OpenAiText text =
          new OpenAiText(
              keys,
              prices.pricer(),
              accounting.engine(),
              accounting.writer(),
              new SimulatedTextProvider(clock),
              clock);
      HttpServer server =
          listen(
              vertx,
              config.server(),
              new Routes(chat, anthropic.messages(), anthropic.countTokens(), text));
      return new Gateway(vertx, server, store, accounting, keys, provider, demoSecret);
    } catch (RuntimeException e) {
      await(vertx.close());
      accounting.close();
      store.close();
      throw e;
    }
  }

  private static Store openStore(TollgateConfig config, InstantSource clock) {
    try {
      return Store.openSqlite(config.storage().dataDir(), clock);
    } catch (StoreException e) {
      throw new StartupException(e.getMessage());
    }
  }

  private static HttpServer listen(Vertx vertx, TollgateConfig.Server address, Routes routes) {
    HttpServer server =
        vertx
            .createHttpServer(
                new HttpServerOptions().setHost(address.host()).setPort(address.port()))
            .requestHandler(routes);
    String where = address.host() + ":" + address.port();
    try {
      return server.listen().toCompletionStage().toCompletableFuture().get(WAIT.toMillis(), MS);
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

  /** The port the server listens on; differs from the configured one when that was 0. */
  public int port() {
    return server.actualPort();
  }

  /** The budgets and the ledger. */
  public Accounting accounting() {
    return accounting;
  }

  /** The virtual keys. */
  public VirtualKeys keys() {
    return keys;
  }

  /** The provider that serves requests. */
  public Provider provider() {
    return provider;
  }

  /**
   * The secret of the demo key, if this start created it; it is stored nowhere, only its hash is.
   */
  public Optional<String> demoKeySecret() {
    return demoSecret;
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

package dev.tollgate.provider.openai;

import dev.tollgate.config.TollgateConfig.ProviderEntry;
import dev.tollgate.credentials.ProviderCredentials;
import dev.tollgate.provider.Provider;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpVersion;
import io.vertx.core.http.PoolOptions;

/**
 * Creates providers that speak OpenAI's API (chat completions, text completions, embeddings and,
 * where the entry says so, the Responses API) to a configured base URL, Azure OpenAI's included.
 */
public final class OpenAiCompatible {

  /**
   * Connections kept per upstream host. 64 keep-alive connections carry thousands of requests a
   * second at the 10–50 ms an upstream's first byte takes; a stream holds its connection to the
   * end, so this also bounds concurrent streams per host before requests queue.
   */
  static final int POOL_SIZE = 64;

  private OpenAiCompatible() {}

  /**
   * The HTTP client every upstream call on {@code vertx} goes through: HTTP/1.1 keep-alive, a pool
   * of {@value #POOL_SIZE} connections per host on each event loop ({@link PerLoopClient}), TLS
   * with SNI and the JDK's trust store.
   */
  public static HttpClient client(Vertx vertx) {
    HttpClientOptions options =
        new HttpClientOptions()
            .setProtocolVersion(HttpVersion.HTTP_1_1)
            .setKeepAlive(true)
            .setKeepAliveTimeout(60)
            .setForceSni(true)
            .setTcpNoDelay(true)
            .setMaxInitialLineLength(8_192)
            .setName("tollgate-upstream");
    return new PerLoopClient(vertx, options, new PoolOptions().setHttp1MaxSize(POOL_SIZE));
  }

  /**
   * A provider for {@code entry}, sending its requests through {@code client}; it is also the
   * entry's {@link dev.tollgate.provider.TextProvider} and {@link
   * dev.tollgate.provider.ResponsesProvider}.
   */
  public static Provider provider(HttpClient client, ProviderEntry entry) {
    return new OpenAiCompatibleProvider(client, entry, ProviderCredentials.none());
  }

  /**
   * A provider for {@code entry} that sends the key of its variable if set, else the credential
   * {@code stored} holds for it at the time of each request.
   */
  public static Provider provider(
      HttpClient client, ProviderEntry entry, ProviderCredentials stored) {
    return new OpenAiCompatibleProvider(client, entry, stored);
  }
}

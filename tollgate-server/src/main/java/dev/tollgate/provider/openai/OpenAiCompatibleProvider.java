package dev.tollgate.provider.openai;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tollgate.config.TollgateConfig.ProviderEntry;
import dev.tollgate.provider.ChatCall;
import dev.tollgate.provider.Provider;
import dev.tollgate.provider.ProviderResponse;
import dev.tollgate.provider.http.UpstreamHttp;
import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.http.RequestOptions;

/**
 * Sends chat completions to an OpenAI-compatible {@code base_url}. The client's body goes upstream
 * as it came, except the model, which loses the entry's {@code catalog_provider/} prefix. Streams
 * are passed on chunk by chunk, pausing the upstream while the client's write queue is full. The
 * key goes only into the {@code Authorization} header, and no header is ever logged.
 */
final class OpenAiCompatibleProvider implements Provider {

  private final UpstreamHttp http;
  private final ProviderEntry entry;
  private final String url;
  private final String authorization;

  OpenAiCompatibleProvider(HttpClient client, ProviderEntry entry) {
    this.http = new UpstreamHttp(client, entry);
    this.entry = entry;
    this.url = entry.baseUrl() + "/chat/completions";
    this.authorization = entry.apiKey().map(k -> "Bearer " + k.reveal()).orElse(null);
  }

  @Override
  public String id() {
    return entry.name();
  }

  @Override
  public Future<ProviderResponse> chat(ChatCall call) {
    return http.send(options(false), http.upstreamBody(call));
  }

  @Override
  public Future<Void> chatStream(ChatCall call, Handler<ObjectNode> chunks) {
    return chatStream(call, chunks, null);
  }

  @Override
  public Future<Void> chatStream(
      ChatCall call, Handler<ObjectNode> chunks, HttpServerResponse out) {
    return http.stream(
        options(true), http.upstreamBody(call), event -> chunks.handle(event.data()), out);
  }

  private RequestOptions options(boolean stream) {
    RequestOptions options = http.post(url, stream);
    if (authorization != null) {
      options.putHeader("authorization", authorization);
    }
    return options;
  }
}

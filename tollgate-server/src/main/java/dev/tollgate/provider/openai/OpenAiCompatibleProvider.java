package dev.tollgate.provider.openai;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tollgate.config.TollgateConfig.ProviderEntry;
import dev.tollgate.credentials.ProviderCredentials;
import dev.tollgate.provider.ChatCall;
import dev.tollgate.provider.Provider;
import dev.tollgate.provider.ProviderResponse;
import dev.tollgate.provider.ResponsesProvider;
import dev.tollgate.provider.TextProvider;
import dev.tollgate.provider.http.UpstreamHttp;
import dev.tollgate.provider.openai.Upstream.Endpoint;
import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.http.RequestOptions;

/**
 * Sends chat completions, text completions, embeddings and Responses requests to an
 * OpenAI-compatible upstream, at the addresses {@link Upstream} works out (Azure's included). The
 * client's body goes upstream as it came, except the model, which loses the entry's {@code
 * catalog_provider/} prefix (and becomes the deployment on Azure). Streams are passed on event by
 * event ({@code event:} names are dropped: a Responses event's data repeats its name as {@code
 * type}), pausing the upstream while the client's write queue is full. The key goes only into its
 * header, and no header is ever logged.
 */
final class OpenAiCompatibleProvider implements Provider, TextProvider, ResponsesProvider {

  private final UpstreamHttp http;
  private final ProviderEntry entry;
  private final Upstream upstream;

  OpenAiCompatibleProvider(HttpClient client, ProviderEntry entry, ProviderCredentials stored) {
    this.http = new UpstreamHttp(client, entry);
    this.entry = entry;
    this.upstream = new Upstream(entry, stored);
  }

  @Override
  public String id() {
    return entry.name();
  }

  @Override
  public boolean servesResponses() {
    return entry.responses();
  }

  @Override
  public Future<ProviderResponse> chat(ChatCall call) {
    return send(Endpoint.CHAT, call);
  }

  @Override
  public Future<ProviderResponse> completions(ChatCall call) {
    return send(Endpoint.COMPLETIONS, call);
  }

  @Override
  public Future<ProviderResponse> embeddings(ChatCall call) {
    return send(Endpoint.EMBEDDINGS, call);
  }

  @Override
  public Future<ProviderResponse> responses(ChatCall call) {
    return send(Endpoint.RESPONSES, call);
  }

  @Override
  public Future<Void> responsesStream(
      ChatCall call, Handler<ObjectNode> events, HttpServerResponse out) {
    return stream(Endpoint.RESPONSES, call, events, out);
  }

  @Override
  public Future<Void> chatStream(ChatCall call, Handler<ObjectNode> chunks) {
    return chatStream(call, chunks, null);
  }

  @Override
  public Future<Void> chatStream(
      ChatCall call, Handler<ObjectNode> chunks, HttpServerResponse out) {
    return stream(Endpoint.CHAT, call, chunks, out);
  }

  private Future<ProviderResponse> send(Endpoint endpoint, ChatCall call) {
    String model = upstream.model(call.model());
    return http.send(options(endpoint, model, false), UpstreamHttp.withModel(call.body(), model));
  }

  private Future<Void> stream(
      Endpoint endpoint, ChatCall call, Handler<ObjectNode> chunks, HttpServerResponse out) {
    String model = upstream.model(call.model());
    return http.stream(
        options(endpoint, model, true),
        UpstreamHttp.withModel(call.body(), model),
        event -> chunks.handle(event.data()),
        out);
  }

  private RequestOptions options(Endpoint endpoint, String model, boolean stream) {
    RequestOptions options = http.post(upstream.url(endpoint, model), stream);
    String key = upstream.keyValue();
    if (key != null) {
      options.putHeader(upstream.keyHeader(), key);
    }
    return options;
  }
}

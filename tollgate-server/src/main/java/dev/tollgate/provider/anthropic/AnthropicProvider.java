package dev.tollgate.provider.anthropic;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tollgate.config.TollgateConfig.ProviderEntry;
import dev.tollgate.credentials.ProviderCredentials;
import dev.tollgate.provider.ChatCall;
import dev.tollgate.provider.MessagesProvider;
import dev.tollgate.provider.ProviderResponse;
import dev.tollgate.provider.UpstreamStatusException;
import dev.tollgate.provider.http.UpstreamHttp;
import dev.tollgate.provider.http.UpstreamHttp.SseEvent;
import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.http.RequestOptions;
import java.util.Optional;

/**
 * Sends Messages requests to Anthropic's {@code POST {base_url}/v1/messages}, with the key in
 * {@code x-api-key} and {@code anthropic-version: 2023-06-01}; a client's {@code anthropic-beta}
 * header, which the endpoint puts in the body's {@value #BETA_FIELD}, goes along. The body goes
 * upstream as it came except the model, which loses the entry's {@code catalog_provider/} prefix.
 * Streams are passed on event by event; an {@code error} event fails the stream with the status
 * Anthropic gives that error type, a refusal before the first event as {@link
 * UpstreamStatusException}.
 */
final class AnthropicProvider implements MessagesProvider {

  /**
   * Where the endpoint leaves the client's {@code anthropic-beta} header for the upstream; taken
   * out of the body before it is sent.
   */
  static final String BETA_FIELD = MessagesProvider.BETA_FIELD;

  private final UpstreamHttp http;
  private final ProviderEntry entry;
  private final String url;
  private final String countUrl;
  private final String key;
  private final ProviderCredentials stored;

  AnthropicProvider(HttpClient client, ProviderEntry entry, ProviderCredentials stored) {
    this.http = new UpstreamHttp(client, entry);
    this.entry = entry;
    this.url = entry.baseUrl() + "/v1/messages";
    this.countUrl = url + "/count_tokens";
    this.key = entry.apiKey().map(k -> k.reveal()).orElse(null);
    this.stored = stored;
  }

  @Override
  public String id() {
    return entry.name();
  }

  @Override
  public Future<ProviderResponse> messages(ChatCall call) {
    return http.send(options(url, false, call.body()), body(call));
  }

  /** Forwards to {@code /v1/messages/count_tokens}, which Anthropic does not bill. */
  @Override
  public Optional<Future<ProviderResponse>> countTokens(ChatCall call) {
    return Optional.of(http.send(options(countUrl, false, call.body()), body(call)));
  }

  @Override
  public Future<Void> messagesStream(ChatCall call, Handler<Event> events) {
    return messagesStream(call, events, null);
  }

  @Override
  public Future<Void> messagesStream(ChatCall call, Handler<Event> events, HttpServerResponse out) {
    boolean[] started = {false};
    return http.stream(
        options(url, true, call.body()), body(call), e -> relay(e, events, started), out);
  }

  /** Passes an event on; an {@code error} event ends the stream with Anthropic's status for it. */
  private void relay(SseEvent e, Handler<Event> events, boolean[] started) {
    String name = e.name().isEmpty() ? e.data().path("type").asText() : e.name();
    if ("error".equals(name)) {
      String type = e.data().path("error").path("type").asText("api_error");
      ProviderResponse refusal = new ProviderResponse(AnthropicErrors.status(type), e.data());
      if (!started[0]) {
        throw new UpstreamStatusException(refusal);
      }
      throw AnthropicErrors.midStream(entry.name(), refusal);
    }
    started[0] = true;
    events.handle(new Event(name, e.data()));
  }

  private RequestOptions options(String to, boolean stream, ObjectNode request) {
    RequestOptions options =
        http.post(to, stream).putHeader("anthropic-version", AnthropicNative.VERSION);
    // The variable's key, else one stored through the admin API, read per request.
    String apiKey = key != null ? key : stored.current(entry.name()).orElse(null);
    if (apiKey != null) {
      options.putHeader("x-api-key", apiKey);
    }
    String beta = request.path(BETA_FIELD).asText("");
    if (!beta.isEmpty()) {
      options.putHeader("anthropic-beta", beta);
    }
    return options;
  }

  /** The body to send: the client's, with the upstream model id and without the beta field. */
  private ObjectNode body(ChatCall call) {
    return UpstreamHttp.withModel(call.body(), http.bareModel(call.model()), BETA_FIELD);
  }
}

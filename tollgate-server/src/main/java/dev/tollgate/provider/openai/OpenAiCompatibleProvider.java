package dev.tollgate.provider.openai;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tollgate.config.TollgateConfig.ProviderEntry;
import dev.tollgate.credentials.ProviderCredentials;
import dev.tollgate.provider.ChatCall;
import dev.tollgate.provider.Provider;
import dev.tollgate.provider.ProviderResponse;
import dev.tollgate.provider.ResponsesProvider;
import dev.tollgate.provider.TextProvider;
import dev.tollgate.provider.UpstreamStatusException;
import dev.tollgate.provider.openai.Upstream.Endpoint;
import dev.tollgate.proxy.ProxyException;
import dev.tollgate.proxy.openai.OpenAiCodec;
import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.Promise;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientRequest;
import io.vertx.core.http.HttpClientResponse;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.parsetools.RecordParser;
import java.io.IOException;
import java.net.ConnectException;
import java.util.OptionalLong;
import java.util.concurrent.TimeoutException;

/**
 * Sends chat completions, text completions, embeddings and Responses requests to an
 * OpenAI-compatible upstream, at the addresses {@link Upstream} works out (Azure's included). The
 * client's body goes upstream as it came, except the model, which loses the entry's {@code
 * catalog_provider/} prefix (and becomes the deployment on Azure). Streams are passed on event by
 * event, pausing the upstream while the client's write queue is full. The key goes only into its
 * header, and no header is ever logged.
 */
final class OpenAiCompatibleProvider implements Provider, TextProvider, ResponsesProvider {

  /** A connection that cannot be opened within this is refused rather than waited on. */
  private static final long CONNECT_TIMEOUT_MS = 10_000;

  private final HttpClient client;
  private final ProviderEntry entry;
  private final Upstream upstream;

  OpenAiCompatibleProvider(HttpClient client, ProviderEntry entry, ProviderCredentials stored) {
    this.client = client;
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

  private Future<ProviderResponse> send(Endpoint endpoint, ChatCall call) {
    String model = upstream.model(call.model());
    return client
        .request(options(endpoint, model, false))
        .compose(request -> request.send(body(call, model)))
        .compose(response -> response.body().map(bytes -> answer(response, bytes)))
        .recover(e -> Future.failedFuture(translate(e)));
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

  private Future<Void> stream(
      Endpoint endpoint, ChatCall call, Handler<ObjectNode> chunks, HttpServerResponse out) {
    String model = upstream.model(call.model());
    Promise<Void> done = Promise.promise();
    client
        .request(options(endpoint, model, true))
        .onFailure(done::tryFail)
        .onSuccess(
            request -> {
              if (out != null) {
                // The client went away: cut the upstream so it stops generating (and billing).
                out.closeHandler(
                    v -> {
                      request.reset();
                      done.tryFail(new ClientGone());
                    });
              }
              request
                  .send(body(call, model))
                  .onFailure(done::tryFail)
                  .onSuccess(response -> read(response, request, chunks, out, done));
            });
    return done.future().recover(e -> Future.failedFuture(translate(e)));
  }

  private void read(
      HttpClientResponse response,
      HttpClientRequest request,
      Handler<ObjectNode> chunks,
      HttpServerResponse out,
      Promise<Void> done) {
    if (response.statusCode() / 100 != 2) {
      response
          .body()
          .onFailure(done::tryFail)
          .onSuccess(b -> done.tryFail(new UpstreamStatusException(answer(response, b))));
      return;
    }
    RecordParser lines = RecordParser.newDelimited("\n", response);
    response.exceptionHandler(done::tryFail);
    lines.exceptionHandler(done::tryFail);
    lines.endHandler(v -> done.tryComplete());
    lines.handler(
        line -> {
          ObjectNode chunk;
          try {
            chunk = event(line);
          } catch (ProxyException e) {
            request.reset();
            done.tryFail(e);
            return;
          }
          if (chunk == null || done.future().isComplete()) {
            return;
          }
          chunks.handle(chunk);
          if (out != null && out.writeQueueFull()) {
            lines.pause();
            out.drainHandler(d -> lines.resume());
          }
        });
  }

  /** The upstream's answer with the wait it asks for, if any. */
  private ProviderResponse answer(HttpClientResponse response, Buffer bytes) {
    return new ProviderResponse(
        response.statusCode(),
        json(bytes),
        ProviderResponse.retryAfter(
            response.getHeader("retry-after-ms"), response.getHeader("retry-after")));
  }

  /**
   * The chunk an SSE line carries, or null for blank lines, comments, other fields ({@code event:}
   * names included: a Responses event's data repeats its name as {@code type}) and [DONE].
   */
  private ObjectNode event(Buffer line) {
    int end = line.length();
    if (end > 0 && line.getByte(end - 1) == '\r') {
      end--;
    }
    if (end < 5 || !line.getString(0, 5).equals("data:")) {
      return null;
    }
    String data = line.getString(5, end).strip();
    if (data.equals("[DONE]")) {
      return null;
    }
    try {
      JsonNode node = OpenAiCodec.JSON.readTree(data);
      if (node instanceof ObjectNode chunk) {
        return chunk;
      }
    } catch (JsonProcessingException e) {
      // Falls through to the error below; the broken text is not echoed back.
    }
    throw upstream(502, "upstream_malformed", "sent a stream event that is not a JSON object");
  }

  private RequestOptions options(Endpoint endpoint, String model, boolean stream) {
    RequestOptions options =
        new RequestOptions()
            .setMethod(HttpMethod.POST)
            .setAbsoluteURI(upstream.url(endpoint, model))
            .setConnectTimeout(Math.min(CONNECT_TIMEOUT_MS, entry.timeout().toMillis()))
            .setIdleTimeout(entry.timeout().toMillis())
            .putHeader("content-type", "application/json")
            .putHeader("accept", stream ? "text/event-stream" : "application/json");
    String key = upstream.keyValue();
    if (key != null) {
      options.putHeader(upstream.keyHeader(), key);
    }
    return options;
  }

  /** The body to send: the client's, with the upstream {@code model} if it differs. */
  private static Buffer body(ChatCall call, String model) {
    ObjectNode body = call.body();
    if (!model.equals(body.path("model").asText())) {
      // A shallow copy: the call's body stays as the gateway decided it, and no message is copied.
      ObjectNode copy = JsonNodeFactory.instance.objectNode();
      copy.setAll(body);
      copy.put("model", model);
      body = copy;
    }
    try {
      return Buffer.buffer(OpenAiCodec.JSON.writeValueAsBytes(body));
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("a parsed body could not be written back", e);
    }
  }

  /** The upstream's body as JSON; a body that is not a JSON object is wrapped in an error. */
  private ObjectNode json(Buffer bytes) {
    try {
      if (OpenAiCodec.JSON.readTree(bytes.getBytes()) instanceof ObjectNode body) {
        return body;
      }
    } catch (IOException e) {
      // Handled below.
    }
    throw upstream(502, "upstream_malformed", "answered with a body that is not a JSON object");
  }

  private Throwable translate(Throwable e) {
    if (e instanceof ProxyException || e instanceof UpstreamStatusException) {
      return e;
    }
    if (e instanceof TimeoutException || e.getClass().getSimpleName().contains("Timeout")) {
      return upstream(
          504,
          "upstream_timeout",
          "did not answer within " + entry.timeout().toSeconds() + " s (timeout_seconds)");
    }
    if (e instanceof ConnectException) {
      return upstream(502, "upstream_unavailable", "could not be reached at " + entry.baseUrl());
    }
    if (e instanceof ClientGone) {
      return e;
    }
    return upstream(
        502,
        "upstream_unavailable",
        "failed: " + e.getClass().getSimpleName() + ": " + e.getMessage());
  }

  private ProxyException upstream(int status, String code, String what) {
    String type = status == 504 ? "upstream_timeout" : "upstream_error";
    return new ProxyException(
        status,
        type,
        code,
        null,
        "The provider '" + entry.name() + "' " + what + ".",
        OptionalLong.empty());
  }

  /** The client closed its stream; nobody will read an answer. No stack trace: not a bug. */
  private static final class ClientGone extends IOException {
    ClientGone() {
      super("the client closed the stream");
    }

    @Override
    public synchronized Throwable fillInStackTrace() {
      return this;
    }
  }
}

package dev.tollgate.server;

import dev.tollgate.proxy.OpenAiText;
import dev.tollgate.routing.Breaker;
import io.vertx.core.Handler;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.List;
import java.util.Locale;
import java.util.function.Supplier;

/**
 * The HTTP routes that exist today: a health check. Everything else answers 404 with an error body
 * in OpenAI's shape, which is what the SDKs pointed at Tollgate know how to show; and {@code POST
 * /v1/chat/completions}, the first proxy endpoint, Anthropic's {@code POST /v1/messages} and {@code
 * POST /v1/messages/count_tokens}, and OpenAI's {@code GET /v1/models}, {@code POST
 * /v1/embeddings}, {@code POST /v1/completions} and {@code POST /v1/responses}.
 */
final class Routes implements Handler<HttpServerRequest> {

  /** The admin API, {@code Authorization: Bearer <admin key>}. */
  static final String ADMIN = dev.tollgate.admin.AdminApi.PREFIX;

  /** OpenAI's chat-completions path. */
  static final String CHAT_COMPLETIONS = "/v1/chat/completions";

  /** Anthropic's Messages path. */
  static final String MESSAGES = "/v1/messages";

  /** Anthropic's token-counting path. */
  static final String COUNT_TOKENS = "/v1/messages/count_tokens";

  /** OpenAI's model list. */
  static final String MODELS = "/v1/models";

  /** OpenAI's embeddings path. */
  static final String EMBEDDINGS = "/v1/embeddings";

  /** OpenAI's legacy text-completions path. */
  static final String COMPLETIONS = "/v1/completions";

  /** OpenAI's Responses API path. */
  static final String RESPONSES = "/v1/responses";

  private final Handler<HttpServerRequest> chat;
  private final Handler<HttpServerRequest> responses;
  private final Handler<HttpServerRequest> messages;
  private final Handler<HttpServerRequest> countTokens;
  private final OpenAiText text;
  private final Handler<HttpServerRequest> admin;
  private final MetricsEndpoint metrics;

  /** The deployments' circuit breakers, reported by the health check. */
  private final Supplier<List<Breaker.Snapshot>> breakers;

  Routes(
      Handler<HttpServerRequest> chat,
      Handler<HttpServerRequest> messages,
      Handler<HttpServerRequest> countTokens,
      OpenAiText text,
      Handler<HttpServerRequest> responses,
      Supplier<List<Breaker.Snapshot>> breakers,
      MetricsEndpoint metrics,
      Handler<HttpServerRequest> admin) {
    this.metrics = metrics;
    this.breakers = breakers;
    this.admin = admin;
    this.chat = chat;
    this.responses = responses;
    this.messages = messages;
    this.countTokens = countTokens;
    this.text = text;
  }

  /**
   * The health check path; answers {@code status: ok} while the process can serve requests, with
   * the state of every deployment's circuit breaker (an open breaker is not the gateway's ill
   * health: other deployments and fallbacks still serve).
   */
  static final String HEALTHZ = "/healthz";

  @Override
  public void handle(HttpServerRequest request) {
    if (request.method() == HttpMethod.GET && HEALTHZ.equals(request.path())) {
      respond(request, 200, health());
      return;
    }
    if (request.method() == HttpMethod.GET && MetricsEndpoint.PATH.equals(request.path())) {
      metrics.handle(request);
      return;
    }
    if (request.path().startsWith(ADMIN + "/") || request.path().equals(ADMIN)) {
      admin.handle(request);
      return;
    }
    if (request.method() == HttpMethod.POST && CHAT_COMPLETIONS.equals(request.path())) {
      chat.handle(request);
      return;
    }
    if (request.method() == HttpMethod.POST && MESSAGES.equals(request.path())) {
      messages.handle(request);
      return;
    }
    if (request.method() == HttpMethod.POST && COUNT_TOKENS.equals(request.path())) {
      countTokens.handle(request);
      return;
    }
    if (request.method() == HttpMethod.GET && MODELS.equals(request.path())) {
      text.models().handle(request);
      return;
    }
    if (request.method() == HttpMethod.POST && EMBEDDINGS.equals(request.path())) {
      text.embeddings().handle(request);
      return;
    }
    if (request.method() == HttpMethod.POST && COMPLETIONS.equals(request.path())) {
      text.completions().handle(request);
      return;
    }
    if (request.method() == HttpMethod.POST && RESPONSES.equals(request.path())) {
      responses.handle(request);
      return;
    }
    String message = "no route for " + request.method().name() + " " + request.path();
    respond(request, 404, error("not_found", message));
  }

  private String health() {
    JsonArray deployments = new JsonArray();
    for (Breaker.Snapshot b : breakers.get()) {
      JsonObject d =
          new JsonObject()
              .put("name", b.name())
              .put("state", b.state().name().toLowerCase(Locale.ROOT))
              .put("consecutive_failures", b.failures());
      b.until().ifPresent(u -> d.put("until", u.toString()));
      deployments.add(d);
    }
    return new JsonObject().put("status", "ok").put("deployments", deployments).encode();
  }

  /** An error body in OpenAI's shape: {@code {"error":{"type":…,"message":…}}}. */
  static String error(String type, String message) {
    return new JsonObject()
        .put("error", new JsonObject().put("type", type).put("message", message))
        .encode();
  }

  private static void respond(HttpServerRequest request, int status, String json) {
    request
        .response()
        .setStatusCode(status)
        .putHeader("content-type", "application/json")
        .end(json);
  }
}

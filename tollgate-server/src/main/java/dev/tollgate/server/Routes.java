package dev.tollgate.server;

import dev.tollgate.proxy.OpenAiText;
import dev.tollgate.routing.Breaker;
import io.vertx.core.Handler;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Supplier;

/**
 * The HTTP routes: {@link #ENDPOINTS} (health, the OpenAPI document and the proxy endpoints) and
 * the admin API under {@code /admin/v1}. Requests are dispatched from that table only, so the table
 * is what the server serves and what {@value #OPENAPI} documents. Everything else answers 404 with
 * an error body in OpenAI's shape, which is what the SDKs pointed at Tollgate know how to show.
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

  /** The OpenAPI 3.1 document of every route, unauthenticated. */
  static final String OPENAPI = "/openapi.json";

  /**
   * The health check path; answers {@code status: ok} while the process can serve requests, with
   * the state of every deployment's circuit breaker (an open breaker is not the gateway's ill
   * health: other deployments and fallbacks still serve).
   */
  static final String HEALTHZ = "/healthz";

  /** One route outside the admin API: a method, an exact path and what it does. */
  record Endpoint(HttpMethod method, String path, String summary, String auth) {}

  /** Every route outside the admin API, in the order they are documented. */
  static final List<Endpoint> ENDPOINTS =
      List.of(
          new Endpoint(HttpMethod.GET, HEALTHZ, "Health and circuit breakers", "none"),
          new Endpoint(HttpMethod.GET, OPENAPI, "This OpenAPI document", "none"),
          new Endpoint(HttpMethod.POST, CHAT_COMPLETIONS, "OpenAI chat completions", "virtual"),
          new Endpoint(HttpMethod.POST, MESSAGES, "Anthropic Messages", "virtual"),
          new Endpoint(HttpMethod.POST, COUNT_TOKENS, "Anthropic token counting", "virtual"),
          new Endpoint(HttpMethod.GET, MODELS, "OpenAI model list", "virtual"),
          new Endpoint(HttpMethod.POST, EMBEDDINGS, "OpenAI embeddings", "virtual"),
          new Endpoint(HttpMethod.POST, COMPLETIONS, "OpenAI legacy completions", "virtual"),
          new Endpoint(HttpMethod.POST, RESPONSES, "OpenAI Responses API", "virtual"));

  private final Map<String, Handler<HttpServerRequest>> table = new HashMap<>();
  private final dev.tollgate.admin.AdminApi admin;

  /** The deployments' circuit breakers, reported by the health check. */
  private final Supplier<List<Breaker.Snapshot>> breakers;

  private final String openApi;

  Routes(
      Handler<HttpServerRequest> chat,
      Handler<HttpServerRequest> messages,
      Handler<HttpServerRequest> countTokens,
      OpenAiText text,
      Handler<HttpServerRequest> responses,
      Supplier<List<Breaker.Snapshot>> breakers,
      dev.tollgate.admin.AdminApi admin) {
    this.breakers = breakers;
    this.admin = admin;
    this.openApi = OpenApiDocument.build(ENDPOINTS, admin.routes()).encode();
    serve(HEALTHZ, r -> respond(r, 200, health()));
    serve(OPENAPI, r -> respond(r, 200, openApi));
    serve(CHAT_COMPLETIONS, chat);
    serve(MESSAGES, messages);
    serve(COUNT_TOKENS, countTokens);
    serve(MODELS, text.models());
    serve(EMBEDDINGS, text.embeddings());
    serve(COMPLETIONS, text.completions());
    serve(RESPONSES, responses);
    for (Endpoint e : ENDPOINTS) {
      if (!table.containsKey(key(e.method(), e.path()))) {
        throw new IllegalStateException("no handler for " + e.method() + " " + e.path());
      }
    }
  }

  private void serve(String path, Handler<HttpServerRequest> handler) {
    Endpoint e =
        ENDPOINTS.stream()
            .filter(x -> x.path().equals(path))
            .findFirst()
            .orElseThrow(() -> new IllegalStateException(path + " is not in ENDPOINTS"));
    table.put(key(e.method(), path), handler);
  }

  private static String key(HttpMethod method, String path) {
    return method.name() + " " + path;
  }

  /** Every route dispatched, {@code "METHOD /path"}, admin ones with their path templates. */
  List<String> served() {
    List<String> out = new java.util.ArrayList<>(table.keySet());
    admin.routes().forEach(r -> out.add(r.method() + " " + ADMIN + r.template()));
    return out;
  }

  /** The document served at {@value #OPENAPI}. */
  String openApi() {
    return openApi;
  }

  @Override
  public void handle(HttpServerRequest request) {
    if (request.path().startsWith(ADMIN + "/") || request.path().equals(ADMIN)) {
      admin.handle(request);
      return;
    }
    Handler<HttpServerRequest> h = table.get(key(request.method(), request.path()));
    if (h != null) {
      h.handle(request);
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

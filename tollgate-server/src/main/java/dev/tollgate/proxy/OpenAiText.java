package dev.tollgate.proxy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tollgate.budget.BudgetEngine;
import dev.tollgate.keys.VirtualKeys;
import dev.tollgate.ledger.LedgerWriter;
import dev.tollgate.metrics.Metrics;
import dev.tollgate.pricing.ModelPrice;
import dev.tollgate.pricing.Pricer;
import dev.tollgate.provider.ChatCall;
import dev.tollgate.provider.ProviderResponse;
import dev.tollgate.provider.Providers;
import dev.tollgate.provider.TextProvider;
import dev.tollgate.proxy.cache.ResponseCache;
import dev.tollgate.proxy.openai.ChatRequest;
import dev.tollgate.proxy.openai.OpenAiCodec;
import dev.tollgate.proxy.openai.TextCodec;
import dev.tollgate.routing.Router;
import dev.tollgate.usage.ApiFormat;
import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;
import java.time.InstantSource;
import java.util.List;
import java.util.OptionalLong;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * OpenAI's endpoints besides chat: {@code GET /v1/models} through auth only (it is free), and
 * {@code POST /v1/embeddings} and {@code POST /v1/completions} (legacy text completions) through
 * the same decode, auth, route, reserve and meter steps as chat completions. Errors are in OpenAI's
 * shape.
 */
public final class OpenAiText {

  private static final String TOO_LARGE =
      OpenAiCodec.error(RequestBody.tooLarge("invalid_request_error", "request_too_large"));

  private static final Logger LOG = LoggerFactory.getLogger(OpenAiText.class);

  private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

  private final Chain models;
  private final Chain embeddings;
  private final Chain completions;
  private final InstantSource clock;

  /**
   * The endpoints over these services, within {@code limiter}'s limits: a model goes to the
   * deployments {@code router} finds among {@code providers} (with its retries and fallbacks), or
   * to {@code simulated} when only the simulated provider serves; {@code cache} answers what it
   * holds.
   */
  public OpenAiText(
      VirtualKeys keys,
      Supplier<Pricer> prices,
      BudgetEngine engine,
      LedgerWriter writer,
      Providers providers,
      Router router,
      TextProvider simulated,
      RateLimiter limiter,
      ResponseCache cache,
      InstantSource clock,
      Metrics metrics) {
    this.clock = clock;
    long startedAt = clock.millis() / 1000;
    this.models =
        new Chain(
            List.of(
                new Interceptor() {
                  @Override
                  public Future<Void> before(Exchange x) {
                    // Nothing to read; auth wants a request, so an empty one stands in.
                    x.request =
                        new ChatRequest(
                            NODES.objectNode(),
                            "",
                            NODES.arrayNode(),
                            OptionalLong.empty(),
                            "",
                            false,
                            "");
                    return Future.succeededFuture();
                  }
                },
                new PriceStep(prices),
                new AuthStep(keys)),
            x -> list(startedAt, x));
    Metering metering =
        new Metering(keys, prices, engine, writer, providers, limiter, router, cache, metrics);
    this.embeddings =
        metering.cachedChain(
            "/v1/embeddings",
            ApiFormat.OPENAI_CHAT,
            TextCodec::decodeEmbeddings,
            check(providers, simulated, "/v1/embeddings"),
            x -> call(x, text(x, providers, simulated).embeddings(upstream(x))));
    this.completions =
        metering.cachedChain(
            "/v1/completions",
            ApiFormat.OPENAI_CHAT,
            TextCodec::decodeCompletions,
            check(providers, simulated, "/v1/completions"),
            x -> call(x, text(x, providers, simulated).completions(upstream(x))));
  }

  /** Refuses, before anything is reserved, a model whose provider has no text adapter. */
  private static Interceptor check(Providers providers, TextProvider simulated, String path) {
    return new Interceptor() {
      @Override
      public Future<Void> before(Exchange x) {
        if (!providers.fallbackOnly() && !(x.provider instanceof TextProvider)) {
          throw ProxyException.badRequest(
              "model",
              "The model '"
                  + x.request.model()
                  + "' is served by the provider '"
                  + x.provider.id()
                  + "', which does not serve POST "
                  + path
                  + ".");
        }
        return Future.succeededFuture();
      }
    };
  }

  /** The text provider of the routed provider; {@link #check} has made sure there is one. */
  private static TextProvider text(Exchange x, Providers providers, TextProvider simulated) {
    return providers.fallbackOnly() ? simulated : (TextProvider) x.provider;
  }

  /** The handler of {@code GET /v1/models}. */
  public Handler<HttpServerRequest> models() {
    return request -> process(models, request, new byte[0], false);
  }

  /** The handler of {@code POST /v1/embeddings}. */
  public Handler<HttpServerRequest> embeddings() {
    return request ->
        RequestBody.collect(request, TOO_LARGE, body -> process(embeddings, request, body, true));
  }

  /** The handler of {@code POST /v1/completions}. */
  public Handler<HttpServerRequest> completions() {
    return request ->
        RequestBody.collect(request, TOO_LARGE, body -> process(completions, request, body, false));
  }

  /**
   * The body to send upstream. A cap written by the budget engine is a total over every prompt, so
   * each prompt gets its share of it, rounded down, as its {@code max_tokens}.
   */
  private static ChatCall upstream(Exchange x) {
    ObjectNode body = x.request.body();
    JsonNode cap = body.remove(TextCodec.CAP_FIELD);
    if (cap != null && body.has("max_tokens")) {
      long share = cap.asLong() / Math.max(1, x.request.messages().size());
      body.put("max_tokens", Math.min(body.get("max_tokens").asLong(), share));
    }
    return new ChatCall(x.requestId, x.servedModel, body);
  }

  /**
   * Keeps the answer. An embeddings usage has no {@code completion_tokens}, which the chat usage
   * reader requires; it is set to 0 here for the meter, and taken out again by {@link #respond} on
   * the embeddings endpoint.
   */
  private static Future<Void> call(Exchange x, Future<ProviderResponse> answer) {
    return Answers.keep(
        x,
        answer.map(
            r -> {
              if (r.ok()
                  && r.body().get("usage") instanceof ObjectNode usage
                  && !usage.has("completion_tokens")) {
                usage.put("completion_tokens", 0);
              }
              return r;
            }));
  }

  /**
   * Every catalog model, as OpenAI lists them, with the catalog's provider as {@code owned_by} and
   * the gateway's start as {@code created} (the catalog has no release dates): only those the key
   * may use, when it has a list of allowed models.
   */
  private static Future<Void> list(long created, Exchange x) {
    ObjectNode body = NODES.objectNode().put("object", "list");
    ArrayNode data = body.putArray("data");
    for (ModelPrice model : x.pricer.catalog().models()) {
      if (!x.key.limits().allows(model.id(), model.id(), model.provider())) {
        continue;
      }
      data.addObject()
          .put("id", model.id())
          .put("object", "model")
          .put("created", created)
          .put("owned_by", model.provider());
    }
    x.response = new ProviderResponse(200, body);
    return Future.succeededFuture();
  }

  private void process(Chain chain, HttpServerRequest request, byte[] body, boolean embeddings) {
    Exchange x = Answers.exchange(clock, request, body);
    chain.run(x).onComplete(v -> respond(request.response(), x, embeddings));
  }

  private static void respond(HttpServerResponse response, Exchange x, boolean embeddings) {
    if (embeddings
        && x.failure() == null
        && x.response != null
        && x.response.body().get("usage") instanceof ObjectNode usage) {
      usage.remove("completion_tokens");
    }
    Answers.openAi(response, x);
  }
}

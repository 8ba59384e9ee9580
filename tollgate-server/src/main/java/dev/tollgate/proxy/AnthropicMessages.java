package dev.tollgate.proxy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tollgate.budget.BudgetEngine;
import dev.tollgate.keys.VirtualKeys;
import dev.tollgate.ledger.LedgerWriter;
import dev.tollgate.metrics.Metrics;
import dev.tollgate.pricing.Pricer;
import dev.tollgate.provider.MessagesProvider;
import dev.tollgate.provider.MessagesProvider.Event;
import dev.tollgate.provider.ProviderResponse;
import dev.tollgate.provider.Providers;
import dev.tollgate.proxy.anthropic.AnthropicCodec;
import dev.tollgate.proxy.cache.ResponseCache;
import dev.tollgate.routing.Router;
import dev.tollgate.usage.ApiFormat;
import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;
import java.time.InstantSource;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Anthropic's Messages API: {@code POST /v1/messages} through the same decode, auth, route, reserve
 * and meter steps as chat completions, and {@code POST /v1/messages/count_tokens} through decode,
 * auth and route only (it is free, so nothing is reserved or metered). Errors are in Anthropic's
 * shape.
 */
public final class AnthropicMessages {

  private static final String TOO_LARGE =
      AnthropicCodec.error(RequestBody.tooLarge("request_too_large", null));

  private static final Logger LOG = LoggerFactory.getLogger(AnthropicMessages.class);

  private final Chain messages;
  private final Chain count;
  private final InstantSource clock;

  /**
   * The endpoints over these services, calling the Messages view of each deployment {@code router}
   * routes a model to (retries and fallbacks included), within {@code limiter}'s limits, answering
   * from {@code cache} what it holds.
   */
  public AnthropicMessages(
      VirtualKeys keys,
      Supplier<Pricer> prices,
      BudgetEngine engine,
      LedgerWriter writer,
      Providers providers,
      Router router,
      RateLimiter limiter,
      ResponseCache cache,
      InstantSource clock,
      Metrics metrics) {
    this.clock = clock;
    this.messages =
        new Metering(keys, prices, engine, writer, providers, limiter, router, cache, metrics)
            .cachedChain(
                "/v1/messages",
                ApiFormat.ANTHROPIC_MESSAGES,
                bytes -> AnthropicCodec.decode(bytes, false),
                null,
                x -> {
                  MessagesProvider provider = route(providers, x);
                  return x.request.stream() ? stream(provider, x) : call(provider, x);
                });
    this.count =
        new Chain(
            List.of(new PriceStep(prices), decode(true), new AuthStep(keys), new RouteStep(router)),
            x -> countTokens(route(providers, x), x));
  }

  /** The handler of {@code POST /v1/messages}. */
  public Handler<HttpServerRequest> messages() {
    return request ->
        RequestBody.collect(request, TOO_LARGE, body -> process(messages, request, body));
  }

  /** The handler of {@code POST /v1/messages/count_tokens}. */
  public Handler<HttpServerRequest> countTokens() {
    return request ->
        RequestBody.collect(request, TOO_LARGE, body -> process(count, request, body));
  }

  private static Interceptor decode(boolean forCount) {
    return new Interceptor() {
      @Override
      public Future<Void> before(Exchange x) {
        x.format = ApiFormat.ANTHROPIC_MESSAGES;
        x.request = AnthropicCodec.decode(x.rawBody, forCount);
        return Future.succeededFuture();
      }
    };
  }

  /**
   * The Messages view of the deployment routing set on the exchange, with the client's {@code
   * anthropic-beta} header left in the body for it to send to Anthropic again (never a value the
   * client put in the body itself).
   */
  private static MessagesProvider route(Providers providers, Exchange x) {
    x.request.body().remove(MessagesProvider.BETA_FIELD);
    String beta = x.headers.get("anthropic-beta");
    if (beta != null && !beta.isBlank()) {
      x.request.body().put(MessagesProvider.BETA_FIELD, beta);
    }
    return providers.messagesOf(x.provider);
  }

  private static Future<Void> call(MessagesProvider provider, Exchange x) {
    return Answers.keep(x, provider.messages(Answers.call(x)));
  }

  /**
   * Anthropic's own count when the model's provider speaks Anthropic's API (the call is free), else
   * the gateway's estimate.
   */
  private static Future<Void> countTokens(MessagesProvider provider, Exchange x) {
    Optional<Future<ProviderResponse>> counted = provider.countTokens(Answers.call(x));
    if (counted.isPresent()) {
      return Answers.keep(x, counted.get());
    }
    long tokens = TokenEstimator.anthropic(x.request.body().get("system"), x.request.messages());
    x.response =
        new ProviderResponse(
            200, JsonNodeFactory.instance.objectNode().put("input_tokens", tokens));
    return Future.succeededFuture();
  }

  /**
   * Passes the provider's events through as they arrive, except {@code message_stop}, which {@link
   * #respond} writes once the ledger event is durable. The usage is that of {@code message_start},
   * updated by {@code message_delta}'s, whose counts are cumulative. The headers go out with the
   * first event, so an upstream that refuses the stream outright is answered with its own status
   * and body; the generated text relayed is counted, to bill a stream cut before its usage.
   */
  private static Future<Void> stream(MessagesProvider provider, Exchange x) {
    ObjectNode usage = JsonNodeFactory.instance.objectNode();
    boolean[] seen = {false};
    return provider
        .messagesStream(
            Answers.call(x),
            event -> {
              if (!x.streaming) {
                Answers.beginStream(x);
              }
              JsonNode u =
                  switch (event.name()) {
                    case "message_start" -> event.data().path("message").get("usage");
                    case "message_delta" -> event.data().get("usage");
                    default -> null;
                  };
              if (u instanceof ObjectNode counts) {
                usage.setAll(counts);
                seen[0] = true;
                // What a stream cut before its end is billed from. A translated stream's
                // message_start says 0 input (OpenAI reports usage only at the end), which would
                // bill the prompt as free: no real prompt has 0 tokens, so the estimate bills it.
                if (usage.path("input_tokens").asLong() > 0) {
                  x.streamedUsage = JsonNodeFactory.instance.objectNode().set("usage", usage);
                }
              }
              x.streamedChars += generatedChars(event.data());
              if (!"message_stop".equals(event.name())) {
                x.out.write(event.wire());
              }
            },
            x.out)
        .transform(
            done ->
                Answers.streamEnded(
                    x,
                    done,
                    () -> {
                      ObjectNode body = JsonNodeFactory.instance.objectNode();
                      x.response =
                          new ProviderResponse(200, seen[0] ? body.set("usage", usage) : body);
                      return Future.succeededFuture();
                    }));
  }

  /** The generated text in an event: text, thinking and tool input deltas. */
  private static long generatedChars(JsonNode data) {
    JsonNode delta = data.path("delta");
    return Answers.codePoints(delta.path("text"))
        + Answers.codePoints(delta.path("thinking"))
        + Answers.codePoints(delta.path("partial_json"));
  }

  private void process(Chain chain, HttpServerRequest request, byte[] body) {
    Exchange x = Answers.exchange(clock, request, body);
    chain.run(x).onComplete(v -> respond(request.response(), x));
  }

  private static void respond(HttpServerResponse response, Exchange x) {
    Throwable failure = x.failure();
    if (x.streaming) {
      endStream(response, x, failure);
      return;
    }
    response.putHeader("x-tollgate-request-id", x.requestId);
    if (failure == null && x.response != null) {
      Answers.successHeaders(response, x);
      response.end(x.response.body().toString());
      return;
    }
    ProxyException error = error(x, failure);
    Answers.error(response, error, AnthropicCodec.error(error));
  }

  /**
   * Ends a stream whose headers are gone: the cost as an SSE comment (clients ignore comments) and
   * {@code message_stop}, or Anthropic's {@code error} event when the stream or the ledger failed.
   */
  private static void endStream(HttpServerResponse response, Exchange x, Throwable failure) {
    if (Answers.clientLeft(response, x)) {
      return;
    }
    if (failure == null) {
      ObjectNode stop = JsonNodeFactory.instance.objectNode().put("type", "message_stop");
      Answers.endStream(response, x, Event.of(stop).wire());
      return;
    }
    ProxyException error = error(x, failure);
    response.end("event: error\ndata: " + AnthropicCodec.error(error) + "\n\n");
  }

  /** The error to answer, in the types Anthropic's clients expect. */
  private static ProxyException error(Exchange x, Throwable failure) {
    return Answers.failure(x, failure, "api_error", "api_error");
  }
}

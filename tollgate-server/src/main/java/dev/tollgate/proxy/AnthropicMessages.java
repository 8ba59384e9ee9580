package dev.tollgate.proxy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tollgate.budget.BudgetEngine;
import dev.tollgate.keys.VirtualKeys;
import dev.tollgate.ledger.LedgerWriter;
import dev.tollgate.ledger.UsageEvent;
import dev.tollgate.pricing.Pricer;
import dev.tollgate.provider.ChatCall;
import dev.tollgate.provider.MessagesProvider;
import dev.tollgate.provider.MessagesProvider.Event;
import dev.tollgate.provider.ProviderResponse;
import dev.tollgate.provider.Providers;
import dev.tollgate.provider.simulated.SimulatedProvider;
import dev.tollgate.proxy.anthropic.AnthropicCodec;
import dev.tollgate.usage.ApiFormat;
import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;
import java.time.InstantSource;
import java.util.List;
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
   * The endpoints over these services, calling {@code provider} within {@code limiter}'s limits.
   */
  public AnthropicMessages(
      VirtualKeys keys,
      Pricer pricer,
      BudgetEngine engine,
      LedgerWriter writer,
      MessagesProvider provider,
      RateLimiter limiter,
      InstantSource clock) {
    this.clock = clock;
    // Until the native Anthropic adapter exists every /v1/messages request is routed to the
    // simulated provider, whose id the ledger and the budgets record.
    Providers simulated = Providers.only(new SimulatedProvider(clock));
    this.messages =
        new Chain(
            List.of(
                decode(false),
                new AuthStep(keys, pricer),
                new RateLimitStep(limiter, pricer),
                new RouteStep(pricer, simulated),
                new DenialStep(writer),
                new ReserveStep(engine, pricer),
                new MeterStep(writer, pricer)),
            x -> x.request.stream() ? stream(provider, x) : call(provider, x));
    this.count =
        new Chain(
            List.of(decode(true), new AuthStep(keys, pricer), new RouteStep(pricer, simulated)),
            AnthropicMessages::countTokens);
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

  private static Future<Void> call(MessagesProvider provider, Exchange x) {
    return provider
        .messages(new ChatCall(x.requestId, x.servedModel, x.request.body()))
        .map(
            r -> {
              x.response = r;
              return null;
            });
  }

  private static Future<Void> countTokens(Exchange x) {
    long tokens = TokenEstimator.anthropic(x.request.body().get("system"), x.request.messages());
    x.response =
        new ProviderResponse(
            200, JsonNodeFactory.instance.objectNode().put("input_tokens", tokens));
    return Future.succeededFuture();
  }

  /**
   * Passes the provider's events through as they arrive, except {@code message_stop}, which {@link
   * #respond} writes once the ledger event is durable. The usage is that of {@code message_start},
   * updated by {@code message_delta}'s, whose counts are cumulative.
   */
  private static Future<Void> stream(MessagesProvider provider, Exchange x) {
    x.out
        .setStatusCode(200)
        .setChunked(true)
        .putHeader("content-type", "text/event-stream")
        .putHeader("cache-control", "no-cache")
        .putHeader("x-tollgate-request-id", x.requestId)
        .putHeader("x-tollgate-model", x.model != null ? x.model.id() : x.servedModel);
    x.streaming = true;
    ObjectNode usage = JsonNodeFactory.instance.objectNode();
    boolean[] seen = {false};
    return provider
        .messagesStream(
            new ChatCall(x.requestId, x.servedModel, x.request.body()),
            event -> {
              JsonNode u =
                  switch (event.name()) {
                    case "message_start" -> event.data().path("message").get("usage");
                    case "message_delta" -> event.data().get("usage");
                    default -> null;
                  };
              if (u instanceof ObjectNode counts) {
                usage.setAll(counts);
                seen[0] = true;
              }
              if (!"message_stop".equals(event.name())) {
                x.out.write(event.wire());
              }
            })
        .map(
            v -> {
              ObjectNode body = JsonNodeFactory.instance.objectNode();
              if (seen[0]) {
                body.set("usage", usage);
              }
              x.response = new ProviderResponse(200, body);
              return null;
            });
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
    if (failure == null) {
      if (x.event != null && x.event.costState() != UsageEvent.CostState.UNPRICED) {
        response.write(
            ": x-tollgate-cost-usd " + x.event.actualCost().toUsd().toPlainString() + "\n\n");
      }
      ObjectNode stop = JsonNodeFactory.instance.objectNode().put("type", "message_stop");
      response.end(Event.of(stop).wire());
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

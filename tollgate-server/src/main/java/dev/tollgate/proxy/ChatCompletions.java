package dev.tollgate.proxy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tollgate.budget.BudgetEngine;
import dev.tollgate.keys.VirtualKeys;
import dev.tollgate.ledger.LedgerWriter;
import dev.tollgate.metrics.Metrics;
import dev.tollgate.pricing.ModelPrice;
import dev.tollgate.pricing.Pricer;
import dev.tollgate.pricing.Resolution;
import dev.tollgate.provider.Provider;
import dev.tollgate.provider.ProviderResponse;
import dev.tollgate.provider.Providers;
import dev.tollgate.proxy.cache.ResponseCache;
import dev.tollgate.proxy.openai.OpenAiCodec;
import dev.tollgate.routing.Router;
import dev.tollgate.usage.ApiFormat;
import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;
import java.time.InstantSource;
import java.util.OptionalLong;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code POST /v1/chat/completions}: collects the body (at most 4 MB), runs it through decode,
 * auth, route, reserve and meter around the provider call, and answers with the provider's JSON and
 * the {@code x-tollgate-*} headers, or with an error in OpenAI's shape.
 */
public final class ChatCompletions implements Handler<HttpServerRequest> {

  private static final String TOO_LARGE =
      OpenAiCodec.error(RequestBody.tooLarge("invalid_request_error", "request_too_large"));

  private static final Logger LOG = LoggerFactory.getLogger(ChatCompletions.class);

  private final Chain chain;
  private final InstantSource clock;

  /**
   * The endpoint over these services, calling the deployments {@code router} finds among {@code
   * providers}, within the {@code limiter}'s rate limits, answering from {@code cache} what it
   * holds.
   */
  public ChatCompletions(
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
    this.chain =
        new Metering(keys, prices, engine, writer, providers, limiter, router, cache, metrics)
            .cachedChain(
                "/v1/chat/completions",
                ApiFormat.OPENAI_CHAT,
                OpenAiCodec::decode,
                null,
                x -> x.request.stream() ? stream(x.provider, x) : call(x.provider, x));
  }

  /**
   * Always asks for the usage chunk upstream, remembering whether the client asked for it. Done
   * once, on the first attempt (no attempt has failed yet), so a retry does not mistake the
   * gateway's request for the client's.
   */
  private static void askForUsage(Exchange x) {
    ObjectNode body = x.request.body();
    x.clientWantsUsage = body.path("stream_options").path("include_usage").asBoolean(false);
    body.withObjectProperty("stream_options").put("include_usage", true);
  }

  /**
   * The output bound a chat request without {@code max_tokens} is reserved for on {@code model}:
   * its maximum output, else {@value ReserveStep#DEFAULT_OUTPUT_BOUND}. A translation to an API
   * that requires a bound sends this one, so the reservation still holds.
   */
  public static long defaultMaxTokens(Pricer pricer, String model) {
    ModelPrice price =
        pricer.catalog().resolve(model) instanceof Resolution.Known k ? k.model() : null;
    return ReserveStep.outputBound(price, OptionalLong.empty());
  }

  private static Future<Void> call(Provider provider, Exchange x) {
    return Answers.keep(x, provider.chat(Answers.call(x)));
  }

  /**
   * Passes the provider's chunks through as they arrive. Usage is always asked for upstream, so
   * every stream is metered; the usage chunk reaches the client only if it asked for it. The
   * closing {@code data: [DONE]} is written by {@link #respond}, after the ledger event is durable.
   * The headers go out with the first chunk, so an upstream that refuses the stream outright is
   * answered with its own status and body.
   */
  private static Future<Void> stream(Provider provider, Exchange x) {
    if (x.failedAttempts == 0) {
      askForUsage(x);
    }
    ObjectNode body = x.request.body();
    ObjectNode[] usage = {JsonNodeFactory.instance.objectNode()};
    return provider
        .chatStream(
            Answers.call(x),
            chunk -> {
              if (!x.streaming) {
                Answers.beginStream(x);
              }
              x.streamedChars += generatedChars(chunk);
              JsonNode u = chunk.get("usage");
              if (u != null && u.isObject()) {
                usage[0] = chunk;
                if (!x.clientWantsUsage) {
                  return;
                }
              } else if (!x.clientWantsUsage) {
                chunk.remove("usage");
              }
              x.out.write("data: " + chunk + "\n\n");
            },
            x.out)
        .transform(
            done ->
                Answers.streamEnded(
                    x,
                    done,
                    () -> {
                      x.response = new ProviderResponse(200, usage[0]);
                      return Future.succeededFuture();
                    }));
  }

  /** The generated text in a chunk: content, reasoning and tool-call arguments of every choice. */
  private static long generatedChars(JsonNode chunk) {
    long chars = 0;
    for (JsonNode choice : chunk.path("choices")) {
      JsonNode delta = choice.path("delta");
      chars +=
          Answers.codePoints(delta.path("content"))
              + Answers.codePoints(delta.path("reasoning_content"));
      for (JsonNode call : delta.path("tool_calls")) {
        chars += Answers.codePoints(call.path("function").path("arguments"));
      }
    }
    return chars;
  }

  @Override
  public void handle(HttpServerRequest request) {
    RequestBody.collect(request, TOO_LARGE, body -> process(request, body));
  }

  private void process(HttpServerRequest request, byte[] body) {
    Exchange x = Answers.exchange(clock, request, body);
    chain.run(x).onComplete(v -> respond(request.response(), x));
  }

  private static void respond(HttpServerResponse response, Exchange x) {
    Throwable failure = x.failure();
    if (x.streaming) {
      endStream(response, x, failure);
      return;
    }
    Answers.openAi(response, x);
  }

  /**
   * Ends a stream whose headers are gone: the cost as an SSE comment (clients ignore comments) and
   * {@code data: [DONE]}, or an error event when the stream or the ledger failed.
   */
  private static void endStream(HttpServerResponse response, Exchange x, Throwable failure) {
    if (Answers.clientLeft(response, x)) {
      return;
    }
    if (failure == null) {
      Answers.endStream(response, x, "data: [DONE]\n\n");
      return;
    }
    LOG.error("stream {} failed", x.requestId, failure);
    ProxyException error =
        failure instanceof ProxyException p
            ? p
            : new ProxyException(
                500,
                "server_error",
                "internal_error",
                null,
                "Tollgate could not complete request " + x.requestId + "; see the gateway's log.",
                OptionalLong.empty());
    response.end("data: " + OpenAiCodec.error(error) + "\n\n");
  }
}

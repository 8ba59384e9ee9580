package dev.tollgate.proxy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tollgate.budget.BudgetEngine;
import dev.tollgate.keys.VirtualKeys;
import dev.tollgate.ledger.LedgerWriter;
import dev.tollgate.metrics.Metrics;
import dev.tollgate.pricing.Pricer;
import dev.tollgate.provider.ProviderResponse;
import dev.tollgate.provider.Providers;
import dev.tollgate.provider.ResponsesProvider;
import dev.tollgate.proxy.cache.ResponseCache;
import dev.tollgate.proxy.openai.OpenAiCodec;
import dev.tollgate.proxy.openai.ResponsesCodec;
import dev.tollgate.routing.Router;
import dev.tollgate.usage.ApiFormat;
import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;
import java.time.InstantSource;
import java.util.OptionalLong;
import java.util.Set;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code POST /v1/responses} (OpenAI's Responses API), through the same metered chain as chat
 * completions. Only a provider that serves the Responses API gets it; any other model is refused
 * with 400 before anything is reserved. A stream's events are passed through as they arrive, except
 * the terminal one ({@code response.completed}, {@code response.incomplete} or {@code
 * response.failed}), which carries the usage: it is held until the ledger has that usage, then
 * written after the cost comment. A stream cut before it is billed from the relayed text, marked
 * estimated.
 */
public final class OpenAiResponses implements Handler<HttpServerRequest> {

  private static final String TOO_LARGE =
      OpenAiCodec.error(RequestBody.tooLarge("invalid_request_error", "request_too_large"));

  private static final Logger LOG = LoggerFactory.getLogger(OpenAiResponses.class);

  /** The events that end a stream, each carrying the whole response with its usage. */
  private static final Set<String> TERMINAL =
      Set.of("response.completed", "response.incomplete", "response.failed");

  /** The events whose {@code delta} is generated text (or arguments) that the provider bills. */
  private static final Set<String> GENERATED =
      Set.of(
          "response.output_text.delta",
          "response.refusal.delta",
          "response.function_call_arguments.delta",
          "response.reasoning_text.delta",
          "response.reasoning_summary_text.delta");

  private final Chain chain;
  private final InstantSource clock;

  /**
   * The endpoint over these services, within {@code limiter}'s limits: a model goes to the
   * deployments {@code router} finds among {@code providers} (with its retries and fallbacks), or
   * to {@code simulated} when only the simulated provider serves.
   */
  public OpenAiResponses(
      VirtualKeys keys,
      Supplier<Pricer> prices,
      BudgetEngine engine,
      LedgerWriter writer,
      Providers providers,
      Router router,
      ResponsesProvider simulated,
      RateLimiter limiter,
      InstantSource clock,
      Metrics metrics) {
    this.clock = clock;
    Interceptor check =
        new Interceptor() {
          @Override
          public Future<Void> before(Exchange x) {
            provider(x, providers, simulated);
            return Future.succeededFuture();
          }
        };
    this.chain =
        new Metering(
                keys,
                prices,
                engine,
                writer,
                providers,
                limiter,
                router,
                ResponseCache.off(),
                metrics)
            .chain(
                ApiFormat.OPENAI_RESPONSES,
                ResponsesCodec::decode,
                check,
                x -> {
                  ResponsesProvider provider = provider(x, providers, simulated);
                  return x.request.stream() ? stream(provider, x) : call(provider, x);
                });
  }

  /**
   * The routed provider's Responses API.
   *
   * @throws ProxyException 400 naming the model and its provider, if that provider has none
   */
  private static ResponsesProvider provider(
      Exchange x, Providers providers, ResponsesProvider simulated) {
    if (providers.fallbackOnly()) {
      return simulated;
    }
    if (x.provider instanceof ResponsesProvider r && r.servesResponses()) {
      return r;
    }
    throw ProxyException.badRequest(
        "model",
        "The model '"
            + x.servedModel
            + "' is served by the provider '"
            + x.provider.id()
            + "', which does not serve the Responses API; use POST /v1/chat/completions, or set"
            + " 'responses: true' on its entry under providers in tollgate.yaml if it does.");
  }

  private static Future<Void> call(ResponsesProvider provider, Exchange x) {
    return Answers.keep(x, provider.responses(Answers.call(x)));
  }

  private static Future<Void> stream(ResponsesProvider provider, Exchange x) {
    return provider
        .responsesStream(Answers.call(x), event -> relay(x, event), x.out)
        .transform(done -> Answers.streamEnded(x, done, () -> finish(x)));
  }

  /** Writes one event to the client, holding back the terminal one and counting generated text. */
  private static void relay(Exchange x, ObjectNode event) {
    if (x.heldEvent != null) {
      return;
    }
    if (!x.streaming) {
      Answers.beginStream(x);
    }
    String type = event.path("type").asText();
    if (TERMINAL.contains(type)) {
      x.heldEvent = event;
      return;
    }
    if (GENERATED.contains(type)) {
      x.streamedChars += Answers.codePoints(event.get("delta"));
    }
    x.out.write(wire(event));
  }

  /**
   * The stream ended: its terminal event's response is the answer to meter. A response without
   * usage (a {@code response.failed} may have none), or a stream without a terminal event, is
   * metered as a cut stream: from the relayed text, marked estimated.
   */
  private static Future<Void> finish(Exchange x) {
    if (x.heldEvent == null) {
      return Future.failedFuture(
          new ProxyException(
              502,
              "upstream_error",
              "upstream_malformed",
              null,
              "The provider ended the stream without a response.completed event.",
              OptionalLong.empty()));
    }
    JsonNode response = x.heldEvent.get("response");
    ObjectNode body = response instanceof ObjectNode r ? r : JsonNodeFactory.instance.objectNode();
    boolean usage = body.get("usage") instanceof ObjectNode;
    // Not 2xx: the meter then bills the cut-stream estimate instead of reading a usage.
    x.response = new ProviderResponse(usage ? 200 : 502, body);
    return Future.succeededFuture();
  }

  private static String wire(ObjectNode event) {
    return "event: " + event.path("type").asText() + "\ndata: " + event + "\n\n";
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
    if (!x.streaming) {
      Answers.openAi(response, x);
      return;
    }
    if (Answers.clientLeft(response, x)) {
      return;
    }
    Throwable failure = x.failure();
    if (failure == null && x.heldEvent != null) {
      Answers.endStream(response, x, wire(x.heldEvent));
      return;
    }
    ProxyException error = Answers.failure(x, failure, "upstream_error", "server_error");
    // Responses' own error event: {"type":"error","code","message","param"}.
    ObjectNode event = JsonNodeFactory.instance.objectNode().put("type", "error");
    event.put("code", error.code() != null ? error.code() : error.type());
    event.put("message", error.getMessage());
    event.put("param", error.param());
    response.end(wire(event));
  }
}

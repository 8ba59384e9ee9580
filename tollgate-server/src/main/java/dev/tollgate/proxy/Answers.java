package dev.tollgate.proxy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tollgate.ledger.UsageEvent;
import dev.tollgate.provider.ChatCall;
import dev.tollgate.provider.ProviderResponse;
import dev.tollgate.provider.UpstreamStatusException;
import dev.tollgate.proxy.openai.OpenAiCodec;
import io.vertx.core.AsyncResult;
import io.vertx.core.Future;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;
import java.time.Instant;
import java.time.InstantSource;
import java.util.OptionalLong;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What every endpoint does the same way around its chain: start an exchange, put the success
 * headers on an answer, and turn a failure into the error to answer. Each endpoint keeps only its
 * own wire format.
 */
final class Answers {

  private static final Logger LOG = LoggerFactory.getLogger(Answers.class);

  /**
   * The header (and, on streams, the closing SSE comment) with what is left of the tightest cost
   * budget after the request settled.
   */
  static final String BUDGET_REMAINING = "x-tollgate-budget-remaining-usd";

  private Answers() {}

  /** A new exchange for {@code request} with its whole {@code body}, started now. */
  static Exchange exchange(InstantSource clock, HttpServerRequest request, byte[] body) {
    Instant now = clock.instant();
    Exchange x =
        new Exchange(
            RequestIds.next(now.toEpochMilli()), now, request.headers(), body, request.response());
    // Only exact routes reach an endpoint, so the path is a bounded label.
    x.endpoint = request.path();
    return x;
  }

  /**
   * The status, content type and Tollgate's headers of a provider's answer: the cost (unless
   * unpriced), the model that served, the budget remaining (when a cost budget applies), whether
   * the response cache answered, and the upstream's {@code retry-after}. An upstream 500 is
   * answered 502 (its body unchanged), with {@code x-tollgate-upstream-status: 500}. The caller
   * writes the body.
   */
  static void successHeaders(HttpServerResponse response, Exchange x) {
    int status = x.response.status();
    if (status == 500) {
      // A 500 from Tollgate means a bug in Tollgate; the upstream's own 500 is a bad gateway.
      status = 502;
      response.putHeader("x-tollgate-upstream-status", "500");
    }
    response.setStatusCode(status).putHeader("content-type", "application/json");
    // Whole seconds, rounded up: a client must not come back before the upstream asked.
    x.response
        .retryAfter()
        .ifPresent(
            d ->
                response.putHeader(
                    "retry-after", Long.toString(d.toSeconds() + (d.toNanosPart() > 0 ? 1 : 0))));
    if (x.event != null && x.event.costState() != UsageEvent.CostState.UNPRICED) {
      response.putHeader("x-tollgate-cost-usd", x.event.actualCost().toUsd().toPlainString());
    }
    response.putHeader("x-tollgate-model", x.event != null ? x.event.modelUsed() : x.servedModel);
    if (x.budgetRemaining != null) {
      response.putHeader(BUDGET_REMAINING, x.budgetRemaining.toUsd().toPlainString());
    }
    if (x.cacheKey != null) {
      response.putHeader(CacheStep.HEADER, x.cacheSaved != null ? "hit" : "miss");
    }
    if (x.cacheSaved != null) {
      response.putHeader("x-tollgate-cache-saved-usd", x.cacheSaved.toUsd().toPlainString());
    }
  }

  /**
   * The SSE comments that close a successful stream, before its last event: the cost (unless
   * unpriced) and the budget remaining (when a cost budget applies). Clients ignore comments.
   */
  static String streamTrailer(Exchange x) {
    StringBuilder out = new StringBuilder();
    if (x.event != null && x.event.costState() != UsageEvent.CostState.UNPRICED) {
      out.append(": x-tollgate-cost-usd ")
          .append(x.event.actualCost().toUsd().toPlainString())
          .append("\n\n");
    }
    if (x.budgetRemaining != null) {
      out.append(": ")
          .append(BUDGET_REMAINING)
          .append(' ')
          .append(x.budgetRemaining.toUsd().toPlainString())
          .append("\n\n");
    }
    return out.toString();
  }

  /**
   * The error to answer: the step's own, else 502 if the provider did not answer, else 500.
   *
   * @param upstreamType the error type a client of this format expects for a 502
   * @param serverType the error type it expects for a 500
   */
  static ProxyException failure(
      Exchange x, Throwable failure, String upstreamType, String serverType) {
    if (failure instanceof ProxyException p) {
      return p;
    }
    if (x.event != null && x.response == null) {
      // The call itself failed (no answer at all); the event says ERROR and nothing was charged.
      LOG.warn("request {}: the provider did not answer: {}", x.requestId, String.valueOf(failure));
      return new ProxyException(
          502,
          upstreamType,
          "upstream_unavailable",
          null,
          "The provider did not answer request " + x.requestId + ".",
          OptionalLong.empty());
    }
    LOG.error("request {} failed", x.requestId, failure);
    return new ProxyException(
        500,
        serverType,
        "internal_error",
        null,
        "Tollgate could not complete request " + x.requestId + "; see the gateway's log.",
        OptionalLong.empty());
  }

  /**
   * Sends the headers of a stream with its first event: 200, {@code text/event-stream}, the request
   * id and the model. From then on errors can only be events of the stream.
   */
  static void beginStream(Exchange x) {
    x.out
        .setStatusCode(200)
        .setChunked(true)
        .putHeader("content-type", "text/event-stream")
        .putHeader("cache-control", "no-cache")
        .putHeader("x-tollgate-request-id", x.requestId)
        .putHeader("x-tollgate-model", x.model != null ? x.model.id() : x.servedModel);
    x.streaming = true;
    x.firstByteNanos = System.nanoTime() - x.startNanos;
  }

  /**
   * The provider call of {@code x}: its request as the gateway decided it, for the served model. A
   * provider that translates the answer tells the upstream's own usage to the exchange, for the
   * meter.
   */
  static ChatCall call(Exchange x) {
    return new ChatCall(x.requestId, x.servedModel, x.request.body(), u -> x.nativeUsage = u);
  }

  /** Keeps the provider's answer, whatever its status, as the exchange's response. */
  static Future<Void> keep(Exchange x, Future<ProviderResponse> answer) {
    return answer.map(
        r -> {
          x.response = r;
          return null;
        });
  }

  /**
   * What a stream's end means for the exchange: when it ended, the headers go out if no event did
   * and {@code ended} says what to meter; an upstream that refused it before its first event is
   * answered as a plain response with its own status and body; any other failure stays a failure.
   */
  static Future<Void> streamEnded(
      Exchange x, AsyncResult<Void> done, Supplier<Future<Void>> ended) {
    if (done.succeeded()) {
      if (!x.streaming) {
        beginStream(x);
      }
      return ended.get();
    }
    if (done.cause() instanceof UpstreamStatusException refused && !x.streaming) {
      x.response = refused.response();
      return Future.succeededFuture();
    }
    return Future.failedFuture(done.cause());
  }

  /**
   * Whether the client left a stream before its end; the upstream was then cut and the ledger has
   * the event, so there is nobody to answer.
   */
  static boolean clientLeft(HttpServerResponse response, Exchange x) {
    if (response.closed()) {
      LOG.info("stream {}: the client closed it before the end", x.requestId);
      return true;
    }
    return false;
  }

  /**
   * Ends a stream that succeeded: the {@link #streamTrailer} comments, then {@code last}, which the
   * endpoint held back until the ledger had the usage.
   */
  static void endStream(HttpServerResponse response, Exchange x, String last) {
    response.end(streamTrailer(x) + last);
  }

  /** Unicode code points of a JSON text, 0 for anything else: what a cut stream is billed by. */
  static long codePoints(JsonNode text) {
    return text.isTextual() ? text.textValue().codePointCount(0, text.textValue().length()) : 0;
  }

  /**
   * Answers a plain (not streamed) exchange of an OpenAI endpoint: the provider's status and body
   * with Tollgate's headers, or the error in OpenAI's shape.
   */
  static void openAi(HttpServerResponse response, Exchange x) {
    Throwable failure = x.failure();
    response.putHeader("x-tollgate-request-id", x.requestId);
    if (failure == null && x.response != null) {
      successHeaders(response, x);
      // The upstream's own bytes when the body is as received: writing the tree out again cost
      // about 2% of the CPU per request at saturation (docs/BENCHMARKS.md).
      if (x.response.raw() != null) {
        response.end(x.response.raw());
      } else {
        response.end(x.response.body().toString());
      }
      return;
    }
    ProxyException error = failure(x, failure, "upstream_error", "server_error");
    error(response, error, OpenAiCodec.error(error));
  }

  /** Answers {@code error} with its status, its retry-after if any, and {@code json}. */
  static void error(HttpServerResponse response, ProxyException error, String json) {
    response.setStatusCode(error.status()).putHeader("content-type", "application/json");
    error.retryAfterSeconds().ifPresent(s -> response.putHeader("retry-after", Long.toString(s)));
    response.end(json);
  }
}

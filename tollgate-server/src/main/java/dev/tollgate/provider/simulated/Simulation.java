package dev.tollgate.provider.simulated;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tollgate.provider.ProviderResponse;
import dev.tollgate.provider.UpstreamStatusException;
import dev.tollgate.proxy.ProxyException;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServerResponse;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BooleanSupplier;
import java.util.function.IntFunction;
import java.util.function.Supplier;

/**
 * What the three simulated providers share: the {@link SimulatedOptions}, the request counter that
 * picks the faulty requests, the length of a reply, and the pacing of answers and streams on Vert.x
 * timers (never a sleep). With no latency and no delay everything happens at once, on the caller's
 * thread.
 */
final class Simulation {

  /** The {@link ProxyException#code()} of an answer that is not JSON. */
  static final String MALFORMED = "upstream_malformed";

  /** The {@link ProxyException#code()} of a stream dropped before its end. */
  static final String CUT = "upstream_cut";

  private static final JsonNodeFactory JSON = JsonNodeFactory.instance;

  private final SimulatedOptions options;
  private final AtomicLong requests = new AtomicLong();

  Simulation(SimulatedOptions options) {
    this.options = options;
  }

  SimulatedOptions options() {
    return options;
  }

  /** Counts a request and tells whether it is faulty. */
  private boolean nextIsFaulty() {
    return options.faulty(requests.incrementAndGet());
  }

  /**
   * {@code echo}, or, with a fixed token count, {@code echo} repeated to four characters a token.
   */
  String text(String echo) {
    OptionalLong tokens = options.completionTokens();
    if (tokens.isEmpty()) {
      return echo;
    }
    int length = (int) Math.min(Integer.MAX_VALUE / 2, tokens.getAsLong() * 4);
    StringBuilder text = new StringBuilder(length);
    while (text.length() < length) {
      text.append(echo, 0, Math.min(echo.length(), length - text.length()));
    }
    return text.toString();
  }

  /** The failure of a faulty request whose body is not JSON, as a real adapter reports it. */
  static ProxyException malformed() {
    return new ProxyException(
        502,
        "upstream_error",
        MALFORMED,
        null,
        "The provider 'simulated' answered with a body that is not a JSON object.",
        OptionalLong.empty());
  }

  /** The failure of a faulty stream dropped after {@code chunks} chunks. */
  static ProxyException cut(int chunks) {
    return new ProxyException(
        502,
        "upstream_error",
        CUT,
        null,
        "The provider 'simulated' dropped the stream after " + chunks + " chunks.",
        OptionalLong.empty());
  }

  /** OpenAI's error body for {@code status}. */
  static ObjectNode openAiError(int status) {
    ObjectNode body = JSON.objectNode();
    ObjectNode error = body.putObject("error");
    error.put("message", "The simulated provider was told to fail with " + status + ".");
    error.put("type", status == 429 ? "requests" : status >= 500 ? "server_error" : "invalid");
    error.putNull("param");
    error.put("code", status == 429 ? "rate_limit_exceeded" : null);
    return body;
  }

  /** Anthropic's error body for {@code status}. */
  static ObjectNode anthropicError(int status) {
    String type =
        switch (status) {
          case 429 -> "rate_limit_error";
          case 529 -> "overloaded_error";
          case 400 -> "invalid_request_error";
          default -> status >= 500 ? "api_error" : "invalid_request_error";
        };
    ObjectNode body = JSON.objectNode().put("type", "error");
    body.putObject("error")
        .put("type", type)
        .put("message", "The simulated provider was told to fail with " + status + ".");
    return body;
  }

  /**
   * Counts a request and answers it after the latency: the error status with {@code error}'s body
   * if it is faulty and an error is configured, else a failure if a malformed body is, else {@code
   * body}'s answer (a cut applies only to streams).
   */
  Future<ProviderResponse> answer(IntFunction<ObjectNode> error, Supplier<ObjectNode> body) {
    boolean faulty = nextIsFaulty();
    return later(
        () -> {
          if (faulty && options.errorStatus() != 0) {
            int status = options.errorStatus();
            return Future.succeededFuture(refusal(status, error));
          }
          if (faulty && options.malformed()) {
            return Future.failedFuture(malformed());
          }
          return Future.succeededFuture(new ProviderResponse(200, body.get()));
        });
  }

  /**
   * Counts a stream and plays it: refused with {@link UpstreamStatusException} (status and {@code
   * error}'s body) or failed as malformed before its first item if it is faulty and so configured,
   * else {@code items} one by one, cut if faulty, stopped when {@code client} (may be null) closes.
   */
  <T> Future<Void> stream(
      IntFunction<ObjectNode> error,
      Supplier<List<T>> items,
      Handler<T> sink,
      HttpServerResponse client) {
    boolean faulty = nextIsFaulty();
    if (faulty && options.errorStatus() != 0) {
      int status = options.errorStatus();
      ProviderResponse refusal = refusal(status, error);
      return later(() -> Future.failedFuture(new UpstreamStatusException(refusal)));
    }
    if (faulty && options.malformed()) {
      return later(() -> Future.failedFuture(malformed()));
    }
    return play(
        items.get(), faulty, sink, () -> client != null && client.closed(), ClientGone::new);
  }

  private ProviderResponse refusal(int status, IntFunction<ObjectNode> error) {
    long retryAfter = options.retryAfterSeconds();
    return new ProviderResponse(
        status,
        error.apply(status),
        retryAfter > 0 ? Optional.of(Duration.ofSeconds(retryAfter)) : Optional.empty());
  }

  /** {@code answer} after the configured latency. */
  private <T> Future<T> later(Supplier<Future<T>> answer) {
    if (options.latencyMs() == 0) {
      return answer.get();
    }
    Promise<T> promise = Promise.promise();
    timer(options.latencyMs(), () -> answer.get().onComplete(promise));
    return promise.future();
  }

  /**
   * Hands {@code items} to {@code sink}, the first after the latency and each next after the chunk
   * delay. A {@code faulty} stream with a cut configured stops after that many items and fails with
   * {@link #cut}; a stream whose reader is {@code gone} stops and fails with {@code goneError}.
   */
  private <T> Future<Void> play(
      List<T> items,
      boolean faulty,
      Handler<T> sink,
      BooleanSupplier gone,
      Supplier<Throwable> goneError) {
    // A cut always loses the last item: the usage chunk, or message_stop.
    int cutAfter =
        faulty && options.cutAfterChunks() >= 0
            ? Math.min(options.cutAfterChunks(), items.size() - 1)
            : -1;
    Promise<Void> done = Promise.promise();
    Runnable start = () -> step(items, 0, cutAfter, sink, gone, goneError, done);
    if (options.latencyMs() == 0) {
      start.run();
    } else {
      timer(options.latencyMs(), start);
    }
    return done.future();
  }

  private <T> void step(
      List<T> items,
      int from,
      int cutAfter,
      Handler<T> sink,
      BooleanSupplier gone,
      Supplier<Throwable> goneError,
      Promise<Void> done) {
    for (int i = from; ; i++) {
      if (gone.getAsBoolean()) {
        done.tryFail(goneError.get());
        return;
      }
      if (i == items.size()) {
        done.tryComplete();
        return;
      }
      if (i == cutAfter) {
        done.tryFail(cut(i));
        return;
      }
      sink.handle(items.get(i));
      if (options.chunkDelayMs() > 0 && i + 1 < items.size()) {
        int next = i + 1;
        timer(
            options.chunkDelayMs(), () -> step(items, next, cutAfter, sink, gone, goneError, done));
        return;
      }
    }
  }

  /** The reader of a stream went away; nobody will read the rest. No stack trace: not a bug. */
  static final class ClientGone extends IOException {
    ClientGone() {
      super("the client closed the stream", null);
    }

    @Override
    public synchronized Throwable fillInStackTrace() {
      return this;
    }
  }

  private static void timer(long ms, Runnable action) {
    Context context = Vertx.currentContext();
    if (context == null) {
      throw new IllegalStateException("a simulated delay needs a Vert.x context to time it");
    }
    context.owner().setTimer(ms, t -> action.run());
  }
}

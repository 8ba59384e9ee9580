package dev.tollgate.proxy;

import dev.tollgate.pricing.ModelPrice;
import dev.tollgate.pricing.Resolution;
import dev.tollgate.tokens.OpenAiTokenizer;
import dev.tollgate.usage.ApiFormat;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.util.Optional;

/**
 * Counts the input tokens a request's reservation is sized by, once per request: exactly with
 * {@link OpenAiTokenizer} for an OpenAI model in OpenAI's format, otherwise by {@link
 * TokenEstimator}'s documented characters-over-four rule. Only the reservation and the rate
 * limiter's take use the count; the bill is always the provider's reported usage.
 *
 * <p>Tokenising costs tens of microseconds a kilobyte (docs/BENCHMARKS.md), so a body above {@link
 * #INLINE_BYTES} is tokenised on a worker thread rather than on the event loop, which it would
 * otherwise hold for more than about a millisecond.
 */
final class InputTokens implements Interceptor {

  /**
   * The largest body tokenised on the event loop. o200k costs about 190 µs a KiB on the loaded
   * bench machine (a fraction of that idle), so 8 KiB stays near the ~1 ms an event loop may be
   * held; a longer body pays a worker-thread hop (tens of µs) instead.
   */
  static final int INLINE_BYTES = 8 * 1024;

  @Override
  public Future<Void> before(Exchange x) {
    ModelPrice model =
        x.pricer.catalog().resolve(x.request.model()) instanceof Resolution.Known k
            ? k.model()
            : null;
    Context context = Vertx.currentContext();
    // Loading an encoding's ranks takes about a second: never on an event loop (start-up loads
    // them in the background, and a request that comes first waits on a worker).
    boolean ready = model == null || OpenAiTokenizer.loaded(model.provider(), model.id());
    if (context == null
        || ready && (x.rawBody.length <= INLINE_BYTES || exact(x, model).isEmpty())) {
      of(x, model);
      return Future.succeededFuture();
    }
    // of() memoises on x; the worker's write is seen here through the future's completion.
    return context.executeBlocking(() -> of(x, model), false).mapEmpty();
  }

  /** The input tokens of {@code x} on {@code model} (null when unpriced), memoised on {@code x}. */
  static long of(Exchange x, ModelPrice model) {
    if (x.inputTokens < 0) {
      Optional<OpenAiTokenizer> exact = exact(x, model);
      x.inputTokens =
          exact.isPresent()
              ? exact.get().chat(x.request.messages(), x.request.body())
              : estimate(x);
    }
    return x.inputTokens;
  }

  private static Optional<OpenAiTokenizer> exact(Exchange x, ModelPrice model) {
    return x.format == ApiFormat.ANTHROPIC_MESSAGES || model == null
        ? Optional.empty()
        : OpenAiTokenizer.forModel(model.provider(), model.id());
  }

  private static long estimate(Exchange x) {
    return x.format == ApiFormat.ANTHROPIC_MESSAGES
        ? TokenEstimator.anthropic(x.request.body().get("system"), x.request.messages())
        : TokenEstimator.messages(x.request.messages());
  }
}

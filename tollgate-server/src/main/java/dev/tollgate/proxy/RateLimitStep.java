package dev.tollgate.proxy;

import dev.tollgate.pricing.ModelPrice;
import dev.tollgate.pricing.Resolution;
import io.vertx.core.Future;
import java.util.OptionalLong;

/**
 * Takes one request and the request's worst case in tokens (the input estimate plus the output
 * bound, as {@link ReserveStep} reserves them) from the key's buckets, and the key's buckets for
 * the model when {@code rate_limits.models} names it, before anything is metered, and answers 429
 * {@code rate_limit_exceeded} when a bucket lacks them. Nothing is reserved or recorded for a
 * refused request. The after-half gives back the tokens the request did not use, so a large {@code
 * max_tokens} that was barely used does not starve the key. The {@code x-ratelimit-*} headers go on
 * every answer, refused or not.
 */
final class RateLimitStep implements Interceptor {

  private final RateLimiter limiter;

  RateLimitStep(RateLimiter limiter) {
    this.limiter = limiter;
  }

  @Override
  public Future<Void> before(Exchange x) {
    if (!limiter.applies(x.key.limits())) {
      return Future.succeededFuture();
    }
    ModelPrice known =
        x.pricer.catalog().resolve(x.request.model()) instanceof Resolution.Known k
            ? k.model()
            : null;
    long tokens =
        InputTokens.of(x, known)
            + ReserveStep.outputBound(known, x.request.maxTokens()) * ReserveStep.choices(x);
    String key = x.who.virtualKey();
    String canonical = known == null ? null : known.id();
    RateLimiter.Take take = limiter.take(key, x.key.limits(), x.request.model(), canonical, tokens);
    take.headers().forEach(x.out::putHeader);
    if (take instanceof RateLimiter.Take.Refused r) {
      throw new ProxyException(
          429,
          "rate_limit_error",
          "rate_limit_exceeded",
          null,
          "Rate limit reached for "
              + r.scope()
              + " on "
              + r.limit()
              + " per minute: limit "
              + r.capacity()
              + ", remaining "
              + r.remaining()
              + ", requested "
              + r.requested()
              + ". Please try again in "
              + r.retryAfterSeconds()
              + "s.",
          OptionalLong.of(r.retryAfterSeconds()));
    }
    x.rateLimitedTokens = tokens;
    x.rateLimitedModel = canonical;
    return Future.succeededFuture();
  }

  @Override
  public Future<Void> after(Exchange x) {
    if (x.rateLimitedTokens > 0) {
      // A request with no billable event used nothing; one with an event used its total.
      long used = x.event != null && x.event.billable() ? x.event.totalTokens() : 0;
      limiter.giveBack(
          x.who.virtualKey(), x.request.model(), x.rateLimitedModel, x.rateLimitedTokens - used);
    }
    return Future.succeededFuture();
  }
}

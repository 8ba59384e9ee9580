package dev.tollgate.proxy;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A requests bucket and a tokens bucket, either absent when unlimited. Not thread-safe: the caller
 * holds the lock of the key they belong to.
 */
final class Buckets {

  final TokenBucket requests;
  final TokenBucket tokens;

  Buckets(RateLimiter.Pair limits, long now) {
    requests = limits.rpm().isPresent() ? new TokenBucket(limits.rpm().getAsLong(), now) : null;
    tokens = limits.tpm().isPresent() ? new TokenBucket(limits.tpm().getAsLong(), now) : null;
  }

  void refill(long now) {
    if (requests != null) {
      requests.refill(now);
    }
    if (tokens != null) {
      tokens.refill(now);
    }
  }

  /**
   * Null if one request and {@code units} tokens fit, else why not, as of {@code key}/{@code
   * model}.
   */
  RateLimiter.Take.Refused check(long units, String scope, Buckets key, Buckets model) {
    if (requests != null && !requests.has(1)) {
      return refused("requests", scope, requests, 1, key, model);
    }
    if (tokens != null && !tokens.has(units)) {
      return refused("tokens", scope, tokens, units, key, model);
    }
    return null;
  }

  void take(long units) {
    if (requests != null) {
      requests.take(1);
    }
    if (tokens != null) {
      tokens.take(units);
    }
  }

  void giveBack(long now, long units) {
    if (tokens != null) {
      tokens.refill(now);
      tokens.give(units);
    }
  }

  private RateLimiter.Take.Refused refused(
      String limit, String scope, TokenBucket bucket, long requested, Buckets key, Buckets model) {
    Map<String, String> headers = headers(key, model);
    // The headers describe the limit that refused, as OpenAI's do.
    put(headers, limit, bucket);
    return new RateLimiter.Take.Refused(
        limit,
        scope,
        bucket.limit(),
        bucket.remaining(),
        requested,
        TokenBucket.retryAfterSeconds(bucket.nanosUntil(requested)),
        headers);
  }

  /**
   * The {@code x-ratelimit-*} headers: for requests and for tokens, the bucket of {@code key} or
   * {@code model} (may be null) with the fewer units left, the one that binds first.
   */
  static Map<String, String> headers(Buckets key, Buckets model) {
    Map<String, String> h = new LinkedHashMap<>();
    put(h, "requests", tighter(key.requests, model == null ? null : model.requests));
    put(h, "tokens", tighter(key.tokens, model == null ? null : model.tokens));
    return h;
  }

  private static TokenBucket tighter(TokenBucket a, TokenBucket b) {
    if (a == null || b == null) {
      return a == null ? b : a;
    }
    return b.remaining() < a.remaining() ? b : a;
  }

  private static void put(Map<String, String> h, String name, TokenBucket b) {
    if (b != null) {
      h.put("x-ratelimit-limit-" + name, Long.toString(b.limit()));
      h.put("x-ratelimit-remaining-" + name, Long.toString(b.remaining()));
      h.put("x-ratelimit-reset-" + name, TokenBucket.reset(b.nanosUntilFull()));
    }
  }
}

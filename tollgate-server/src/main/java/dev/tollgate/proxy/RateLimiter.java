package dev.tollgate.proxy;

import dev.tollgate.config.TollgateConfig.RateLimits;
import java.time.Instant;
import java.time.InstantSource;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The requests and tokens buckets of every virtual key, shared by every metered endpoint. A key's
 * buckets are made on its first request after authentication, so there are at most as many as there
 * are keys. The same limits apply to every key; per-key (and per-model) limits come with the admin
 * API.
 */
public final class RateLimiter {

  private final RateLimits limits;
  private final InstantSource clock;
  private final ConcurrentHashMap<String, KeyBuckets> buckets = new ConcurrentHashMap<>();

  private RateLimiter(RateLimits limits, InstantSource clock) {
    this.limits = limits;
    this.clock = clock;
  }

  /** The buckets {@code limits} describe, refilled by {@code clock}. */
  public static RateLimiter of(RateLimits limits, InstantSource clock) {
    return new RateLimiter(limits, clock);
  }

  /** No limit: every request passes. */
  public static RateLimiter none() {
    return new RateLimiter(RateLimits.none(), InstantSource.system());
  }

  /** Whether any limit is set. */
  boolean enabled() {
    return limits.rpm().isPresent() || limits.tpm().isPresent();
  }

  /** What {@link #take} decided, with the {@code x-ratelimit-*} headers as of the decision. */
  sealed interface Take {
    Map<String, String> headers();

    /** One request and the tokens were taken. */
    record Granted(Map<String, String> headers) implements Take {}

    /**
     * Nothing was taken: {@code limit} ({@code requests} or {@code tokens}) lacks what was asked.
     */
    record Refused(
        String limit,
        long capacity,
        long remaining,
        long requested,
        long retryAfterSeconds,
        Map<String, String> headers)
        implements Take {}
  }

  /** Takes one request and {@code tokens} from {@code keyId}'s buckets, both or neither. */
  Take take(String keyId, long tokens) {
    long now = nanos(clock.instant());
    KeyBuckets b = buckets.computeIfAbsent(keyId, k -> new KeyBuckets(limits, now));
    synchronized (b) {
      b.refill(now);
      if (b.requests != null && !b.requests.has(1)) {
        return refused("requests", b.requests, 1, b);
      }
      if (b.tokens != null && !b.tokens.has(tokens)) {
        return refused("tokens", b.tokens, tokens, b);
      }
      if (b.requests != null) {
        b.requests.take(1);
      }
      if (b.tokens != null) {
        b.tokens.take(tokens);
      }
      return new Take.Granted(b.headers());
    }
  }

  /** Returns {@code tokens} taken by {@link #take} but not used. */
  void giveBack(String keyId, long tokens) {
    KeyBuckets b = buckets.get(keyId);
    if (b == null || b.tokens == null || tokens <= 0) {
      return;
    }
    long now = nanos(clock.instant());
    synchronized (b) {
      b.refill(now);
      b.tokens.give(tokens);
    }
  }

  private static Take.Refused refused(
      String limit, TokenBucket bucket, long requested, KeyBuckets b) {
    return new Take.Refused(
        limit,
        bucket.limit(),
        bucket.remaining(),
        requested,
        TokenBucket.retryAfterSeconds(bucket.nanosUntil(requested)),
        b.headers());
  }

  private static long nanos(Instant t) {
    // Nanoseconds since the epoch fit a long until 2262.
    return t.getEpochSecond() * 1_000_000_000L + t.getNano();
  }

  /** One key's buckets; null where there is no limit. Guarded by its own monitor. */
  private static final class KeyBuckets {
    final TokenBucket requests;
    final TokenBucket tokens;

    KeyBuckets(RateLimits limits, long now) {
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

    Map<String, String> headers() {
      Map<String, String> h = new LinkedHashMap<>();
      put(h, "requests", requests);
      put(h, "tokens", tokens);
      return h;
    }

    private static void put(Map<String, String> h, String name, TokenBucket b) {
      if (b != null) {
        h.put("x-ratelimit-limit-" + name, Long.toString(b.limit()));
        h.put("x-ratelimit-remaining-" + name, Long.toString(b.remaining()));
        h.put("x-ratelimit-reset-" + name, TokenBucket.reset(b.nanosUntilFull()));
      }
    }
  }
}

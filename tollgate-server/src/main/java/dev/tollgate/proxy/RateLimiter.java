package dev.tollgate.proxy;

import dev.tollgate.config.TollgateConfig.RateLimits;
import dev.tollgate.keys.KeyLimits;
import java.time.Instant;
import java.time.InstantSource;
import java.util.HashMap;
import java.util.Map;
import java.util.OptionalLong;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The requests and tokens buckets of every virtual key, shared by every metered endpoint. A key has
 * its own pair, sized by its own rpm and tpm or else the gateway's {@code rate_limits}, and a pair
 * per model listed in {@code rate_limits.models} that it uses (so one key's traffic on a model does
 * not starve another key's). A request takes from all of its buckets or from none. Buckets are made
 * on a key's first request, and made anew, full, when the key's limits change.
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

  /** Whether any limit can apply to a key with {@code own} limits: if not, nothing is counted. */
  boolean applies(KeyLimits own) {
    return limits.rpm().isPresent()
        || limits.tpm().isPresent()
        || !limits.models().isEmpty()
        || own.rpm().isPresent()
        || own.tpm().isPresent();
  }

  /** What {@link #take} decided, with the {@code x-ratelimit-*} headers as of the decision. */
  sealed interface Take {
    Map<String, String> headers();

    /** One request and the tokens were taken (or no limit applies). */
    record Granted(Map<String, String> headers) implements Take {}

    /**
     * Nothing was taken: {@code limit} ({@code requests} or {@code tokens}) of {@code scope} (the
     * key, or the key on a model) lacks what was asked.
     */
    record Refused(
        String limit,
        String scope,
        long capacity,
        long remaining,
        long requested,
        long retryAfterSeconds,
        Map<String, String> headers)
        implements Take {}
  }

  /**
   * Takes one request and {@code tokens} from the buckets of {@code keyId} (limited by {@code own})
   * and of {@code keyId} on {@code model} (also known as {@code canonical}, or null), all or none.
   */
  Take take(String keyId, KeyLimits own, String model, String canonical, long tokens) {
    Pair wanted =
        new Pair(
            own.rpm().isPresent() ? own.rpm() : limits.rpm(),
            own.tpm().isPresent() ? own.tpm() : limits.tpm());
    RateLimits.Limit perModel = modelLimit(model, canonical);
    if (wanted.none() && perModel == null) {
      return new Take.Granted(Map.of());
    }
    long now = nanos(clock.instant());
    KeyBuckets b =
        buckets.compute(
            keyId,
            (k, old) ->
                old != null && old.limits.equals(wanted) ? old : new KeyBuckets(wanted, now));
    synchronized (b) {
      Buckets m = perModel == null ? null : b.model(model(model, canonical), perModel, now);
      b.key.refill(now);
      if (m != null) {
        m.refill(now);
      }
      Take.Refused refused = b.key.check(tokens, "key " + keyId, b.key, m);
      if (refused == null && m != null) {
        refused =
            m.check(tokens, "key " + keyId + " on model " + model(model, canonical), b.key, m);
      }
      if (refused != null) {
        return refused;
      }
      b.key.take(tokens);
      if (m != null) {
        m.take(tokens);
      }
      return new Take.Granted(Buckets.headers(b.key, m));
    }
  }

  /** Returns {@code tokens} taken by {@link #take} but not used. */
  void giveBack(String keyId, String model, String canonical, long tokens) {
    KeyBuckets b = buckets.get(keyId);
    if (b == null || tokens <= 0) {
      return;
    }
    long now = nanos(clock.instant());
    synchronized (b) {
      b.key.giveBack(now, tokens);
      Buckets m = b.models.get(model(model, canonical));
      if (m != null) {
        m.giveBack(now, tokens);
      }
    }
  }

  private RateLimits.Limit modelLimit(String model, String canonical) {
    RateLimits.Limit l = limits.models().get(model);
    return l != null || canonical == null ? l : limits.models().get(canonical);
  }

  private String model(String model, String canonical) {
    return limits.models().containsKey(model) || canonical == null ? model : canonical;
  }

  static long nanos(Instant t) {
    // Nanoseconds since the epoch fit a long until 2262.
    return t.getEpochSecond() * 1_000_000_000L + t.getNano();
  }

  /** Requests and tokens per minute; empty where there is no limit. */
  record Pair(OptionalLong rpm, OptionalLong tpm) {
    boolean none() {
      return rpm.isEmpty() && tpm.isEmpty();
    }
  }

  /** One key's buckets and those of its models. Guarded by its own monitor. */
  private static final class KeyBuckets {
    final Pair limits;
    final Buckets key;
    final Map<String, Buckets> models = new HashMap<>();

    KeyBuckets(Pair limits, long now) {
      this.limits = limits;
      this.key = new Buckets(limits, now);
    }

    Buckets model(String name, RateLimits.Limit limit, long now) {
      return models.computeIfAbsent(
          name, n -> new Buckets(new Pair(limit.rpm(), limit.tpm()), now));
    }
  }
}

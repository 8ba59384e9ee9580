package dev.tollgate.proxy;

/**
 * A token bucket of {@code limit} units a minute, refilled continuously, in exact {@code long}
 * arithmetic. The level is kept in units times {@value #SCALE} (nanoseconds a minute), so that a
 * nanosecond adds exactly {@code limit} to it: no rounding, however often it is refilled. With
 * {@code limit} at most 10^8, a full bucket is 6 * 10^18, below {@link Long#MAX_VALUE}.
 *
 * <p>Not thread-safe: the caller holds the lock of the key the bucket belongs to.
 */
final class TokenBucket {

  /** Nanoseconds a minute: the scale of {@link #level}. */
  static final long SCALE = 60_000_000_000L;

  private static final long NANOS_PER_SECOND = 1_000_000_000L;

  private final long limit;
  private final long capacity;
  private long level;
  private long refilledAt;

  /** A full bucket of {@code limit} units a minute, as of {@code nowNanos}. */
  TokenBucket(long limit, long nowNanos) {
    if (limit < 1 || limit > 100_000_000) {
      throw new IllegalArgumentException("limit must be 1 to 10^8, got " + limit);
    }
    this.limit = limit;
    this.capacity = limit * SCALE;
    this.level = capacity;
    this.refilledAt = nowNanos;
  }

  /** Units a minute, and the capacity. */
  long limit() {
    return limit;
  }

  /** Adds what has dripped in since the last refill; a clock that goes back adds nothing. */
  void refill(long nowNanos) {
    if (nowNanos <= refilledAt) {
      return;
    }
    // After a minute the bucket is full whatever it held; the cap keeps the product in range
    // (at most 6 * 10^18), and adding only up to the room left keeps the sum in range too.
    long elapsed = Math.min(nowNanos - refilledAt, SCALE);
    level += Math.min(elapsed * limit, capacity - level);
    refilledAt = nowNanos;
  }

  /** Whether {@code units} can be taken now. */
  boolean has(long units) {
    return units <= limit && units * SCALE <= level;
  }

  /** Takes {@code units}, which {@link #has} allowed. */
  void take(long units) {
    level -= units * SCALE;
  }

  /** Gives back {@code units} taken earlier, never above the capacity. */
  void give(long units) {
    if (units > 0) {
      level += Math.min(Math.min(units, limit) * SCALE, capacity - level);
    }
  }

  /** Whole units left, rounded down. */
  long remaining() {
    return level / SCALE;
  }

  /**
   * Nanoseconds until {@code units} are in the bucket, rounded up; for more units than the
   * capacity, until it is full (the most it will ever hold).
   */
  long nanosUntil(long units) {
    long needed = Math.min(units, limit) * SCALE - level;
    return needed <= 0 ? 0 : ceilDiv(needed, limit);
  }

  /** Nanoseconds until the bucket is full, rounded up. */
  long nanosUntilFull() {
    return ceilDiv(capacity - level, limit);
  }

  /** Whole seconds for {@code retry-after}: rounded up, at least 1. */
  static long retryAfterSeconds(long nanos) {
    return Math.max(1, ceilDiv(nanos, NANOS_PER_SECOND));
  }

  /** A duration as OpenAI writes its reset headers: {@code 1s}, {@code 250ms}, {@code 0s}. */
  static String reset(long nanos) {
    if (nanos <= 0) {
      return "0s";
    }
    if (nanos < NANOS_PER_SECOND) {
      return ceilDiv(nanos, 1_000_000) + "ms";
    }
    return ceilDiv(nanos, NANOS_PER_SECOND) + "s";
  }

  private static long ceilDiv(long a, long b) {
    return Math.ceilDiv(a, b);
  }
}

package dev.tollgate.bench.load;

/**
 * The fixed request times of an open-loop run: request {@code i} is meant to start at {@code origin
 * + i / rate} seconds, whatever happened to the requests before it. Each time is computed from
 * {@code i}, not by adding a period to the previous one, so rounding never accumulates (at 3,000
 * rps the period is 333,333.3 ns; adding 333,333 a million times would drift by 0.3 s).
 */
final class Schedule {

  private static final long NANOS_PER_SECOND = 1_000_000_000L;

  private final long originNanos;
  private final long rate;

  /**
   * @param originNanos when request 0 is meant to start, on the {@link System#nanoTime()} scale
   * @param rate requests per second, at least 1
   */
  Schedule(long originNanos, long rate) {
    if (rate < 1) {
      throw new IllegalArgumentException("rate must be at least 1 request per second, got " + rate);
    }
    this.originNanos = originNanos;
    this.rate = rate;
  }

  /** When request {@code index} is meant to start. */
  long intendedStart(long index) {
    return originNanos + index * NANOS_PER_SECOND / rate;
  }

  /** How many requests are meant to start in the first {@code nanos} nanoseconds. */
  long countWithin(long nanos) {
    if (nanos <= 0) {
      return 0;
    }
    // The smallest i with i * 1e9 / rate >= nanos, i.e. requests 0 .. i-1 start before nanos.
    return Math.ceilDiv(nanos * rate, NANOS_PER_SECOND);
  }

  long originNanos() {
    return originNanos;
  }
}

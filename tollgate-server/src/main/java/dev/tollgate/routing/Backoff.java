package dev.tollgate.routing;

import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import java.util.random.RandomGenerator;

/**
 * How long to wait before a retry: exponential from {@code initial}, doubling per retry, capped at
 * {@code max}, with "equal jitter" (half the delay fixed, half random) so that clients failing
 * together do not retry together. An upstream's {@code retry-after} is honoured when longer, up to
 * {@code max}.
 */
public final class Backoff {

  private final Duration initial;
  private final Duration max;
  private final RandomGenerator random;

  /** Waits from {@code initial} to {@code max}, drawing jitter from {@code random}. */
  public Backoff(Duration initial, Duration max, RandomGenerator random) {
    this.initial = Objects.requireNonNull(initial, "initial");
    this.max = Objects.requireNonNull(max, "max");
    this.random = Objects.requireNonNull(random, "random");
    if (initial.isNegative() || max.compareTo(initial) < 0) {
      throw new IllegalArgumentException("need 0 <= initial <= max, got " + initial + ", " + max);
    }
  }

  /**
   * The wait before retry number {@code retry} (0 for the first).
   *
   * @param retryAfter what the upstream asked for, if anything
   */
  public Duration delay(int retry, Optional<Duration> retryAfter) {
    long maxMs = max.toMillis();
    long exp = initial.toMillis() << Math.min(retry, 30);
    long capped = exp <= 0 ? maxMs : Math.min(maxMs, exp);
    long half = capped / 2;
    long jittered = capped - half + (half == 0 ? 0 : random.nextLong(half + 1));
    long asked = retryAfter.map(Duration::toMillis).orElse(0L);
    return Duration.ofMillis(Math.min(maxMs, Math.max(jittered, asked)));
  }
}

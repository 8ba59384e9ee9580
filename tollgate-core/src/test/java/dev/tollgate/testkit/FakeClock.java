package dev.tollgate.testkit;

import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicReference;

/**
 * A clock that stands still until a test moves it, in the way Caffeine's tests move a fake {@code
 * Ticker}. Pass it wherever production code takes an {@link InstantSource}. Thread-safe.
 *
 * <p>A copy of tollgate-testkit's {@code FakeClock}: core cannot depend on tollgate-testkit, even
 * in test scope, because tollgate-testkit depends on core. Keep the two identical.
 */
public final class FakeClock implements InstantSource {

  private final AtomicReference<Instant> now;

  private FakeClock(Instant start) {
    now = new AtomicReference<>(Objects.requireNonNull(start, "start"));
  }

  /** A clock that reads {@code start} until it is moved. */
  public static FakeClock at(Instant start) {
    return new FakeClock(start);
  }

  /** A clock that reads {@code iso}, e.g. {@code 2026-05-01T12:00:00Z}, until it is moved. */
  public static FakeClock at(String iso) {
    return new FakeClock(Instant.parse(iso));
  }

  @Override
  public Instant instant() {
    return now.get();
  }

  /**
   * Moves the clock forward by {@code d}.
   *
   * @return the new time
   * @throws IllegalArgumentException if {@code d} is negative: time does not run backwards
   */
  public Instant advance(Duration d) {
    if (d.isNegative()) {
      throw new IllegalArgumentException("a clock only moves forward, got " + d);
    }
    return now.updateAndGet(t -> t.plus(d));
  }

  /** Sets the clock to {@code t}, forwards or back: for tests that jump between dates. */
  public void set(Instant t) {
    now.set(Objects.requireNonNull(t, "t"));
  }

  @Override
  public String toString() {
    return "FakeClock[" + now.get() + "]";
  }
}

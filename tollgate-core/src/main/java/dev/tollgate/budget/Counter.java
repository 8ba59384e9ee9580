package dev.tollgate.budget;

import java.time.Instant;
import java.util.HashMap;
import java.util.Map;

/**
 * What one budget has spent and reserved in one period (or, for a rolling window, one clock hour).
 * Guarded by its budget's lock.
 */
final class Counter {
  final Instant start;
  final Instant end;
  long spent;
  long reserved;

  /** How many of the budget's thresholds the spend has crossed in this period. */
  int thresholdsCrossed;

  /**
   * The spend that crosses the next threshold, when {@link #nextThresholdFor} equals {@link
   * #thresholdsCrossed}; see {@link Thresholds#check}.
   */
  long nextThresholdAt;

  int nextThresholdFor = -1;

  /** Spend by provider, for the status breakdown. */
  private final Map<String, Amount> byProvider = new HashMap<>(4);

  Counter(Instant start, Instant end) {
    this.start = start;
    this.end = end;
  }

  /** Adds spend of {@code provider}; in place, so that settling boxes no Long. */
  void addByProvider(String provider, long amount) {
    Amount a = byProvider.get(provider);
    if (a == null) {
      a = new Amount();
      byProvider.put(provider, a);
    }
    a.value += amount;
  }

  /** Adds this counter's spend by provider into {@code into}. */
  void sumByProvider(Map<String, Long> into) {
    byProvider.forEach((p, a) -> into.merge(p, a.value, Long::sum));
  }

  private static final class Amount {
    long value;
  }
}

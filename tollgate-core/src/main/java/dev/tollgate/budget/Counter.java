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

  /** Spend by provider, for the status breakdown. */
  final Map<String, Long> byProvider = new HashMap<>();

  Counter(Instant start, Instant end) {
    this.start = start;
    this.end = end;
  }
}

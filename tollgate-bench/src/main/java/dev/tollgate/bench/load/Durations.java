package dev.tollgate.bench.load;

import java.util.Locale;

/** Formats nanosecond figures for people: µs below 10 ms, ms above, three significant digits. */
final class Durations {

  private Durations() {}

  /**
   * {@code 85_400} → {@code 85.4 µs}; {@code 1_234_567} → {@code 1,235 µs}; {@code 52_300_000} →
   * {@code 52.3 ms}.
   */
  static String format(long nanos) {
    long abs = Math.abs(nanos);
    if (abs >= 10_000_000L) {
      return String.format(Locale.ROOT, "%.1f ms", nanos / 1e6);
    }
    if (abs >= 100_000L) {
      return String.format(Locale.ROOT, "%,d µs", Math.round(nanos / 1e3));
    }
    return String.format(Locale.ROOT, "%.1f µs", nanos / 1e3);
  }
}

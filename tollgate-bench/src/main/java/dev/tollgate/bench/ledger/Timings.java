package dev.tollgate.bench.ledger;

import java.util.Arrays;

/** Wall times of repeated runs, in nanoseconds, and their median, 95th percentile and maximum. */
final class Timings {

  private final long[] sorted;

  Timings(long[] nanos) {
    this.sorted = nanos.clone();
    Arrays.sort(sorted);
  }

  /** Times {@code runs} calls of {@code work} after {@code warmups} untimed ones. */
  static Timings of(int warmups, int runs, Runnable work) {
    for (int i = 0; i < warmups; i++) {
      work.run();
    }
    long[] nanos = new long[runs];
    for (int i = 0; i < runs; i++) {
      long t0 = System.nanoTime();
      work.run();
      nanos[i] = System.nanoTime() - t0;
    }
    return new Timings(nanos);
  }

  double medianMs() {
    return ms(sorted[(sorted.length - 1) / 2]);
  }

  /** The nearest-rank 95th percentile. */
  double p95Ms() {
    return ms(sorted[(int) Math.ceil(0.95 * sorted.length) - 1]);
  }

  double maxMs() {
    return ms(sorted[sorted.length - 1]);
  }

  /** "median / p95 / max" in milliseconds, for a table cell. */
  String cells() {
    return "%s | %s | %s".formatted(format(medianMs()), format(p95Ms()), format(maxMs()));
  }

  static String format(double ms) {
    return ms < 10 ? "%.1f ms".formatted(ms) : "%,.0f ms".formatted(ms);
  }

  private static double ms(long nanos) {
    return nanos / 1e6;
  }
}

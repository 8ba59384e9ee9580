package dev.tollgate.bench.ledger;

import java.util.Arrays;
import java.util.Random;
import java.util.SplittableRandom;

/** Zipf-like draws: item {@code i} (from 0) has weight {@code 1 / (i + 1)^s}. */
final class Zipf {

  private Zipf() {}

  /** The cumulative weights of {@code n} items, normalised to end at 1. */
  static double[] cumulative(int n, double s) {
    double[] c = new double[n];
    double sum = 0;
    for (int i = 0; i < n; i++) {
      sum += 1 / Math.pow(i + 1, s);
      c[i] = sum;
    }
    for (int i = 0; i < n; i++) {
      c[i] /= sum;
    }
    return c;
  }

  /** An index drawn by the cumulative weights {@code c}. */
  static int draw(Random random, double[] c) {
    return index(c, random.nextDouble());
  }

  /** An index drawn by the cumulative weights {@code c}. */
  static int draw(SplittableRandom random, double[] c) {
    return index(c, random.nextDouble());
  }

  private static int index(double[] c, double u) {
    int i = Arrays.binarySearch(c, u);
    int at = i >= 0 ? i : -i - 1;
    return Math.min(at, c.length - 1);
  }
}

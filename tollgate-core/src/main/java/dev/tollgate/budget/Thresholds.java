package dev.tollgate.budget;

import java.math.BigInteger;
import java.util.List;

/**
 * Tells the listener each threshold that a budget's spend has crossed: once per period for a
 * calendar period; for a rolling window, once each time the window's spend rises through it (it may
 * rise through it again after old hours have left the window).
 */
final class Thresholds {

  private static final BigInteger HUNDRED = BigInteger.valueOf(100);

  private Thresholds() {}

  /** Called with the budget's lock held, after {@code c}'s spend grew by {@code added}. */
  static void check(BudgetState b, Counter c, long added, BudgetListener listener) {
    if (b.spec.enforcement() == Enforcement.TRACK) {
      return;
    }
    List<Integer> thresholds = b.spec.thresholds();
    if (b.spec.period().kind() == Period.Kind.ROLLING) {
      // c holds one clock hour; the limit applies to the whole window that ends with that hour.
      // Old hours leave the window, so a count of thresholds crossed would go stale: alert
      // those that this amount took the window's spend through.
      long spent = b.spent(c.start);
      Period.Window w = b.window(c.start);
      for (int i = reached(b.spec, spent - added); i < reached(b.spec, spent); i++) {
        listener.thresholdCrossed(b.spec, w, thresholds.get(i), spent);
      }
      return;
    }
    if (c.thresholdsCrossed >= thresholds.size()) {
      return;
    }
    // Nearly every settlement crosses nothing: compare with the spend that would cross the next
    // threshold, worked out once per threshold, rather than build BigIntegers per settlement.
    if (c.nextThresholdFor != c.thresholdsCrossed) {
      c.nextThresholdAt = crossingSpend(b.spec.limit(), thresholds.get(c.thresholdsCrossed));
      c.nextThresholdFor = c.thresholdsCrossed;
    }
    if (c.spent < c.nextThresholdAt) {
      return;
    }
    int reached = reached(b.spec, c.spent);
    for (; c.thresholdsCrossed < reached; c.thresholdsCrossed++) {
      listener.thresholdCrossed(
          b.spec, new Period.Window(c.start, c.end), thresholds.get(c.thresholdsCrossed), c.spent);
    }
  }

  /** How many of the spec's thresholds {@code spent} has reached. */
  static int reached(BudgetSpec s, long spent) {
    BigInteger spent100 = BigInteger.valueOf(spent).multiply(HUNDRED);
    int n = 0;
    for (int percent : s.thresholds()) {
      BigInteger bar = BigInteger.valueOf(s.limit()).multiply(BigInteger.valueOf(percent));
      if (spent100.compareTo(bar) < 0) {
        break;
      }
      n++;
    }
    return n;
  }

  /**
   * The least spend s with s × 100 ≥ limit × percent, that is ⌈limit × percent / 100⌉, or {@link
   * Long#MAX_VALUE} if no long is that large (then the exact check decides).
   */
  static long crossingSpend(long limit, int percent) {
    BigInteger[] qr =
        BigInteger.valueOf(limit).multiply(BigInteger.valueOf(percent)).divideAndRemainder(HUNDRED);
    BigInteger least = qr[1].signum() > 0 ? qr[0].add(BigInteger.ONE) : qr[0];
    return least.bitLength() < Long.SIZE ? least.longValue() : Long.MAX_VALUE;
  }
}

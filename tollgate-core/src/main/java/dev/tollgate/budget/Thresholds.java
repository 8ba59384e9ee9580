package dev.tollgate.budget;

import java.math.BigInteger;
import java.util.List;

/** Tells the listener, once per period, each threshold that a budget's spend has crossed. */
final class Thresholds {

  private static final BigInteger HUNDRED = BigInteger.valueOf(100);

  private Thresholds() {}

  /** Called with the budget's lock held, after {@code c}'s spend grew. */
  static void check(BudgetState b, Counter c, BudgetListener listener) {
    if (b.spec.enforcement() == Enforcement.TRACK) {
      return;
    }
    List<Integer> thresholds = b.spec.thresholds();
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
    BigInteger spent100 = BigInteger.valueOf(c.spent).multiply(BigInteger.valueOf(100));
    while (c.thresholdsCrossed < thresholds.size()) {
      int percent = thresholds.get(c.thresholdsCrossed);
      BigInteger bar = BigInteger.valueOf(b.spec.limit()).multiply(BigInteger.valueOf(percent));
      if (spent100.compareTo(bar) < 0) {
        return;
      }
      c.thresholdsCrossed++;
      listener.thresholdCrossed(b.spec, new Period.Window(c.start, c.end), percent, c.spent);
    }
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

package dev.tollgate.budget;

import java.math.BigInteger;
import java.util.List;

/** Tells the listener, once per period, each threshold that a budget's spend has crossed. */
final class Thresholds {

  private Thresholds() {}

  /** Called with the budget's lock held, after {@code c}'s spend grew. */
  static void check(BudgetState b, Counter c, BudgetListener listener) {
    if (b.spec.enforcement() == Enforcement.TRACK) {
      return;
    }
    List<Integer> thresholds = b.spec.thresholds();
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
}

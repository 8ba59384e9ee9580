package dev.tollgate.budget;

import java.math.BigInteger;
import java.util.List;

/**
 * Tells the listener each threshold that a budget's spend has crossed: once per period for a
 * calendar period; for a rolling window, once each time the window's spend rises through it (it may
 * rise through it again after old hours have left the window).
 */
final class Thresholds {

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
    int reached = reached(b.spec, c.spent);
    for (; c.thresholdsCrossed < reached; c.thresholdsCrossed++) {
      listener.thresholdCrossed(
          b.spec, new Period.Window(c.start, c.end), thresholds.get(c.thresholdsCrossed), c.spent);
    }
  }

  /** How many of the spec's thresholds {@code spent} has reached. */
  static int reached(BudgetSpec s, long spent) {
    BigInteger spent100 = BigInteger.valueOf(spent).multiply(BigInteger.valueOf(100));
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
}

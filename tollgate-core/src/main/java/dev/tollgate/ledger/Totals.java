package dev.tollgate.ledger;

/**
 * Sums over usage events: what budgets count.
 *
 * @param costNanos the actual cost in nano-dollars (unpriced events add nothing)
 * @param tokens every token of every kind
 * @param requests the number of events
 */
public record Totals(long costNanos, long tokens, long requests) {

  /** Nothing. */
  public static final Totals ZERO = new Totals(0, 0, 0);

  /** The sum of two totals. */
  public Totals plus(Totals other) {
    return new Totals(
        Math.addExact(costNanos, other.costNanos),
        Math.addExact(tokens, other.tokens),
        Math.addExact(requests, other.requests));
  }

  /** The totals of one event. */
  public static Totals of(UsageEvent e) {
    return new Totals(e.actualCost().nanos(), e.totalTokens(), 1);
  }
}

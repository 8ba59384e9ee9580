package dev.tollgate.budget;

import dev.tollgate.money.Money;

/**
 * What a request really used, to settle its reservation with.
 *
 * @param cost its exact cost
 * @param tokens every token it used
 */
public record Actual(Money cost, long tokens) {

  /** The amount in {@code metric}'s unit. */
  public long amount(Metric metric) {
    return switch (metric) {
      case COST -> cost.nanos();
      case TOKENS -> tokens;
      case REQUESTS -> 1;
    };
  }
}

package dev.tollgate.pricing;

import dev.tollgate.money.Money;
import java.time.Instant;
import java.util.Objects;

/**
 * The circumstances of a request that change its price.
 *
 * @param at when the request was made: selects the price schedule and any time-of-day window
 * @param batch whether it went through the provider's batch API
 * @param monthlySpendBefore what was already spent on this model this month, for volume tiers
 */
public record PriceOptions(Instant at, boolean batch, Money monthlySpendBefore) {

  public PriceOptions {
    Objects.requireNonNull(at, "at");
    Objects.requireNonNull(monthlySpendBefore, "monthlySpendBefore");
  }

  /** A single interactive request at {@code at}, with no volume so far. */
  public static PriceOptions at(Instant at) {
    return new PriceOptions(at, false, Money.ZERO);
  }

  /** The same, as a batch request. */
  public PriceOptions asBatch() {
    return new PriceOptions(at, true, monthlySpendBefore);
  }

  /** The same, with {@code spend} already spent this month. */
  public PriceOptions withMonthlySpend(Money spend) {
    return new PriceOptions(at, batch, spend);
  }
}

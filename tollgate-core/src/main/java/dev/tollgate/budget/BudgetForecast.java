package dev.tollgate.budget;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * Where a budget is headed by the end of its period at its recent burn rate ({@link Forecasts}).
 * Amounts are in the budget's unit (nano-dollars, tokens or requests).
 *
 * @param status the budget's status when the forecast was made
 * @param at when it was made
 * @param lookback the recent window the burn rate is measured over, ending at {@code at}
 * @param lookbackSpent what the budget's scope spent in that window, summed from the ledger;
 *     adjustments are left out (a reset or a set-remaining is not spending)
 * @param ratePerDay {@code lookbackSpent} per day, to six decimal places
 * @param projected the spend at the end of the period: spent + the rate × the time left, rounded
 *     up; empty when the period has no end (a lifetime budget, a rolling window)
 * @param limitHitAt when spend would reach the limit at that rate, rounded up to the second, if
 *     before the period ends; empty if it would not, or already has
 * @param outlook where that leaves the budget
 * @param method how the forecast was worked out, naming the window and why that one
 */
public record BudgetForecast(
    BudgetStatus status,
    Instant at,
    Period.Window lookback,
    long lookbackSpent,
    BigDecimal ratePerDay,
    OptionalLong projected,
    Optional<Instant> limitHitAt,
    Outlook outlook,
    String method) {

  /** Where a budget is headed. */
  public enum Outlook {
    /** The projection stays within the limit (or the limit is never reached at this rate). */
    UNDER_LIMIT,
    /** At this rate the limit is reached before the period ends, at {@link #limitHitAt()}. */
    OVER_LIMIT,
    /** Spent has already reached the limit. */
    EXCEEDED
  }

  /** The projection minus the limit: positive for an overrun, negative for an underrun. */
  public OptionalLong overrun() {
    return projected.isPresent()
        ? OptionalLong.of(projected.getAsLong() - status.allocated())
        : OptionalLong.empty();
  }
}

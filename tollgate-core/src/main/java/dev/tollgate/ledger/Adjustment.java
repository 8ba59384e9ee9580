package dev.tollgate.ledger;

import java.time.Instant;
import java.util.Objects;

/**
 * A manual change to a budget's period, kept in the ledger so that a counter always equals a sum
 * over the ledger: the usage events that match the budget in the period, plus its adjustments.
 *
 * @param id unique id of the adjustment
 * @param time when it was made
 * @param budgetId the budget adjusted
 * @param periodStart the start of the period it applies to
 * @param kind what was done
 * @param delta what it adds to the period's spent amount, in the budget's unit (nano-dollars,
 *     tokens or requests); negative to give budget back
 * @param actor who did it
 * @param reason why, as the actor wrote it
 */
public record Adjustment(
    String id,
    Instant time,
    String budgetId,
    Instant periodStart,
    Kind kind,
    long delta,
    String actor,
    String reason)
    implements LedgerEntry {

  public Adjustment {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(time, "time");
    Objects.requireNonNull(budgetId, "budgetId");
    Objects.requireNonNull(periodStart, "periodStart");
    Objects.requireNonNull(kind, "kind");
    actor = Objects.requireNonNullElse(actor, "");
    reason = Objects.requireNonNullElse(reason, "");
  }

  /** The kinds of adjustment. */
  public enum Kind {
    /** The remaining amount was set, e.g. to match a provider console; delta makes it so. */
    SET_REMAINING,
    /** The period was reset to nothing spent; delta is minus what had been spent. */
    RESET_PERIOD,
    /** An admin let one request through past a hard limit; delta is 0, the event records it. */
    EMERGENCY_OVERRIDE
  }
}

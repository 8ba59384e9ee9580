package dev.tollgate.budget;

import java.time.Instant;
import java.util.Objects;
import java.util.OptionalLong;

/**
 * An admin's emergency override of one hard or adaptive budget: until {@code expiresAt}, requests
 * may go past the budget's limit, by at most {@code extra} (in the budget's unit), or without a
 * ceiling when {@code extra} is empty. The emergency reserve is still kept for critical requests,
 * and the budget's per-request rules (allowed models and providers, the most a request may cost)
 * still apply: the override lifts the limit, nothing else.
 *
 * @param budgetId the budget
 * @param actor who allowed it, as the audit log names them
 * @param reason why
 * @param extra how far past the limit spend may go; empty for no ceiling
 * @param grantedAt when it was allowed
 * @param expiresAt when it ends by itself
 */
public record EmergencyOverride(
    String budgetId,
    String actor,
    String reason,
    OptionalLong extra,
    Instant grantedAt,
    Instant expiresAt) {

  /**
   * @throws IllegalArgumentException if the actor or reason is blank, {@code extra} is not
   *     positive, or it expires before it starts
   */
  public EmergencyOverride {
    Objects.requireNonNull(budgetId, "budgetId");
    Objects.requireNonNull(extra, "extra");
    Objects.requireNonNull(grantedAt, "grantedAt");
    Objects.requireNonNull(expiresAt, "expiresAt");
    if (actor == null || actor.isBlank() || reason == null || reason.isBlank()) {
      throw new IllegalArgumentException("an emergency override needs an actor and a reason");
    }
    if (extra.isPresent() && extra.getAsLong() <= 0) {
      throw new IllegalArgumentException("the extra allowance must be positive");
    }
    if (!expiresAt.isAfter(grantedAt)) {
      throw new IllegalArgumentException("an emergency override must end after it starts");
    }
  }

  /** Whether it is in force at {@code t}. */
  public boolean activeAt(Instant t) {
    return t.isBefore(expiresAt);
  }
}

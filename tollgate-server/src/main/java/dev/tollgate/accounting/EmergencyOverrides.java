package dev.tollgate.accounting;

import dev.tollgate.budget.BudgetEngine;
import dev.tollgate.budget.EmergencyOverride;
import java.time.InstantSource;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The admins' emergency overrides of budgets: put in force in the engine, then stored, so that a
 * restart puts back those that have not expired. A store failure undoes the engine change, so the
 * two never disagree. Called on the admin API's single worker, one change at a time.
 */
public final class EmergencyOverrides {

  private static final Logger LOG = LoggerFactory.getLogger("tollgate.budgets");

  private final OverrideStore store;
  private final BudgetEngine engine;
  private final InstantSource clock;

  EmergencyOverrides(OverrideStore store, BudgetEngine engine, InstantSource clock) {
    this.store = store;
    this.engine = engine;
    this.clock = clock;
  }

  /**
   * Puts back every stored override still in force on a budget that can take one; forgets the
   * others (expired, or their budget gone or no longer refusing), saying so in the log.
   */
  public void restore() {
    for (EmergencyOverride o : store.all()) {
      if (!o.activeAt(clock.instant())) {
        store.delete(o.budgetId());
        continue;
      }
      try {
        engine.grant(o);
        LOG.warn(
            "budget {}: the emergency override by {} is in force until {}: {}",
            o.budgetId(),
            o.actor(),
            o.expiresAt(),
            o.reason());
      } catch (IllegalArgumentException e) {
        store.delete(o.budgetId());
        LOG.warn("dropped the stored emergency override of {}: {}", o.budgetId(), e.getMessage());
      }
    }
  }

  /**
   * Puts {@code o} in force and stores it.
   *
   * @return the override it replaced, if one was in force
   * @throws IllegalArgumentException if the budget does not exist or never refuses
   */
  public Optional<EmergencyOverride> grant(EmergencyOverride o) {
    Optional<EmergencyOverride> before = engine.grant(o);
    try {
      store.put(o);
    } catch (RuntimeException e) {
      before.ifPresentOrElse(engine::grant, () -> engine.endOverride(o.budgetId()));
      throw e;
    }
    return before;
  }

  /**
   * Ends the override of {@code budgetId} now.
   *
   * @return the override that was in force, if any
   * @throws IllegalArgumentException if the budget does not exist
   */
  public Optional<EmergencyOverride> end(String budgetId) {
    Optional<EmergencyOverride> before = engine.endOverride(budgetId);
    try {
      store.delete(budgetId);
    } catch (RuntimeException e) {
      before.ifPresent(engine::grant);
      throw e;
    }
    return before;
  }

  /** Forgets the stored override of a budget that was deleted. */
  public void forget(String budgetId) {
    store.delete(budgetId);
  }
}

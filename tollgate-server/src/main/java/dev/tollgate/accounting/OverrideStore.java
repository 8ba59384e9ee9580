package dev.tollgate.accounting;

import dev.tollgate.budget.EmergencyOverride;
import java.util.List;

/**
 * Where the emergency overrides of budgets are kept, at most one per budget, so that a restart puts
 * back those that have not expired. Every method is thread-safe.
 */
public interface OverrideStore {

  /** Every stored override, expired or not, by budget id. */
  List<EmergencyOverride> all();

  /** Stores {@code o}, replacing its budget's override if there is one. */
  void put(EmergencyOverride o);

  /** Deletes the override of {@code budgetId}; whether there was one. */
  boolean delete(String budgetId);
}

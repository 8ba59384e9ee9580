package dev.tollgate.accounting;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/** Where the budgets defined through the admin API are kept. Every method is thread-safe. */
public interface BudgetStore {

  /**
   * One stored budget.
   *
   * @param id the budget's id
   * @param definition its definition: the JSON object of a {@code budgets.define} entry
   * @param created when it was first stored
   * @param updated when it was last changed
   */
  record Stored(String id, String definition, Instant created, Instant updated) {}

  /** Every stored budget, by id. */
  List<Stored> all();

  /** The budget {@code id}, if stored. */
  Optional<Stored> get(String id);

  /** Inserts or replaces {@code budget}. */
  void put(Stored budget);

  /** Deletes the budget {@code id}; whether it existed. */
  boolean delete(String id);
}

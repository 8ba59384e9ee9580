package dev.tollgate.budget;

import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** Checks a set of budget specs as a whole: ids are unique and no two budgets overlap. */
final class BudgetSpecs {

  private BudgetSpecs() {}

  /**
   * @throws IllegalArgumentException naming the duplicate id, or both overlapping budgets
   */
  static void validate(List<BudgetSpec> specs) {
    Set<String> ids = new HashSet<>();
    Map<String, String> shapes = new HashMap<>();
    for (BudgetSpec s : specs) {
      if (!ids.add(s.id())) {
        throw new IllegalArgumentException("budget id '" + s.id() + "' is defined twice");
      }
      // Two budgets with the same scope, metric and period would count the same spend twice
      // against two limits; one of them is a mistake, and which one is not ours to guess.
      String shape = s.scope() + " " + s.metric() + " " + s.period();
      String other = shapes.putIfAbsent(shape, s.id());
      if (other != null) {
        throw new IllegalArgumentException(
            "budgets '"
                + other
                + "' and '"
                + s.id()
                + "' overlap: both limit "
                + s.metric().name().toLowerCase(java.util.Locale.ROOT)
                + " of "
                + s.scope()
                + " per "
                + s.period()
                + " period");
      }
    }
  }
}

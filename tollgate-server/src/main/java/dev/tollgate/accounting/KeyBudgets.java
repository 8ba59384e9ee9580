package dev.tollgate.accounting;

import dev.tollgate.budget.BudgetLedger;
import dev.tollgate.budget.BudgetSpec;
import dev.tollgate.keys.KeyBudget;
import dev.tollgate.keys.VirtualKey;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * The budgets virtual keys carry, kept registered in the budget engine as budgets of scope {@code
 * key:<id>}: all of them at start-up, and a key's own whenever it is created or changed. Each
 * change is one atomic swap in the engine, with the new budgets' counters rebuilt from the ledger
 * first, so a budget given to a key that already spent starts from what it spent.
 */
public final class KeyBudgets {

  private final BudgetLedger ledger;
  private final ZoneId zone;

  KeyBudgets(BudgetLedger ledger, ZoneId zone) {
    this.ledger = ledger;
    this.zone = zone;
  }

  /**
   * Registers the budgets of every key in {@code keys}.
   *
   * @throws IllegalArgumentException naming the key whose budget clashes with a configured one
   */
  public void registerAll(List<VirtualKey> keys) {
    List<BudgetSpec> all = new ArrayList<>();
    for (VirtualKey k : keys) {
      all.addAll(specs(k.id(), k.limits().budgets()));
    }
    if (!all.isEmpty()) {
      ledger.redefine(all, Set.of());
    }
  }

  /**
   * Replaces the budgets of the key {@code keyId}, {@code before}, by {@code after}.
   *
   * @throws IllegalArgumentException if a budget is invalid or overlaps another; nothing changes
   */
  public void replace(String keyId, List<KeyBudget> before, List<KeyBudget> after) {
    Set<String> remove = new HashSet<>();
    before.forEach(b -> remove.add(b.budgetId(keyId)));
    List<BudgetSpec> add = specs(keyId, after);
    if (!remove.isEmpty() || !add.isEmpty()) {
      ledger.redefine(add, remove);
    }
  }

  /**
   * The engine's specs of {@code budgets}.
   *
   * @throws IllegalArgumentException naming {@code budgets[i]} if one is invalid
   */
  public List<BudgetSpec> specs(String keyId, List<KeyBudget> budgets) {
    List<BudgetSpec> out = new ArrayList<>();
    for (int i = 0; i < budgets.size(); i++) {
      try {
        out.add(budgets.get(i).spec(keyId, zone));
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException("budgets[" + i + "]: " + e.getMessage(), e);
      }
    }
    return out;
  }
}

package dev.tollgate.admin;

import dev.tollgate.accounting.Accounting;
import dev.tollgate.budget.BudgetSpec;
import dev.tollgate.budget.Scope;
import dev.tollgate.keys.VirtualKeys;
import java.util.Comparator;
import java.util.List;

/**
 * Which budgets a caller of the admin API may see and change. Admin and finance callers see every
 * budget (what they may change is their routes' {@link Access}). A team-manager sees the budgets of
 * scope {@code team:<its team>} and those of scope {@code key:<id>} for the keys its team owns; any
 * other budget is answered as if it did not exist (404), as another team's key is, and a budget it
 * defines must have one of those scopes (403 otherwise, as a key of another team is).
 */
final class BudgetAccess {

  private final Accounting accounting;
  private final VirtualKeys keys;

  BudgetAccess(Accounting accounting, VirtualKeys keys) {
    this.accounting = accounting;
    this.keys = keys;
  }

  /** Whether {@code who} may see the budgets of {@code scope}. */
  boolean sees(Principal who, Scope scope) {
    if (!who.scoped()) {
      return true;
    }
    return switch (scope.dimension()) {
      case TEAM -> who.sees(scope.value());
      case KEY -> keys.byId(scope.value()).map(k -> who.sees(k.team())).orElse(false);
      default -> false;
    };
  }

  /**
   * The budget {@code id}, if {@code who} may see it.
   *
   * @throws AdminException 404 if there is none, or it is not {@code who}'s to see (same message)
   */
  BudgetSpec find(Principal who, String id) {
    return accounting.engine().specs().stream()
        .filter(s -> s.id().equals(id) && sees(who, s.scope()))
        .findFirst()
        .orElseThrow(() -> AdminException.notFound("the budget '" + id + "'"));
  }

  /** The budgets {@code who} may see, of {@code scope} (every scope if null), by id. */
  List<BudgetSpec> visible(Principal who, Scope scope) {
    return accounting.engine().specs().stream()
        .filter(s -> scope == null || s.scope().equals(scope))
        .filter(s -> sees(who, s.scope()))
        .sorted(Comparator.comparing(BudgetSpec::id))
        .toList();
  }

  /**
   * Refuses a budget of {@code scope} that {@code who} may not define.
   *
   * @throws AdminException 403 {@code team_forbidden} naming the field {@code scope}
   */
  void mayDefine(Principal who, Scope scope) {
    if (!sees(who, scope)) {
      throw new AdminException(
          403,
          "team_forbidden",
          "scope",
          "scope: a team-manager of '"
              + who.team()
              + "' defines budgets of scope team:"
              + who.team()
              + " or key:<one of its team's keys> only, not "
              + scope);
    }
  }
}

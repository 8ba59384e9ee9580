package dev.tollgate.admin;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tollgate.accounting.Accounting;
import dev.tollgate.budget.BudgetForecast;
import dev.tollgate.budget.BudgetSpec;
import dev.tollgate.budget.BudgetStatus;
import dev.tollgate.budget.Forecasts;
import dev.tollgate.budget.Metric;
import dev.tollgate.budget.Period;
import java.time.Duration;
import java.util.List;
import java.util.OptionalLong;

/**
 * {@code GET /admin/v1/forecast}: each budget's spend projected to the end of its current period
 * from its recent burn rate ({@link Forecasts}), with the method and its window named in every
 * entry. Paged by budget id like the budget list, filtered by {@code scope} or one {@code budget};
 * a team-manager sees its own team's budgets only.
 */
final class ForecastResource {

  private final Forecasts forecasts;
  private final BudgetAccess access;

  ForecastResource(Accounting accounting, BudgetAccess access) {
    this.forecasts = new Forecasts(accounting.engine(), accounting.ledger());
    this.access = access;
  }

  void register(AdminRouter router) {
    router.list("/forecast", Access.READ, "BudgetForecast", this::list);
  }

  private AdminResponse list(AdminRequest r) {
    int limit = Pages.limit(r.query());
    String after = Pages.after(r.query()).orElse("");
    String budget = r.query().get("budget");
    List<BudgetSpec> all =
        budget != null
            ? List.of(access.find(r.principal(), budget))
            : access.visible(r.principal(), BudgetsResource.scopeParam(r));
    List<BudgetSpec> page =
        all.stream().filter(s -> s.id().compareTo(after) > 0).limit(limit + 1L).toList();
    return AdminResponse.ok(
        Pages.of(page, limit, s -> render(forecasts.of(s.id())), BudgetSpec::id));
  }

  /** One forecast: the figures in the budget's unit, the outlook, and how they were worked out. */
  static ObjectNode render(BudgetForecast f) {
    BudgetStatus st = f.status();
    Metric m = st.metric();
    ObjectNode o = JsonNodeFactory.instance.objectNode();
    o.put("budget", st.budgetId()).put("object", "budget_forecast");
    BudgetJson.describe(o, st);
    o.put("at", f.at().toString());
    boolean ends = !st.window().end().equals(Period.END);
    o.putObject("period")
        .put("start", st.window().start().toString())
        .put("end", ends ? st.window().end().toString() : null);
    BudgetJson.amount(o, "limit", m, st.allocated());
    BudgetJson.amount(o, "spent", m, st.spent());
    BudgetJson.amount(o, "projected", m, f.projected());
    OptionalLong overrun = f.overrun();
    BudgetJson.amount(o, "projected_overrun", m, positive(overrun, 1));
    BudgetJson.amount(o, "projected_underrun", m, positive(overrun, -1));
    o.put("outlook", BudgetJson.lower(f.outlook()));
    o.put("limit_hit_at", f.limitHitAt().map(Object::toString).orElse(null));
    BudgetJson.ratePerDay(o, m, f.ratePerDay());
    Duration window = f.lookback().length();
    o.putObject("window")
        .put("start", f.lookback().start().toString())
        .put("end", f.lookback().end().toString())
        .put("hours", window.toHours());
    BudgetJson.amount(o, "window_spent", m, f.lookbackSpent());
    o.put("method", f.method());
    return o;
  }

  /** {@code sign} × the overrun when that is not negative; empty without a projection. */
  private static OptionalLong positive(OptionalLong overrun, int sign) {
    return overrun.isPresent()
        ? OptionalLong.of(Math.max(0, sign * overrun.getAsLong()))
        : OptionalLong.empty();
  }
}

package dev.tollgate.admin;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tollgate.accounting.Accounting;
import dev.tollgate.budget.BudgetStatus;
import dev.tollgate.budget.Scope;
import dev.tollgate.ledger.Dimension;
import dev.tollgate.ledger.Totals;
import java.time.InstantSource;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * {@code GET /admin/v1/status/providers?months=N}: every provider side by side, with its spend in
 * each of the last N calendar months (UTC), the current one first, summed from the ledger, so usage
 * recorded from outside the gateway is in it, and the status of the budgets scoped to it.
 */
final class ProviderStatus {

  /** The most months one request looks back. */
  static final int MAX_MONTHS = 36;

  private final Accounting accounting;
  private final InstantSource clock;

  ProviderStatus(Accounting accounting, InstantSource clock) {
    this.accounting = accounting;
    this.clock = clock;
  }

  void register(AdminRouter router) {
    router.get("/status/providers", Access.READ_ALL, this::providers);
  }

  private AdminResponse providers(AdminRequest r) {
    int months = Paging.number(r, "months", 6, 1, MAX_MONTHS);
    YearMonth current = YearMonth.from(clock.instant().atZone(ZoneOffset.UTC));
    TreeSet<String> names = new TreeSet<>();
    ObjectNode body = JsonNodeFactory.instance.objectNode().put("object", "provider_status");
    body.put("currency", "USD").put("months_shown", months).put("zone", "UTC");
    ArrayNode history = body.putArray("months");
    for (int i = 0; i < months; i++) {
      YearMonth m = current.minusMonths(i);
      var from = m.atDay(1).atStartOfDay(ZoneOffset.UTC).toInstant();
      var to = m.plusMonths(1).atDay(1).atStartOfDay(ZoneOffset.UTC).toInstant();
      Map<String, Totals> totals =
          accounting.ledger().totalsByProvider(Dimension.GLOBAL, "", from, to);
      ObjectNode month = history.addObject().put("month", m.toString());
      month.put("start", from.toString()).put("end", to.toString());
      long sum = 0;
      ObjectNode providers = month.putObject("providers");
      for (Map.Entry<String, Totals> e : new TreeMap<>(totals).entrySet()) {
        names.add(e.getKey());
        sum += e.getValue().costNanos();
        providers
            .putObject(e.getKey())
            .put("spent_usd", BudgetJson.usd(e.getValue().costNanos()))
            .put("tokens", e.getValue().tokens())
            .put("requests", e.getValue().requests());
      }
      month.put("total_usd", BudgetJson.usd(sum));
    }
    ArrayNode side = body.putArray("providers");
    for (String p : names) {
      ObjectNode o = side.addObject().put("provider", p);
      ArrayNode budgets = o.putArray("budgets");
      for (BudgetStatus s : accounting.engine().status(Scope.of(Dimension.PROVIDER, p))) {
        budgets.add(BudgetJson.status(s));
      }
    }
    return AdminResponse.ok(body);
  }
}

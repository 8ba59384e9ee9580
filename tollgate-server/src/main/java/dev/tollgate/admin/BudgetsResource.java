package dev.tollgate.admin;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tollgate.accounting.Accounting;
import dev.tollgate.audit.Audit;
import dev.tollgate.budget.BudgetLedger;
import dev.tollgate.budget.BudgetSpec;
import dev.tollgate.budget.BudgetStatus;
import dev.tollgate.budget.Metric;
import dev.tollgate.budget.Period;
import dev.tollgate.budget.Scope;
import dev.tollgate.ledger.Adjustment;
import dev.tollgate.money.Money;
import java.math.BigDecimal;
import java.util.Comparator;
import java.util.List;
import java.util.Set;

/**
 * {@code /admin/v1/budgets} and {@code /admin/v1/status}: every budget the engine enforces (from
 * the configuration file and from virtual keys), where each stands, its past periods, and the two
 * manual adjustments (set the remaining amount, reset the period), each recorded in the ledger as
 * an {@link Adjustment} before the answer, so a restart rebuilds the same counters.
 */
final class BudgetsResource {

  /** The most past periods one history request returns. */
  static final int MAX_PERIODS = 36;

  private static final int MAX_REASON = 500;

  private final Accounting accounting;
  private final Audit audit;

  BudgetsResource(Accounting accounting, Audit audit) {
    this.accounting = accounting;
    this.audit = audit;
  }

  void register(AdminRouter router) {
    new BudgetWrites(accounting, audit).register(router);
    router
        .list("/budgets", Access.READ_ALL, this::list)
        .get("/budgets/{id}", Access.READ_ALL, this::show)
        .get("/budgets/{id}/status", Access.READ_ALL, r -> ok(status(find(r.param("id")))))
        .get("/budgets/{id}/history", Access.READ_ALL, this::history)
        .post("/budgets/{id}/set-remaining", Access.ADMIN_ONLY, this::setRemaining)
        .post("/budgets/{id}/reset", Access.ADMIN_ONLY, this::reset)
        .get("/status", Access.READ_ALL, this::scopeStatus);
  }

  private AdminResponse list(AdminRequest r) {
    int limit = Pages.limit(r.query());
    String after = r.query().get("after");
    Scope scope = scopeParam(r);
    List<BudgetSpec> all =
        accounting.engine().specs().stream()
            .filter(s -> scope == null || s.scope().equals(scope))
            .filter(s -> after == null || after.isEmpty() || s.id().compareTo(after) > 0)
            .sorted(Comparator.comparing(BudgetSpec::id))
            .toList();
    boolean more = all.size() > limit;
    List<BudgetSpec> shown = more ? all.subList(0, limit) : all;
    ObjectNode body = JsonNodeFactory.instance.objectNode().put("object", "list");
    ArrayNode data = body.putArray("data");
    shown.forEach(s -> data.add(BudgetJson.spec(s, source(s))));
    body.put("has_more", more);
    body.put("next_cursor", more ? shown.getLast().id() : null);
    return ok(body);
  }

  private AdminResponse show(AdminRequest r) {
    return ok(render(accounting, find(r.param("id"))));
  }

  /** A budget's definition with its status. */
  static ObjectNode render(Accounting accounting, BudgetSpec s) {
    ObjectNode o = BudgetJson.spec(s, source(accounting, s));
    o.set("status", BudgetJson.status(accounting.engine().status(s.id())));
    return o;
  }

  private AdminResponse scopeStatus(AdminRequest r) {
    Scope scope = scopeParam(r);
    ObjectNode body = JsonNodeFactory.instance.objectNode().put("object", "list");
    body.put("scope", scope == null ? null : scope.toString());
    ArrayNode data = body.putArray("data");
    List<BudgetStatus> all =
        scope == null
            ? accounting.engine().specs().stream()
                .map(s -> accounting.engine().status(s.id()))
                .toList()
            : accounting.engine().status(scope);
    all.stream()
        .sorted(Comparator.comparing(s -> s.budgetId()))
        .forEach(s -> data.add(BudgetJson.status(s)));
    return ok(body);
  }

  private AdminResponse history(AdminRequest r) {
    BudgetSpec s = find(r.param("id"));
    int periods = Paging.number(r, "periods", 12, 1, MAX_PERIODS);
    if (s.period().kind() == Period.Kind.ROLLING) {
      throw AdminException.invalid("id", "a rolling window has no past periods");
    }
    ObjectNode body = JsonNodeFactory.instance.objectNode().put("object", "list");
    body.put("budget", s.id());
    ArrayNode data = body.putArray("data");
    for (BudgetLedger.PeriodSpend p : accounting.budgetLedger().history(s.id(), periods)) {
      ObjectNode o = data.addObject();
      o.put("start", p.window().start().toString()).put("end", p.window().end().toString());
      BudgetJson.amount(o, "spent", s.metric(), p.spent());
      BudgetJson.amount(o, "limit", s.metric(), p.limit());
      o.put("health", p.health().name());
    }
    return ok(body);
  }

  private AdminResponse setRemaining(AdminRequest r) {
    BudgetSpec s = adjustable(r, Set.of("remaining_usd", "remaining", "reason"));
    long remaining = remaining(r, s);
    ObjectNode before = status(s);
    Adjustment a;
    try {
      a = accounting.budgetLedger().setRemaining(s.id(), remaining, actor(r), reason(r));
    } catch (IllegalArgumentException e) {
      throw AdminException.invalid(
          s.metric() == Metric.COST ? "remaining_usd" : "remaining", e.getMessage());
    }
    return recorded(r, "budget.set_remaining", before, a, s);
  }

  private AdminResponse reset(AdminRequest r) {
    BudgetSpec s = adjustable(r, Set.of("reason"));
    ObjectNode before = status(s);
    Adjustment a = accounting.budgetLedger().resetPeriod(s.id(), actor(r), reason(r));
    return recorded(r, "budget.reset", before, a, s);
  }

  private AdminResponse recorded(
      AdminRequest r, String action, ObjectNode before, Adjustment a, BudgetSpec s) {
    // Durable before the answer: the counter already moved, the ledger must say so after a crash.
    accounting.ledger().append(List.of(a));
    ObjectNode o = BudgetJson.adjustment(a, s.metric());
    o.set("status", status(s));
    audit.record(r.principal().actor(), action, "budget:" + s.id(), before, o);
    return ok(o);
  }

  private static String actor(AdminRequest r) {
    return r.principal().actor().id();
  }

  private BudgetSpec adjustable(AdminRequest r, Set<String> allowed) {
    BudgetSpec s = find(r.param("id"));
    r.only(allowed);
    if (s.period().kind() == Period.Kind.ROLLING) {
      throw AdminException.invalid("id", "a rolling window has no period to adjust");
    }
    return s;
  }

  private static long remaining(AdminRequest r, BudgetSpec s) {
    if (s.metric() == Metric.COST) {
      JsonNode v = r.field("remaining_usd");
      if (v == null || !v.isTextual()) {
        throw AdminException.invalid(
            "remaining_usd", "required, as a decimal string of US dollars, e.g. \"12.50\"");
      }
      try {
        return Money.ofUsd(new BigDecimal(v.asText())).nanos();
      } catch (RuntimeException e) {
        throw AdminException.invalid("remaining_usd", "not a dollar amount: '" + v.asText() + "'");
      }
    }
    JsonNode v = r.field("remaining");
    if (v == null || !v.canConvertToLong() || !v.isIntegralNumber()) {
      throw AdminException.invalid(
          "remaining", "required, as a whole number of " + BudgetJson.unit(s.metric()));
    }
    return v.asLong();
  }

  /** The optional {@code reason} of a change: text of at most {@value #MAX_REASON} characters. */
  static String reason(AdminRequest r) {
    JsonNode v = r.field("reason");
    if (v == null || v.isNull()) {
      return "";
    }
    if (!v.isTextual() || v.asText().length() > MAX_REASON) {
      throw AdminException.invalid(
          "reason", "must be text of at most " + MAX_REASON + " characters");
    }
    return v.asText();
  }

  private static Scope scopeParam(AdminRequest r) {
    String given = r.query().get("scope");
    if (given == null) {
      return null;
    }
    try {
      return Scope.parse(given);
    } catch (IllegalArgumentException e) {
      throw AdminException.invalid("scope", e.getMessage());
    }
  }

  private ObjectNode status(BudgetSpec s) {
    return BudgetJson.status(accounting.engine().status(s.id()));
  }

  private BudgetSpec find(String id) {
    return find(accounting, id);
  }

  /** The budget {@code id}, or a 404. */
  static BudgetSpec find(Accounting accounting, String id) {
    return accounting.engine().specs().stream()
        .filter(s -> s.id().equals(id))
        .findFirst()
        .orElseThrow(() -> AdminException.notFound("the budget '" + id + "'"));
  }

  private String source(BudgetSpec s) {
    return source(accounting, s);
  }

  /** Where a budget is defined: {@code config} (the file), {@code api} or {@code key}. */
  static String source(Accounting accounting, BudgetSpec s) {
    if (accounting.fromConfig(s.id())) {
      return "config";
    }
    return accounting.apiBudgets().has(s.id()) ? "api" : "key";
  }

  private static AdminResponse ok(ObjectNode body) {
    return AdminResponse.ok(body);
  }
}

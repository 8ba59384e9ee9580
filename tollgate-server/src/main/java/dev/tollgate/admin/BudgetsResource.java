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
import dev.tollgate.keys.VirtualKeys;
import dev.tollgate.ledger.Adjustment;
import dev.tollgate.money.Money;
import dev.tollgate.reports.UsageReports;
import java.math.BigDecimal;
import java.time.InstantSource;
import java.util.List;
import java.util.Set;

/**
 * {@code /admin/v1/budgets} and {@code /admin/v1/status}: every budget the engine enforces (from
 * the configuration file, the API and virtual keys), where each stands with its period's spend by
 * provider and model, its past periods, and the two manual adjustments (set the remaining amount,
 * reset the period), each recorded in the ledger as an {@link Adjustment} before the answer, so a
 * restart rebuilds the same counters. A team-manager sees and changes its own team's budgets only
 * ({@link BudgetAccess}).
 */
final class BudgetsResource {

  /** The most past periods one history request returns. */
  static final int MAX_PERIODS = 36;

  private static final int MAX_REASON = 500;

  private final Accounting accounting;
  private final Audit audit;
  private final BudgetAccess access;
  private final BudgetBreakdown breakdown;
  private final InstantSource clock;

  BudgetsResource(
      Accounting accounting,
      Audit audit,
      VirtualKeys keys,
      UsageReports reports,
      InstantSource clock) {
    this.accounting = accounting;
    this.audit = audit;
    this.access = new BudgetAccess(accounting, keys);
    this.breakdown = new BudgetBreakdown(reports);
    this.clock = clock;
  }

  void register(AdminRouter router) {
    new BudgetWrites(accounting, audit, access, this::render).register(router);
    router
        .list("/budgets", Access.READ, "Budget", this::list)
        .get(
            "/budgets/{id}",
            Access.READ,
            AdminRouter.Doc.answers("Budget"),
            r -> ok(render(find(r))))
        .get(
            "/budgets/{id}/status",
            Access.READ,
            AdminRouter.Doc.answers("BudgetStatus"),
            r -> ok(status(find(r))))
        .get("/budgets/{id}/history", Access.READ, this::history)
        .post(
            "/budgets/{id}/set-remaining",
            Access.WRITE,
            AdminRouter.Doc.takes("BudgetSetRemaining", "BudgetAdjustment"),
            this::setRemaining)
        .post(
            "/budgets/{id}/reset",
            Access.WRITE,
            AdminRouter.Doc.takes("BudgetReset", "BudgetAdjustment"),
            this::reset)
        .list("/status", Access.READ, "BudgetStatus", this::scopeStatus);
    new OverrideResource(accounting, audit, access, clock, this::status).register(router);
    new ForecastResource(accounting, access).register(router);
  }

  private AdminResponse list(AdminRequest r) {
    int limit = Pages.limit(r.query());
    String after = Pages.after(r.query()).orElse("");
    List<BudgetSpec> page =
        access.visible(r.principal(), scopeParam(r)).stream()
            .filter(s -> s.id().compareTo(after) > 0)
            .limit(limit + 1L)
            .toList();
    return ok(Pages.of(page, limit, s -> BudgetJson.spec(s, source(s)), BudgetSpec::id));
  }

  /** A budget's definition with its status. */
  private ObjectNode render(BudgetSpec s) {
    ObjectNode o = BudgetJson.spec(s, source(s));
    o.set("status", status(s));
    return o;
  }

  /**
   * Where a budget stands ({@link BudgetJson#status}), with the period's spend by provider and by
   * model from the ledger and its adjustments: spent = either split's sum + {@code adjusted}.
   */
  private ObjectNode status(BudgetSpec s) {
    BudgetStatus st = accounting.engine().status(s.id());
    ObjectNode o = BudgetJson.status(st);
    BudgetBreakdown.Split split = breakdown.of(st, clock.instant());
    ObjectNode byProvider = o.putObject("by_provider");
    BudgetJson.amounts(byProvider, st.metric(), split.byProvider());
    BudgetJson.amounts(o.putObject("by_model"), st.metric(), split.byModel());
    long adjusted = 0;
    for (Adjustment a : accounting.ledger().adjustments(s.id(), st.window().start())) {
      adjusted += a.delta();
    }
    BudgetJson.amount(o, "adjusted", st.metric(), adjusted);
    return o;
  }

  /** The statuses of the visible budgets (of one scope if asked), a page at a time by id. */
  private AdminResponse scopeStatus(AdminRequest r) {
    Scope scope = scopeParam(r);
    int limit = Pages.limit(r.query());
    String after = Pages.after(r.query()).orElse("");
    List<BudgetSpec> page =
        access.visible(r.principal(), scope).stream()
            .filter(s -> s.id().compareTo(after) > 0)
            .limit(limit + 1L)
            .toList();
    ObjectNode body = Pages.of(page, limit, this::status, BudgetSpec::id);
    body.put("scope", scope == null ? null : scope.toString());
    return ok(body);
  }

  private AdminResponse history(AdminRequest r) {
    BudgetSpec s = find(r);
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
    ObjectNode before = engineStatus(s);
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
    ObjectNode before = engineStatus(s);
    Adjustment a = accounting.budgetLedger().resetPeriod(s.id(), actor(r), reason(r));
    return recorded(r, "budget.reset", before, a, s);
  }

  private AdminResponse recorded(
      AdminRequest r, String action, ObjectNode before, Adjustment a, BudgetSpec s) {
    // Not in one transaction with its audit row (Audit.atomically): the ledger has its own
    // connection and writer, so this change is made durable first and recorded right after. The
    // log never shows a change that did not happen; a failure in between loses that one row.
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
    BudgetSpec s = find(r);
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

  /** The query's {@code scope}, parsed, or null when absent. */
  static Scope scopeParam(AdminRequest r) {
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

  /** The engine's status alone, for the audit log: no ledger query. */
  private ObjectNode engineStatus(BudgetSpec s) {
    return BudgetJson.status(accounting.engine().status(s.id()));
  }

  /** The budget of the path's {@code id}, if the caller may see it; else a 404. */
  private BudgetSpec find(AdminRequest r) {
    return access.find(r.principal(), r.param("id"));
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

package dev.tollgate.admin;

import static dev.tollgate.admin.Schema.array;
import static dev.tollgate.admin.Schema.integer;
import static dev.tollgate.admin.Schema.nullable;
import static dev.tollgate.admin.Schema.object;
import static dev.tollgate.admin.Schema.oneOf;
import static dev.tollgate.admin.Schema.ref;
import static dev.tollgate.admin.Schema.str;
import static dev.tollgate.admin.Schema.time;
import static dev.tollgate.admin.Schema.usd;

import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * The budget shapes of {@link ApiSchemas}. Amounts of a cost budget are {@code <name>_usd}; of a
 * token or request budget {@code <name>_tokens} or {@code <name>_requests}.
 */
final class BudgetSchemas {

  private BudgetSchemas() {}

  /** A {@code budgets.define} entry of tollgate.yaml, as JSON; validated by the same rules. */
  static ObjectNode definition() {
    return object("A budget definition, as in tollgate.yaml's budgets.define")
        .req("id", str(null))
        .opt("scope", str("global, key:<id>, team:<name>, user:<id>, … (default global)"))
        .opt("limit_usd", usd("One of limit_usd, limit_tokens, limit_requests"))
        .opt("limit_tokens", integer(null))
        .opt("limit_requests", integer(null))
        .opt("period", str("daily, weekly, monthly, total or rolling:<hours>"))
        .opt("zone", str("The period's time zone, e.g. UTC"))
        .opt("enforcement", oneOf(null, "hard", "soft", "adaptive"))
        .opt("thresholds", array(integer("Percent"), "Alert thresholds"))
        .opt("warning_percent", integer(null))
        .opt("critical_percent", integer(null))
        .opt("emergency_reserve_percent", integer(null))
        .opt("max_cost_per_request_usd", usd(null))
        .opt("cap_output", Schema.bool(null))
        .opt("fallback_models", array(str(null), null))
        .opt("fallback_percent", integer(null))
        .opt("allowed_models", array(str(null), null))
        .opt("blocked_models", array(str(null), null))
        .opt("allowed_providers", array(str(null), null))
        .opt("blocked_providers", array(str(null), null))
        .node();
  }

  /** A budget as answered: its definition, where it comes from and its status. */
  static ObjectNode budget() {
    return object("A budget and its current status")
        .req("id", str(null))
        .req("object", oneOf(null, "budget"))
        .req("source", oneOf(null, "config", "api", "key"))
        .req("scope", str(null))
        .req("metric", oneOf(null, "cost", "tokens", "requests"))
        .opt("limit_usd", usd("For a cost budget"))
        .req("period", str(null))
        .req("zone", str(null))
        .req("enforcement", str(null))
        .req("thresholds", array(integer(null), null))
        .opt("status", ref("BudgetStatus").put("description", "Absent in lists"))
        .node();
  }

  static ObjectNode status() {
    ObjectNode period = object(null).req("start", time(null)).req("end", time(null)).node();
    return object("Where a budget stands in its current period")
        .req("id", str(null))
        .req("object", oneOf(null, "budget_status"))
        .req("scope", str(null))
        .req("metric", str(null))
        .req("enforcement", str(null))
        .req("period", period)
        .opt("spent_usd", usd(null))
        .opt("reserved_usd", usd(null))
        .opt("remaining_usd", usd(null))
        .opt("allocated_usd", usd(null))
        .opt("projected_usd", usd(null))
        .req("health", str(null))
        .req("days_remaining", nullable(str("A decimal number of days")))
        .node();
  }

  static ObjectNode setRemaining() {
    return object("What a budget's period has left, set by an adjustment in the ledger")
        .closed()
        .opt("remaining_usd", usd("A cost budget's, e.g. \"12.50\""))
        .opt("remaining", integer("A token or request budget's"))
        .opt("reason", str(null))
        .node();
  }

  static ObjectNode reset() {
    return object("Starts the budget's current period afresh (an adjustment in the ledger)")
        .closed()
        .opt("reason", str(null))
        .node();
  }

  static ObjectNode adjustment() {
    return object("An adjustment recorded in the ledger, and the status after it")
        .req("id", str(null))
        .req("object", oneOf(null, "budget_adjustment"))
        .req("budget", str(null))
        .req("kind", str(null))
        .req("time", time(null))
        .req("period_start", time(null))
        .opt("delta_usd", usd(null))
        .req("actor", str(null))
        .req("reason", str(null))
        .req("status", ref("BudgetStatus"))
        .node();
  }

  static ObjectNode overrideGrant() {
    return object(
            "An emergency override: the budget may pass its limit, by an extra or without one")
        .closed()
        .req("reason", str("Why the limit may be passed (audited)"))
        .opt("extra_usd", nullable(usd("A cost budget's extra allowance; null for no ceiling")))
        .opt("extra", nullable(integer("A token or request budget's extra allowance")))
        .opt("expires_at", time("Default: the end of the period; never past it"))
        .opt("duration", str("Instead of expires_at, ISO-8601, e.g. \"PT4H\""))
        .node();
  }

  static ObjectNode overrideEnd() {
    return object("Ends the emergency override in force").closed().opt("reason", str(null)).node();
  }

  static ObjectNode override() {
    return object("An emergency override, and the budget's status with it")
        .req("object", oneOf(null, "budget_override"))
        .req("budget", str(null))
        .req("actor", str(null))
        .req("reason", str(null))
        .req("granted_at", time(null))
        .req("expires_at", time(null))
        .req("status", ref("BudgetStatus"))
        .node();
  }

  static ObjectNode forecast() {
    return object("Spend projected to the end of a budget's period from its recent burn rate")
        .req("budget", str(null))
        .req("object", oneOf(null, "budget_forecast"))
        .req("at", time(null))
        .req("outlook", str(null))
        .req("limit_hit_at", nullable(time(null)))
        .req("method", str("How the projection was made, in one sentence"))
        .opt("projected_usd", usd("For a cost budget"))
        .opt("window_spent_usd", usd("For a cost budget"))
        .node();
  }
}

package dev.tollgate.admin;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tollgate.budget.BudgetSpec;
import dev.tollgate.budget.BudgetStatus;
import dev.tollgate.budget.EmergencyOverride;
import dev.tollgate.budget.Metric;
import dev.tollgate.ledger.Adjustment;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.Locale;
import java.util.Map;

/**
 * Budgets, their status and their adjustments in the admin API's JSON. An amount's field is named
 * after its unit: {@code _usd} for a cost budget, as an exact decimal string with nine places
 * ({@code "12.345000000"}, the nano-dollar), {@code _tokens} or {@code _requests} as a whole number
 * otherwise.
 */
final class BudgetJson {

  private BudgetJson() {}

  /** A budget's definition; {@code source} is {@code config} or {@code key}. */
  static ObjectNode spec(BudgetSpec s, String source) {
    ObjectNode o = JsonNodeFactory.instance.objectNode();
    o.put("id", s.id()).put("object", "budget").put("source", source);
    o.put("scope", s.scope().toString()).put("metric", lower(s.metric()));
    amount(o, "limit", s.metric(), s.limit());
    o.put("period", s.period().toString()).put("zone", s.zone().getId());
    o.put("enforcement", lower(s.enforcement()));
    s.thresholds().forEach(o.putArray("thresholds")::add);
    o.put("warning_percent", s.warningPercent()).put("critical_percent", s.criticalPercent());
    o.put("emergency_reserve_percent", s.emergencyReservePercent());
    return o;
  }

  /** Where a budget stands now, with the method of its burn rate and projection named. */
  static ObjectNode status(BudgetStatus st) {
    Metric m = st.metric();
    ObjectNode o = JsonNodeFactory.instance.objectNode();
    o.put("id", st.budgetId()).put("object", "budget_status");
    describe(o, st);
    o.putObject("period")
        .put("start", st.window().start().toString())
        .put("end", st.window().end().toString());
    amount(o, "allocated", m, st.allocated());
    amount(o, "spent", m, st.spent());
    amount(o, "reserved", m, st.reserved());
    amount(o, "remaining", m, st.remaining());
    amount(o, "available", m, st.available());
    amount(o, "emergency_reserve", m, st.emergencyReserve());
    o.put("health", st.health().name());
    o.put("days_remaining", st.daysRemaining().map(BigDecimal::toPlainString).orElse(null));
    ratePerDay(o, m, st.burnRatePerDay());
    amount(o, "projected", m, st.projected());
    o.put("method", BudgetStatus.PROJECTION_METHOD);
    amounts(o.putObject("by_provider"), m, st.byProvider());
    if (st.override().isPresent()) {
      o.set("override", override(st.override().get(), m));
    } else {
      o.putNull("override");
    }
    return o;
  }

  /** Puts what a budget covers and counts: its scope, metric, enforcement and currency. */
  static void describe(ObjectNode o, BudgetStatus st) {
    o.put("scope", st.scope().toString()).put("metric", lower(st.metric()));
    o.put("enforcement", lower(st.enforcement()));
    if (st.metric() == Metric.COST) {
      o.put("currency", "USD");
    }
  }

  /** An emergency override: who, why, until when, and its extra allowance (null: no ceiling). */
  static ObjectNode override(EmergencyOverride e, Metric m) {
    ObjectNode o = JsonNodeFactory.instance.objectNode();
    o.put("actor", e.actor()).put("reason", e.reason());
    o.put("granted_at", e.grantedAt().toString()).put("expires_at", e.expiresAt().toString());
    amount(o, "extra", m, e.extra());
    return o;
  }

  /** {@code burn_rate_<unit>_per_day}: dollars rounded up to the nano-dollar, else as given. */
  static void ratePerDay(ObjectNode o, Metric m, BigDecimal perDay) {
    o.put(
        "burn_rate_" + unit(m) + "_per_day",
        m == Metric.COST
            ? perDay.movePointLeft(9).setScale(9, RoundingMode.CEILING).toPlainString()
            : perDay.toPlainString());
  }

  /** Puts each entry of {@code amounts} into {@code into}, in the unit of {@code m}. */
  static void amounts(ObjectNode into, Metric m, Map<String, Long> amounts) {
    for (Map.Entry<String, Long> e : amounts.entrySet()) {
      if (m == Metric.COST) {
        into.put(e.getKey(), usd(e.getValue()));
      } else {
        into.put(e.getKey(), e.getValue());
      }
    }
  }

  /** A ledger adjustment, as recorded. */
  static ObjectNode adjustment(Adjustment a, Metric m) {
    ObjectNode o = JsonNodeFactory.instance.objectNode();
    o.put("id", a.id()).put("object", "budget_adjustment").put("budget", a.budgetId());
    o.put("kind", lower(a.kind())).put("time", a.time().toString());
    o.put("period_start", a.periodStart().toString());
    amount(o, "delta", m, a.delta());
    o.put("actor", a.actor()).put("reason", a.reason());
    return o;
  }

  /** Puts {@code name_<unit>}: an exact USD string for cost, a whole number otherwise. */
  static void amount(ObjectNode o, String name, Metric m, long value) {
    if (m == Metric.COST) {
      o.put(name + "_usd", usd(value));
    } else {
      o.put(name + "_" + unit(m), value);
    }
  }

  /** {@link #amount}, or null under the same name when there is no value. */
  static void amount(ObjectNode o, String name, Metric m, java.util.OptionalLong value) {
    if (value.isPresent()) {
      amount(o, name, m, value.getAsLong());
    } else {
      o.putNull(name + "_" + unit(m));
    }
  }

  /** Nano-dollars as an exact USD string with nine decimal places. */
  static String usd(long nanos) {
    return BigDecimal.valueOf(nanos, 9).toPlainString();
  }

  static String unit(Metric m) {
    return switch (m) {
      case COST -> "usd";
      case TOKENS -> "tokens";
      case REQUESTS -> "requests";
    };
  }

  static String lower(Enum<?> e) {
    return e.name().toLowerCase(Locale.ROOT);
  }
}

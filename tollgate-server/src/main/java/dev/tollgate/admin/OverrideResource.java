package dev.tollgate.admin;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tollgate.accounting.Accounting;
import dev.tollgate.audit.Audit;
import dev.tollgate.budget.BudgetSpec;
import dev.tollgate.budget.EmergencyOverride;
import dev.tollgate.budget.Metric;
import dev.tollgate.budget.Period;
import dev.tollgate.money.Money;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.time.format.DateTimeParseException;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import java.util.function.Function;

/**
 * {@code /admin/v1/budgets/{id}/override}: an admin's emergency override of a hard or adaptive
 * budget ({@link EmergencyOverride}), granted with {@code POST} and ended early with {@code
 * DELETE}. It lasts to the end of the current period at most (calendar periods), or at most {@value
 * #MAX_DAYS} days (a lifetime budget or a rolling window, which must say how long); a new one
 * replaces the one in force. Each is audited with the budget's status before and after, so the log
 * names who, from where, and the old and new override.
 */
final class OverrideResource {

  /** The longest override of a budget whose period has no end to stop it. */
  static final int MAX_DAYS = 31;

  private static final Set<String> FIELDS =
      Set.of("reason", "extra_usd", "extra", "expires_at", "duration");

  private final Accounting accounting;
  private final Audit audit;
  private final BudgetAccess access;
  private final InstantSource clock;
  private final Function<BudgetSpec, ObjectNode> status;

  /** {@code status} answers where a budget stands. */
  OverrideResource(
      Accounting accounting,
      Audit audit,
      BudgetAccess access,
      InstantSource clock,
      Function<BudgetSpec, ObjectNode> status) {
    this.accounting = accounting;
    this.audit = audit;
    this.access = access;
    this.clock = clock;
    this.status = status;
  }

  void register(AdminRouter router) {
    router
        .post(
            "/budgets/{id}/override",
            Access.WRITE,
            AdminRouter.Doc.takes("BudgetOverrideGrant", "BudgetOverride"),
            this::grant)
        .delete(
            "/budgets/{id}/override",
            Access.WRITE,
            AdminRouter.Doc.takes("BudgetOverrideEnd", "BudgetOverride"),
            this::end);
  }

  private AdminResponse grant(AdminRequest r) {
    BudgetSpec s = access.find(r.principal(), r.param("id"));
    r.only(FIELDS);
    String reason = BudgetsResource.reason(r);
    if (reason.isBlank()) {
      throw AdminException.invalid("reason", "required: why the limit may be passed");
    }
    Instant now = clock.instant();
    EmergencyOverride o =
        new EmergencyOverride(
            s.id(), r.principal().actor().id(), reason, extra(r, s), now, expiry(r, s, now));
    ObjectNode before = engineStatus(s);
    try {
      accounting.overrides().grant(o);
    } catch (IllegalArgumentException e) {
      throw new AdminException(409, "nothing_to_override", null, e.getMessage());
    }
    ObjectNode body = BudgetJson.override(o, s.metric());
    body.put("object", "budget_override").put("budget", s.id());
    body.set("status", status.apply(s));
    audit.record(r.principal().actor(), "budget.override", target(s), before, body);
    return AdminResponse.ok(body);
  }

  private AdminResponse end(AdminRequest r) {
    BudgetSpec s = access.find(r.principal(), r.param("id"));
    r.only(Set.of("reason"));
    String reason = BudgetsResource.reason(r);
    ObjectNode before = engineStatus(s);
    Optional<EmergencyOverride> ended = accounting.overrides().end(s.id());
    if (ended.isEmpty()) {
      throw AdminException.notFound(
          "an emergency override in force on the budget '" + s.id() + "'");
    }
    ObjectNode body = BudgetJson.override(ended.get(), s.metric());
    body.put("object", "budget_override").put("budget", s.id());
    body.put("ended_at", clock.instant().toString()).put("ended_by", r.principal().actor().id());
    body.put("end_reason", reason);
    body.set("status", status.apply(s));
    audit.record(r.principal().actor(), "budget.override_end", target(s), before, body);
    return AdminResponse.ok(body);
  }

  /** {@code extra_usd} for a cost budget, {@code extra} otherwise; empty for no ceiling. */
  private static OptionalLong extra(AdminRequest r, BudgetSpec s) {
    String field = s.metric() == Metric.COST ? "extra_usd" : "extra";
    String other = s.metric() == Metric.COST ? "extra" : "extra_usd";
    if (r.field(other) != null) {
      throw AdminException.invalid(
          other,
          "this budget counts "
              + (s.metric() == Metric.COST ? "US dollars" : BudgetJson.unit(s.metric()))
              + ": give "
              + field);
    }
    JsonNode v = r.field(field);
    if (v == null || v.isNull()) {
      return OptionalLong.empty();
    }
    long amount;
    if (s.metric() == Metric.COST) {
      try {
        amount = Money.ofUsd(new BigDecimal(v.isTextual() ? v.asText() : "x")).nanos();
      } catch (RuntimeException e) {
        throw AdminException.invalid(
            field,
            "a decimal string of US dollars above zero, e.g. \"50.00\", or null for no ceiling");
      }
    } else if (v.isIntegralNumber() && v.canConvertToLong()) {
      amount = v.asLong();
    } else {
      amount = 0;
    }
    if (amount <= 0) {
      throw AdminException.invalid(
          field,
          "must be above zero (" + BudgetJson.unit(s.metric()) + "), or null for no ceiling");
    }
    return OptionalLong.of(amount);
  }

  /**
   * {@code expires_at} (ISO-8601 instant) or {@code duration} (ISO-8601, e.g. {@code PT4H}); by
   * default the end of the period. Never past the period's end, nor beyond {@value #MAX_DAYS} days
   * for a budget whose period does not end.
   */
  private static Instant expiry(AdminRequest r, BudgetSpec s, Instant now) {
    JsonNode at = r.field("expires_at");
    JsonNode duration = r.field("duration");
    if (at != null && duration != null) {
      throw AdminException.invalid("duration", "give expires_at or duration, not both");
    }
    Period.Kind kind = s.period().kind();
    boolean ends = kind != Period.Kind.TOTAL && kind != Period.Kind.ROLLING;
    Instant latest =
        ends ? s.period().windowAt(now, s.zone()).end() : now.plus(Duration.ofDays(MAX_DAYS));
    if (at == null && duration == null) {
      if (ends) {
        return latest;
      }
      throw AdminException.invalid(
          "expires_at",
          "required for a "
              + s.period()
              + " budget, which has no period end: give expires_at or duration");
    }
    String field = at != null ? "expires_at" : "duration";
    Duration lasting =
        at != null
            ? Duration.between(now, parse(at, field, Instant::parse, "an ISO-8601 time"))
            : parse(duration, field, Duration::parse, "an ISO-8601 duration, e.g. PT4H or P1D");
    if (lasting.isNegative() || lasting.isZero()) {
      throw AdminException.invalid(field, "the override must end in the future");
    }
    if (lasting.compareTo(Duration.between(now, latest)) > 0) {
      throw AdminException.invalid(
          field,
          (ends ? "an override ends with its period" : "an override lasts " + MAX_DAYS + " days")
              + " at the latest, "
              + latest
              + "; change the limit to allow more for longer");
    }
    return now.plus(lasting);
  }

  private static <T> T parse(
      JsonNode v, String field, Function<String, T> parser, String expected) {
    try {
      if (v.isTextual()) {
        return parser.apply(v.asText().strip());
      }
    } catch (DateTimeParseException e) {
      // Falls through to the one message below.
    }
    throw AdminException.invalid(field, "must be " + expected);
  }

  private ObjectNode engineStatus(BudgetSpec s) {
    return BudgetJson.status(accounting.engine().status(s.id()));
  }

  private static String target(BudgetSpec s) {
    return "budget:" + s.id();
  }
}

package dev.tollgate.budget;

import dev.tollgate.budget.Evaluation.Result;
import dev.tollgate.budget.Evaluation.Verdict;
import java.time.Instant;
import java.util.Optional;

/** Turns a refusing evaluation into a {@link Decision.Deny} whose reason names every figure. */
final class Denials {

  private Denials() {}

  static Decision.Deny deny(Result r, Instant now, boolean critical) {
    BudgetState b = r.budget();
    BudgetSpec s = b.spec;
    long spent = b.spent(now);
    long reserved = b.reserved(now);
    Metric m = s.metric();
    String reason;
    if (r.verdict() == Verdict.FORBIDDEN) {
      reason = "budget " + s.id() + " (" + s.scope() + ") forbids this request: " + r.why();
      return new Decision.Deny(
          s.id(), s.scope(), m, s.limit(), spent, reserved, 0, 0, reason, Optional.empty());
    }
    if ("max_cost_per_request".equals(r.why())) {
      reason =
          "budget "
              + s.id()
              + " ("
              + s.scope()
              + ") allows at most "
              + Metric.COST.format(r.available())
              + " per request; this request may cost up to "
              + Metric.COST.format(r.needed());
      return new Decision.Deny(
          s.id(),
          s.scope(),
          Metric.COST,
          r.available(),
          0,
          0,
          r.available(),
          r.needed(),
          reason,
          Optional.empty());
    }
    long remaining = Math.max(0, r.available());
    reason =
        "budget "
            + s.id()
            + " ("
            + s.scope()
            + ", "
            + s.period()
            + ", "
            + s.enforcement().name().toLowerCase(java.util.Locale.ROOT)
            + ") cannot cover this request: limit "
            + m.format(s.limit())
            + ", spent "
            + m.format(spent)
            + ", reserved "
            + m.format(reserved)
            + ", remaining "
            + m.format(remaining)
            + (critical || s.emergencyReserve() == 0
                ? ""
                : " (after the emergency reserve of "
                    + m.format(s.emergencyReserve())
                    + " for critical requests)")
            + ", this request needs up to "
            + m.format(r.needed())
            + overridden(b, now);
    return new Decision.Deny(
        s.id(),
        s.scope(),
        m,
        s.limit(),
        spent,
        reserved,
        remaining,
        r.needed(),
        reason,
        retryAfter(b, now));
  }

  /** What an emergency override in force added to the remaining amount, if one is. */
  private static String overridden(BudgetState b, Instant now) {
    EmergencyOverride o = b.override(now);
    if (o == null) {
      return "";
    }
    return " (remaining includes "
        + (o.extra().isPresent()
            ? "an emergency override of " + b.spec.metric().format(o.extra().getAsLong())
            : "an emergency override")
        + " until "
        + o.expiresAt()
        + ")";
  }

  private static Optional<Instant> retryAfter(BudgetState b, Instant now) {
    return switch (b.spec.period().kind()) {
      case TOTAL -> Optional.empty();
      // A rolling window frees spend as its oldest hour leaves it, which happens when the next
      // clock hour begins: the window's end. (Its start plus an hour is 23 hours in the past.)
      case ROLLING -> Optional.of(b.window(now).end());
      default -> Optional.of(b.window(now).end());
    };
  }
}

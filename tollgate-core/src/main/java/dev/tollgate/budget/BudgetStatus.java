package dev.tollgate.budget;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * Where a budget stands now, in its metric's unit (nano-dollars, tokens or requests).
 *
 * @param budgetId the budget
 * @param scope its scope
 * @param metric its unit
 * @param enforcement its enforcement
 * @param window the period in force
 * @param allocated the limit
 * @param spent spent in the period
 * @param reserved held for requests in flight
 * @param remaining allocated − spent − reserved, never below zero
 * @param available what a non-critical request may still take: remaining − the emergency reserve
 * @param emergencyReserve the amount only critical requests may spend
 * @param health GOOD, WARNING, CRITICAL or EXCEEDED
 * @param daysRemaining days until the period rolls over; empty for a lifetime budget
 * @param burnRatePerDay spend per day so far in the period
 * @param projected the spend projected at the end of the period at that rate ("linear burn rate")
 * @param byProvider spend by provider in the period
 * @param override the admin's emergency override in force, if any; the amounts above leave it out
 *     (what it adds is its {@link EmergencyOverride#extra()})
 */
public record BudgetStatus(
    String budgetId,
    Scope scope,
    Metric metric,
    Enforcement enforcement,
    Period.Window window,
    long allocated,
    long spent,
    long reserved,
    long remaining,
    long available,
    long emergencyReserve,
    Health health,
    Optional<BigDecimal> daysRemaining,
    BigDecimal burnRatePerDay,
    long projected,
    Map<String, Long> byProvider,
    Optional<EmergencyOverride> override) {

  /** The projection method, named wherever a projection is shown. */
  public static final String PROJECTION_METHOD = "linear: spend so far / time elapsed × period";

  private static final BigDecimal SECONDS_PER_DAY = BigDecimal.valueOf(86_400);

  /** Computes the status of {@code b} at {@code now}; called with its lock held. */
  static BudgetStatus of(BudgetState b, Instant now) {
    BudgetSpec s = b.spec;
    Period.Window w = b.window(now);
    long spent = b.spent(now);
    long reserved = b.reserved(now);
    long remaining = Math.max(0, s.limit() - spent - reserved);
    long available = Math.max(0, remaining - s.emergencyReserve());
    Map<String, Long> byProvider = new TreeMap<>();
    for (Counter c : b.inWindow(now)) {
      c.sumByProvider(byProvider);
    }
    boolean lifetime = s.period().kind() == Period.Kind.TOTAL;
    Optional<BigDecimal> daysLeft =
        lifetime ? Optional.empty() : Optional.of(days(Duration.between(now, w.end())));
    BigDecimal elapsedDays = days(Duration.between(w.start(), now));
    BigDecimal burn =
        lifetime || elapsedDays.signum() == 0
            ? BigDecimal.ZERO
            : BigDecimal.valueOf(spent).divide(elapsedDays, 6, RoundingMode.HALF_EVEN);
    long projected =
        lifetime
            ? spent
            : BigDecimal.valueOf(spent)
                .add(burn.multiply(daysLeft.get()))
                .setScale(0, RoundingMode.CEILING)
                .longValueExact();
    return new BudgetStatus(
        s.id(),
        s.scope(),
        s.metric(),
        s.enforcement(),
        w,
        s.limit(),
        spent,
        reserved,
        remaining,
        available,
        s.emergencyReserve(),
        health(s, spent),
        daysLeft,
        burn,
        projected,
        byProvider,
        Optional.ofNullable(b.override(now)));
  }

  static Health health(BudgetSpec s, long spent) {
    BigDecimal percent = BigDecimal.valueOf(spent).multiply(BigDecimal.valueOf(100));
    BigDecimal limit = BigDecimal.valueOf(s.limit());
    if (percent.compareTo(limit.multiply(BigDecimal.valueOf(100))) >= 0) {
      return Health.EXCEEDED;
    }
    if (percent.compareTo(limit.multiply(BigDecimal.valueOf(s.criticalPercent()))) >= 0) {
      return Health.CRITICAL;
    }
    if (percent.compareTo(limit.multiply(BigDecimal.valueOf(s.warningPercent()))) >= 0) {
      return Health.WARNING;
    }
    return Health.GOOD;
  }

  private static BigDecimal days(Duration d) {
    return BigDecimal.valueOf(Math.max(0, d.toSeconds()))
        .divide(SECONDS_PER_DAY, 6, RoundingMode.HALF_EVEN);
  }
}

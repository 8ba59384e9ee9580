package dev.tollgate.keys;

import dev.tollgate.budget.BudgetSpec;
import dev.tollgate.budget.Enforcement;
import dev.tollgate.budget.Metric;
import dev.tollgate.budget.Period;
import dev.tollgate.budget.Scope;
import dev.tollgate.ledger.Dimension;
import dev.tollgate.money.Money;
import java.math.BigDecimal;
import java.time.ZoneId;
import java.util.Locale;
import java.util.Objects;

/**
 * A spend budget that belongs to one key: so many USD per period, enforced like a configured
 * budget. Its id in the engine is {@code key-<key id>-<period>}, its scope {@code key:<key id>}.
 *
 * @param limitUsd the limit, in USD, exact
 * @param period {@code daily}, {@code weekly}, {@code monthly}, {@code total} or {@code rolling:N}
 * @param enforcement how it refuses: {@code hard} (402 past the limit), {@code soft} (alerts only)
 *     or {@code adaptive}
 */
public record KeyBudget(BigDecimal limitUsd, Period period, Enforcement enforcement) {

  public KeyBudget {
    Objects.requireNonNull(limitUsd, "limitUsd");
    Objects.requireNonNull(period, "period");
    Objects.requireNonNull(enforcement, "enforcement");
  }

  /** The budget id the engine knows this budget of {@code keyId} by. */
  public String budgetId(String keyId) {
    return "key-" + keyId + "-" + period.toString().replace(':', '-');
  }

  /**
   * The engine's spec of this budget of {@code keyId}, in {@code zone}.
   *
   * @throws IllegalArgumentException if the limit is not a positive USD amount
   */
  public BudgetSpec spec(String keyId, ZoneId zone) {
    return BudgetSpec.builder(
            budgetId(keyId),
            new Scope(Dimension.KEY, keyId),
            Metric.COST,
            Money.ofUsd(limitUsd).nanos(),
            period)
        .zone(zone)
        .enforcement(enforcement)
        .build();
  }

  /** {@code enforcement} as written in JSON and YAML. */
  public String enforcementName() {
    return enforcement.name().toLowerCase(Locale.ROOT);
  }
}

package dev.tollgate.budget;

import dev.tollgate.money.Money;
import java.time.ZoneId;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * The definition of one budget. Validated on construction: a bad field is named in the message.
 *
 * @param id a unique id, e.g. {@code team-payments-monthly}
 * @param scope what it covers
 * @param metric what it limits
 * @param limit the limit per period, in the metric's unit (nano-dollars, tokens or requests)
 * @param period how spend is counted over time
 * @param zone the time zone whose calendar aligns the periods
 * @param enforcement what happens near and past the limit
 * @param thresholds the percentages of the limit at which an alert is due, ascending
 * @param warningPercent health is WARNING from here
 * @param criticalPercent health is CRITICAL from here
 * @param fallbackPercent an ADAPTIVE budget routes to the fallback chain from here
 * @param fallbackModels the cheaper models to route to, in order, for ADAPTIVE
 * @param emergencyReservePercent the share of the limit only critical requests may spend
 * @param capOutput whether a HARD budget that cannot cover the worst case caps max_tokens (true) or
 *     denies (false)
 * @param maxCostPerRequest the most a single request may cost, if limited
 * @param allowedProviders if not empty, the only providers requests may use
 * @param blockedProviders providers requests may not use
 * @param allowedModels if not empty, the only models requests may use
 * @param blockedModels models requests may not use
 */
public record BudgetSpec(
    String id,
    Scope scope,
    Metric metric,
    long limit,
    Period period,
    ZoneId zone,
    Enforcement enforcement,
    List<Integer> thresholds,
    int warningPercent,
    int criticalPercent,
    int fallbackPercent,
    List<String> fallbackModels,
    int emergencyReservePercent,
    boolean capOutput,
    Optional<Money> maxCostPerRequest,
    Set<String> allowedProviders,
    Set<String> blockedProviders,
    Set<String> allowedModels,
    Set<String> blockedModels) {

  /** The default alert thresholds, in percent of the limit. */
  public static final List<Integer> DEFAULT_THRESHOLDS = List.of(50, 75, 90, 100);

  /**
   * @throws IllegalArgumentException naming the field that is wrong
   */
  public BudgetSpec {
    if (id == null || !id.matches("[A-Za-z0-9][A-Za-z0-9._:-]{0,127}")) {
      throw new IllegalArgumentException(
          "id: must be 1 to 128 letters, digits, '.', '_', ':' or '-', got '" + id + "'");
    }
    Objects.requireNonNull(scope, "scope");
    Objects.requireNonNull(metric, "metric");
    if (limit <= 0) {
      throw new IllegalArgumentException(id + ": limit: must be positive, got " + limit);
    }
    Objects.requireNonNull(period, "period");
    Objects.requireNonNull(zone, "zone");
    Objects.requireNonNull(enforcement, "enforcement");
    thresholds = List.copyOf(thresholds);
    for (int i = 0; i < thresholds.size(); i++) {
      int t = thresholds.get(i);
      if (t <= 0 || t > 1000 || (i > 0 && t <= thresholds.get(i - 1))) {
        throw new IllegalArgumentException(
            id + ": thresholds: must be ascending percentages from 1 to 1000, got " + thresholds);
      }
    }
    percent(id, "warning_percent", warningPercent);
    percent(id, "critical_percent", criticalPercent);
    percent(id, "fallback_percent", fallbackPercent);
    if (criticalPercent < warningPercent) {
      throw new IllegalArgumentException(
          id
              + ": critical_percent ("
              + criticalPercent
              + ") is below warning_percent ("
              + warningPercent
              + ")");
    }
    fallbackModels = List.copyOf(fallbackModels);
    if (enforcement == Enforcement.ADAPTIVE && fallbackModels.isEmpty()) {
      throw new IllegalArgumentException(
          id + ": fallback_models: an adaptive budget needs at least one");
    }
    if (emergencyReservePercent < 0 || emergencyReservePercent >= 100) {
      throw new IllegalArgumentException(
          id + ": emergency_reserve_percent: must be 0 to 99, got " + emergencyReservePercent);
    }
    Objects.requireNonNull(maxCostPerRequest, "maxCostPerRequest");
    maxCostPerRequest.ifPresent(
        m -> {
          if (m.nanos() <= 0) {
            throw new IllegalArgumentException(
                id + ": max_cost_per_request: must be positive, got " + m);
          }
        });
    allowedProviders = Set.copyOf(allowedProviders);
    blockedProviders = Set.copyOf(blockedProviders);
    allowedModels = Set.copyOf(allowedModels);
    blockedModels = Set.copyOf(blockedModels);
  }

  private static void percent(String id, String field, int value) {
    if (value <= 0 || value > 100) {
      throw new IllegalArgumentException(id + ": " + field + ": must be 1 to 100, got " + value);
    }
  }

  /** A hard monthly-style budget with the defaults: see {@link Builder}. */
  public static Builder builder(String id, Scope scope, Metric metric, long limit, Period period) {
    return new Builder(id, scope, metric, limit, period);
  }

  /** The amount held back for critical requests, in the metric's unit. */
  public long emergencyReserve() {
    return enforcement.denies()
        ? Math.multiplyExact(limit, (long) emergencyReservePercent) / 100
        : 0;
  }

  /**
   * Builds a {@link BudgetSpec} with defaults: UTC, HARD, thresholds 50/75/90/100, warning at 75%,
   * critical at 90%, fallback at 80%, a 20% emergency reserve, output capping off, no per-request
   * limits.
   */
  public static final class Builder {
    private final String id;
    private final Scope scope;
    private final Metric metric;
    private final long limit;
    private final Period period;
    private ZoneId zone = ZoneId.of("UTC");
    private Enforcement enforcement = Enforcement.HARD;
    private List<Integer> thresholds = DEFAULT_THRESHOLDS;
    private int warningPercent = 75;
    private int criticalPercent = 90;
    private int fallbackPercent = 80;
    private List<String> fallbackModels = List.of();
    private int emergencyReservePercent = 20;
    private boolean capOutput;
    private Optional<Money> maxCostPerRequest = Optional.empty();
    private Set<String> allowedProviders = Set.of();
    private Set<String> blockedProviders = Set.of();
    private Set<String> allowedModels = Set.of();
    private Set<String> blockedModels = Set.of();

    private Builder(String id, Scope scope, Metric metric, long limit, Period period) {
      this.id = id;
      this.scope = scope;
      this.metric = metric;
      this.limit = limit;
      this.period = period;
    }

    public Builder zone(ZoneId v) {
      zone = v;
      return this;
    }

    public Builder enforcement(Enforcement v) {
      enforcement = v;
      return this;
    }

    public Builder thresholds(List<Integer> v) {
      thresholds = v;
      return this;
    }

    public Builder warningPercent(int v) {
      warningPercent = v;
      return this;
    }

    public Builder criticalPercent(int v) {
      criticalPercent = v;
      return this;
    }

    public Builder fallbackPercent(int v) {
      fallbackPercent = v;
      return this;
    }

    public Builder fallbackModels(List<String> v) {
      fallbackModels = v;
      return this;
    }

    public Builder emergencyReservePercent(int v) {
      emergencyReservePercent = v;
      return this;
    }

    public Builder capOutput(boolean v) {
      capOutput = v;
      return this;
    }

    public Builder maxCostPerRequest(Money v) {
      maxCostPerRequest = Optional.of(v);
      return this;
    }

    public Builder allowedProviders(Set<String> v) {
      allowedProviders = v;
      return this;
    }

    public Builder blockedProviders(Set<String> v) {
      blockedProviders = v;
      return this;
    }

    public Builder allowedModels(Set<String> v) {
      allowedModels = v;
      return this;
    }

    public Builder blockedModels(Set<String> v) {
      blockedModels = v;
      return this;
    }

    /** The spec, validated. */
    public BudgetSpec build() {
      return new BudgetSpec(
          id,
          scope,
          metric,
          limit,
          period,
          zone,
          enforcement,
          thresholds,
          warningPercent,
          criticalPercent,
          fallbackPercent,
          fallbackModels,
          emergencyReservePercent,
          capOutput,
          maxCostPerRequest,
          allowedProviders,
          blockedProviders,
          allowedModels,
          blockedModels);
    }
  }
}

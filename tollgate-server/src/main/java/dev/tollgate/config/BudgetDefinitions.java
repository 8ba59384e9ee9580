package dev.tollgate.config;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tollgate.budget.BudgetSpec;
import dev.tollgate.budget.Enforcement;
import dev.tollgate.budget.Metric;
import dev.tollgate.budget.Period;
import dev.tollgate.budget.Scope;
import dev.tollgate.money.Money;
import java.math.BigDecimal;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * Turns the {@code budgets} section into budget specs: every entry of {@code budgets.define}, then
 * the default global budgets ({@code DAILY_BUDGET}, {@code MONTHLY_BUDGET}). Everything is parsed
 * before anything is used, so a bad entry stops start-up with nothing partially applied, and the
 * message names {@code budgets.define[i]} and the field.
 */
public final class BudgetDefinitions {

  /** The global daily limit when no budget is configured at all. */
  public static final BigDecimal DEFAULT_DAILY_USD = new BigDecimal("2.00");

  private BudgetDefinitions() {}

  /**
   * The budgets {@code config} defines.
   *
   * @throws ConfigException naming the entry and the field, or the variable, that is wrong
   */
  public static List<BudgetSpec> specs(TollgateConfig.Budgets config) {
    List<BudgetSpec> specs = new ArrayList<>();
    List<JsonNode> define = config.define();
    for (int i = 0; i < define.size(); i++) {
      String where = config.fileName() + ": budgets.define[" + i + "]";
      specs.add(BudgetEntry.parse(where, define.get(i), config.zone()));
    }
    Optional<BigDecimal> daily = config.dailyUsd();
    if (daily.isEmpty() && specs.isEmpty()) {
      daily = Optional.of(DEFAULT_DAILY_USD);
    }
    daily.ifPresent(
        usd -> specs.add(global("global-daily", usd, Period.Kind.DAILY, config, "DAILY_BUDGET")));
    config
        .monthlyUsd()
        .ifPresent(
            usd ->
                specs.add(
                    global("global-monthly", usd, Period.Kind.MONTHLY, config, "MONTHLY_BUDGET")));
    return List.copyOf(specs);
  }

  /**
   * Parses one budget definition, the JSON object of a {@code budgets.define} entry: how a budget
   * defined through the admin API is read, by the same rules as the file's.
   *
   * @throws ConfigException whose message starts with {@code where} and names the field
   */
  public static BudgetSpec parse(String where, JsonNode definition, ZoneId defaultZone) {
    return BudgetEntry.parse(where, definition, defaultZone);
  }

  private static BudgetSpec global(
      String id, BigDecimal usd, Period.Kind kind, TollgateConfig.Budgets config, String variable) {
    try {
      return BudgetSpec.builder(
              id, Scope.GLOBAL, Metric.COST, Money.ofUsd(usd).nanos(), Period.of(kind))
          .zone(config.zone())
          .enforcement(Enforcement.HARD)
          .emergencyReservePercent(config.emergencyReservePercent())
          .build();
    } catch (IllegalArgumentException e) {
      throw new ConfigException(variable + ": " + e.getMessage());
    }
  }

  /** Parses one entry, named {@code where} in messages. */
  static final class BudgetEntry {
    private BudgetEntry() {}

    static BudgetSpec parse(String where, JsonNode n, ZoneId defaultZone) {
      Fields f = new Fields(where, n);
      String id = f.text("id", null);
      Scope scope = f.parse("scope", Scope::parse, "global");
      Limit limit = limit(f);
      BudgetSpec.Builder b =
          BudgetSpec.builder(
              id, scope, limit.metric(), limit.amount(), f.parse("period", Period::parse, null));
      b.zone(f.parse("zone", ZoneId::of, defaultZone.getId()));
      b.enforcement(
          f.parse(
              "enforcement", t -> Enforcement.valueOf(t.trim().toUpperCase(Locale.ROOT)), "hard"));
      f.intList("thresholds").ifPresent(b::thresholds);
      f.integer("warning_percent").ifPresent(b::warningPercent);
      f.integer("critical_percent").ifPresent(b::criticalPercent);
      f.integer("fallback_percent").ifPresent(b::fallbackPercent);
      f.textList("fallback_models").ifPresent(b::fallbackModels);
      f.integer("emergency_reserve_percent").ifPresent(b::emergencyReservePercent);
      f.bool("cap_output").ifPresent(b::capOutput);
      f.decimal("max_cost_per_request_usd").map(Money::ofUsd).ifPresent(b::maxCostPerRequest);
      f.textList("allowed_providers").map(java.util.Set::copyOf).ifPresent(b::allowedProviders);
      f.textList("blocked_providers").map(java.util.Set::copyOf).ifPresent(b::blockedProviders);
      f.textList("allowed_models").map(java.util.Set::copyOf).ifPresent(b::allowedModels);
      f.textList("blocked_models").map(java.util.Set::copyOf).ifPresent(b::blockedModels);
      f.rejectUnknown();
      try {
        return b.build();
      } catch (IllegalArgumentException e) {
        throw new ConfigException(where + ": " + e.getMessage());
      }
    }

    private record Limit(Metric metric, long amount) {}

    private static Limit limit(Fields f) {
      Optional<BigDecimal> usd = f.decimal("limit_usd");
      Optional<Integer> tokens = f.integer("limit_tokens");
      Optional<Integer> requests = f.integer("limit_requests");
      int given =
          (usd.isPresent() ? 1 : 0) + (tokens.isPresent() ? 1 : 0) + (requests.isPresent() ? 1 : 0);
      if (given != 1) {
        throw f.fail("limit_usd", "give exactly one of limit_usd, limit_tokens or limit_requests");
      }
      if (usd.isPresent()) {
        try {
          return new Limit(Metric.COST, Money.ofUsd(usd.get()).nanos());
        } catch (IllegalArgumentException e) {
          throw f.fail("limit_usd", e.getMessage());
        }
      }
      return tokens
          .map(t -> new Limit(Metric.TOKENS, t))
          .orElseGet(() -> new Limit(Metric.REQUESTS, requests.get()));
    }
  }
}

package dev.tollgate.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tollgate.budget.BudgetSpec;
import dev.tollgate.budget.Enforcement;
import dev.tollgate.budget.Metric;
import dev.tollgate.budget.Period;
import dev.tollgate.budget.Scope;
import dev.tollgate.ledger.Dimension;
import dev.tollgate.money.Money;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BudgetDefinitionsTest {

  @TempDir Path dir;

  private List<BudgetSpec> specs(String yaml, Map<String, String> env) throws IOException {
    Optional<Path> file =
        yaml == null
            ? Optional.empty()
            : Optional.of(Files.writeString(dir.resolve("tollgate.yaml"), yaml));
    return BudgetDefinitions.specs(ConfigLoader.load(file, env, dir).budgets());
  }

  @Test
  void withNothingConfiguredTheGlobalDailyBudgetIsAHardTwoDollarsWithATwentyPercentReserve()
      throws IOException {
    List<BudgetSpec> specs = specs(null, Map.of());
    assertThat(specs)
        .singleElement()
        .satisfies(
            s -> {
              assertThat(s.scope()).isEqualTo(Scope.GLOBAL);
              assertThat(s.limit()).isEqualTo(Money.ofUsd("2.00").nanos());
              assertThat(s.period()).isEqualTo(Period.of(Period.Kind.DAILY));
              assertThat(s.enforcement()).isEqualTo(Enforcement.HARD);
              assertThat(s.emergencyReserve()).isEqualTo(Money.ofUsd("0.40").nanos());
            });
  }

  @Test
  void theDefaultBudgetsComeFromTheVariablesUsersAlreadySet() throws IOException {
    List<BudgetSpec> specs =
        specs(
            null,
            Map.of(
                "DAILY_BUDGET",
                "5",
                "MONTHLY_BUDGET",
                "100.50",
                "TOLLGATE_EMERGENCY_RESERVE",
                "10%"));
    assertThat(specs).extracting(BudgetSpec::id).containsExactly("global-daily", "global-monthly");
    assertThat(specs.get(1).limit()).isEqualTo(Money.ofUsd("100.50").nanos());
    assertThat(specs.get(1).emergencyReserve()).isEqualTo(Money.ofUsd("10.05").nanos());
  }

  @Test
  void configuredBudgetsReplaceTheTwoDollarDefault() throws IOException {
    List<BudgetSpec> specs =
        specs(
            """
        budgets:
          zone: Europe/Berlin
          define:
            - id: team-payments
              scope: team:payments
              limit_usd: 500
              period: monthly
              enforcement: adaptive
              fallback_models: [gpt-4o-mini]
            - id: key-tokens
              scope: key:k-1
              limit_tokens: 1000000
              period: rolling:24
              enforcement: soft
              thresholds: [80, 100]
        """,
            Map.of());
    assertThat(specs).extracting(BudgetSpec::id).containsExactly("team-payments", "key-tokens");
    BudgetSpec team = specs.getFirst();
    assertThat(team.scope()).isEqualTo(Scope.of(Dimension.TEAM, "payments"));
    assertThat(team.zone()).isEqualTo(ZoneId.of("Europe/Berlin"));
    assertThat(team.metric()).isEqualTo(Metric.COST);
    assertThat(specs.get(1).metric()).isEqualTo(Metric.TOKENS);
    assertThat(specs.get(1).period()).isEqualTo(Period.rolling(24));
  }

  @Test
  void aBadEntryNamesItsIndexAndField() {
    assertThatThrownBy(
            () ->
                specs(
                    """
        budgets:
          define:
            - {id: ok, limit_usd: 5, period: daily}
            - {id: bad, limit_usd: -5, period: daily}
        """,
                    Map.of()))
        .isInstanceOf(ConfigException.class)
        .hasMessage(
            "tollgate.yaml: budgets.define[1]: bad: limit: must be positive, got -5000000000");
  }

  @Test
  void anUnknownScopeIsNamedWithTheKnownOnes() {
    assertThatThrownBy(
            () ->
                specs(
                    """
        budgets:
          define:
            - {id: x, scope: "planet:mars", limit_usd: 5, period: daily}
        """,
                    Map.of()))
        .hasMessageStartingWith("tollgate.yaml: budgets.define[0].scope: unknown scope 'planet'");
  }

  @Test
  void aMisspeltFieldIsAnError() {
    assertThatThrownBy(
            () ->
                specs(
                    """
        budgets:
          define:
            - {id: x, limit_usd: 5, period: daily, enforcment: hard}
        """,
                    Map.of()))
        .hasMessage("tollgate.yaml: budgets.define[0].enforcment: unknown key");
  }

  @Test
  void twoLimitsInOneEntryAreRefused() {
    assertThatThrownBy(
            () ->
                specs(
                    """
        budgets:
          define:
            - {id: x, limit_usd: 5, limit_tokens: 10, period: daily}
        """,
                    Map.of()))
        .hasMessageContaining("give exactly one of limit_usd, limit_tokens or limit_requests");
  }

  @Test
  void aBadDefaultBudgetVariableIsNamed() {
    assertThatThrownBy(() -> specs(null, Map.of("DAILY_BUDGET", "lots")))
        .hasMessageStartingWith("DAILY_BUDGET: must be a positive decimal number");
    assertThatThrownBy(() -> specs(null, Map.of("TOLLGATE_EMERGENCY_RESERVE", "150")))
        .hasMessageStartingWith("TOLLGATE_EMERGENCY_RESERVE: must be a whole number from 0 to 99");
  }
}

package dev.tollgate.budget;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import dev.tollgate.ledger.Dimension;
import dev.tollgate.money.Money;
import java.time.Duration;
import java.time.InstantSource;
import java.util.List;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class BudgetSpecTest {

  private static final Scope PAYMENTS = Scope.of(Dimension.TEAM, "payments");

  private static BudgetSpec.Builder spec(String id) {
    return BudgetSpec.builder(
        id, PAYMENTS, Metric.COST, Money.ofUsd("100").nanos(), Period.of(Period.Kind.MONTHLY));
  }

  /** Asserts that building {@code team-monthly} with {@code change} fails naming it and field. */
  private static void refused(
      UnaryOperator<BudgetSpec.Builder> change, String field, String detail) {
    assertThatIllegalArgumentException()
        .isThrownBy(() -> change.apply(spec("team-monthly")).build())
        .withMessageStartingWith("team-monthly: " + field + ": ")
        .withMessageContaining(detail);
  }

  // --- a spec ----------------------------------------------------------------------------------

  @Test
  void theBuilderDefaultsAreThoseItsJavadocPromises() {
    BudgetSpec s = spec("team-monthly").build();
    assertThat(s.zone().getId()).isEqualTo("UTC");
    assertThat(s.enforcement()).isEqualTo(Enforcement.HARD);
    assertThat(s.thresholds()).containsExactly(50, 75, 90, 100);
    assertThat(s.warningPercent()).isEqualTo(75);
    assertThat(s.criticalPercent()).isEqualTo(90);
    assertThat(s.fallbackPercent()).isEqualTo(80);
    assertThat(s.emergencyReservePercent()).isEqualTo(20);
    assertThat(s.emergencyReserve()).isEqualTo(Money.ofUsd("20").nanos());
    assertThat(s.capOutput()).isFalse();
    assertThat(s.maxCostPerRequest()).isEmpty();
  }

  @Test
  void onlyABudgetThatCanDenyHoldsAnEmergencyReserve() {
    assertThat(spec("t").enforcement(Enforcement.SOFT).build().emergencyReserve()).isZero();
    assertThat(spec("t").enforcement(Enforcement.TRACK).build().emergencyReserve()).isZero();
  }

  @Test
  void aZeroLimitIsRefusedNamingTheBudgetAndTheField() {
    assertThatIllegalArgumentException()
        .isThrownBy(
            () ->
                BudgetSpec.builder("team-monthly", PAYMENTS, Metric.COST, 0, Period.parse("daily"))
                    .build())
        .withMessage("team-monthly: limit: must be positive, got 0");
  }

  @Test
  void aNegativeLimitIsRefusedNamingTheBudgetAndTheField() {
    assertThatIllegalArgumentException()
        .isThrownBy(
            () ->
                BudgetSpec.builder(
                        "team-monthly", PAYMENTS, Metric.TOKENS, -5, Period.parse("daily"))
                    .build())
        .withMessage("team-monthly: limit: must be positive, got -5");
  }

  @ParameterizedTest(name = "id ''{0}''")
  @ValueSource(strings = {"", " ", "-leading-dash", "has space", "semi;colon", "ünïcode"})
  void aBadIdIsRefusedNamingTheFieldAndTheId(String id) {
    assertThatIllegalArgumentException()
        .isThrownBy(() -> spec(id).build())
        .withMessageStartingWith("id: must be 1 to 128 letters, digits")
        .withMessageEndingWith("got '" + id + "'");
  }

  @Test
  void anIdOf129CharactersIsRefusedAnd128AreAccepted() {
    assertThat(spec("a".repeat(128)).build().id()).hasSize(128);
    assertThatIllegalArgumentException()
        .isThrownBy(() -> spec("a".repeat(129)).build())
        .withMessageStartingWith("id: ");
  }

  @Test
  void thresholdsThatAreNotAscendingAreRefused() {
    refused(b -> b.thresholds(List.of(50, 90, 75)), "thresholds", "[50, 90, 75]");
    refused(b -> b.thresholds(List.of(50, 50)), "thresholds", "ascending");
  }

  @Test
  void aThresholdOutsideOneTo1000PercentIsRefused() {
    refused(b -> b.thresholds(List.of(0, 50)), "thresholds", "from 1 to 1000");
    refused(b -> b.thresholds(List.of(50, 1001)), "thresholds", "from 1 to 1000");
    assertThat(spec("t").thresholds(List.of(50, 100, 1000)).build().thresholds())
        .containsExactly(50, 100, 1000);
  }

  @Test
  void aCriticalLevelBelowTheWarningLevelIsRefusedNamingBoth() {
    assertThatIllegalArgumentException()
        .isThrownBy(() -> spec("team-monthly").warningPercent(80).criticalPercent(70).build())
        .withMessage("team-monthly: critical_percent (70) is below warning_percent (80)");
  }

  @Test
  void aPercentOutOfRangeIsRefusedNamingItsField() {
    refused(b -> b.warningPercent(0), "warning_percent", "must be 1 to 100, got 0");
    refused(b -> b.criticalPercent(101), "critical_percent", "must be 1 to 100, got 101");
    refused(b -> b.fallbackPercent(-1), "fallback_percent", "must be 1 to 100, got -1");
  }

  @Test
  void anAdaptiveBudgetWithoutFallbackModelsIsRefused() {
    refused(b -> b.enforcement(Enforcement.ADAPTIVE), "fallback_models", "needs at least one");
    assertThat(
            spec("t")
                .enforcement(Enforcement.ADAPTIVE)
                .fallbackModels(List.of("gpt-4o-mini"))
                .build()
                .fallbackModels())
        .containsExactly("gpt-4o-mini");
  }

  @Test
  void anEmergencyReserveOf100PercentIsRefusedBecauseNothingWouldBeLeftForOrdinaryRequests() {
    refused(b -> b.emergencyReservePercent(100), "emergency_reserve_percent", "must be 0 to 99");
    refused(b -> b.emergencyReservePercent(-1), "emergency_reserve_percent", "got -1");
    assertThat(spec("t").emergencyReservePercent(99).build().emergencyReserve())
        .isEqualTo(Money.ofUsd("99").nanos());
  }

  @Test
  void aMaxCostPerRequestOfZeroOrLessIsRefused() {
    refused(b -> b.maxCostPerRequest(Money.ZERO), "max_cost_per_request", "must be positive");
    refused(
        b -> b.maxCostPerRequest(Money.ofUsd("-0.01")),
        "max_cost_per_request",
        "got -$0.010000000");
  }

  @Test
  void theSpecKeepsNoReferenceToTheCallersLists() {
    List<Integer> thresholds = new java.util.ArrayList<>(List.of(50, 90));
    BudgetSpec s = spec("t").thresholds(thresholds).build();
    thresholds.add(95);
    assertThat(s.thresholds()).containsExactly(50, 90);
  }

  // --- Scope.parse -----------------------------------------------------------------------------

  @Test
  void scopeParseReadsDimensionAndValue() {
    assertThat(Scope.parse("team:payments")).isEqualTo(Scope.of(Dimension.TEAM, "payments"));
    assertThat(Scope.parse("end_user:u-1")).isEqualTo(Scope.of(Dimension.END_USER, "u-1"));
    assertThat(Scope.parse("end-user:u-1")).isEqualTo(Scope.of(Dimension.END_USER, "u-1"));
    assertThat(Scope.parse("model:openai/gpt-4o:2024-08-06"))
        .isEqualTo(Scope.of(Dimension.MODEL, "openai/gpt-4o:2024-08-06"));
    assertThat(Scope.parse("global")).isSameAs(Scope.GLOBAL);
    assertThat(Scope.parse(" GLOBAL ")).isSameAs(Scope.GLOBAL);
  }

  @Test
  void scopeToStringRoundTripsThroughParse() {
    for (String text : List.of("global", "team:payments", "end_user:u-1", "tag:batch-jobs")) {
      assertThat(Scope.parse(text)).hasToString(text);
    }
  }

  @Test
  void anUnknownScopeListsTheKnownOnes() {
    assertThatIllegalArgumentException()
        .isThrownBy(() -> Scope.parse("planet:mars"))
        .withMessage(
            "unknown scope 'planet'; known: global, team, project, user, end_user, key,"
                + " service, tag, provider, model");
  }

  @Test
  void theListOfKnownScopesNamesEveryDimension() {
    String message = "";
    try {
      Scope.parse("planet:mars");
    } catch (IllegalArgumentException e) {
      message = e.getMessage();
    }
    for (Dimension d : Dimension.values()) {
      assertThat(message).contains(d.name().toLowerCase(java.util.Locale.ROOT));
    }
  }

  @Test
  void aScopeWithoutAValueSaysItNeedsOne() {
    assertThatIllegalArgumentException()
        .isThrownBy(() -> Scope.parse("team:"))
        .withMessage("a team scope needs a value, e.g. team:name");
    assertThatIllegalArgumentException()
        .isThrownBy(() -> Scope.parse("team:   "))
        .withMessageContaining("needs a value");
  }

  @Test
  void aScopeWithoutAColonSaysHowToWriteOne() {
    assertThatIllegalArgumentException()
        .isThrownBy(() -> Scope.parse("payments"))
        .withMessage("scope must be 'global' or 'dimension:value', got 'payments'");
    assertThatIllegalArgumentException()
        .isThrownBy(() -> Scope.parse(":payments"))
        .withMessageContaining("'dimension:value'");
  }

  @Test
  void theGlobalScopeWithAValueSaysTheGlobalScopeHasNone() {
    assertThatIllegalArgumentException()
        .isThrownBy(() -> Scope.parse("global:acme"))
        .withMessage("the global scope has no value, got 'acme'");
  }

  // --- the engine checks the set as a whole ----------------------------------------------------

  private static BudgetEngine engine(List<BudgetSpec> specs) {
    return new BudgetEngine(
        specs, InstantSource.system(), Duration.ofMinutes(10), BudgetListener.NONE);
  }

  @Test
  void anEngineRefusesTwoBudgetsWithTheSameId() {
    BudgetSpec a = spec("team-monthly").build();
    BudgetSpec b =
        BudgetSpec.builder("team-monthly", PAYMENTS, Metric.TOKENS, 1000, Period.parse("daily"))
            .build();
    assertThatIllegalArgumentException()
        .isThrownBy(() -> engine(List.of(a, b)))
        .withMessage("budget id 'team-monthly' is defined twice");
  }

  @Test
  void anEngineRefusesTwoBudgetsOfTheSameScopeMetricAndPeriodNamingBoth() {
    BudgetSpec hard = spec("payments-hard").build();
    BudgetSpec soft = spec("payments-soft").enforcement(Enforcement.SOFT).build();
    assertThatIllegalArgumentException()
        .isThrownBy(() -> engine(List.of(hard, soft)))
        .withMessage(
            "budgets 'payments-hard' and 'payments-soft' overlap: both limit cost of"
                + " team:payments per monthly period");
  }

  @Test
  void budgetsThatDifferInScopeMetricOrPeriodDoNotOverlap() {
    BudgetSpec monthly = spec("a").build();
    BudgetSpec daily =
        BudgetSpec.builder("b", PAYMENTS, Metric.COST, 10, Period.parse("daily")).build();
    BudgetSpec tokens =
        BudgetSpec.builder("c", PAYMENTS, Metric.TOKENS, 10, Period.parse("monthly")).build();
    BudgetSpec otherTeam =
        BudgetSpec.builder(
                "d", Scope.parse("team:search"), Metric.COST, 10, Period.parse("monthly"))
            .build();
    BudgetSpec rolling =
        BudgetSpec.builder("e", PAYMENTS, Metric.COST, 10, Period.parse("rolling:24")).build();
    assertThat(engine(List.of(monthly, daily, tokens, otherTeam, rolling)).specs())
        .extracting(BudgetSpec::id)
        .containsExactly("a", "b", "c", "d", "e");
  }

  @Test
  void anEngineRefusedForAnOverlapIsNeverBuiltSoNoBudgetOfTheSetIsApplied() {
    BudgetSpec first = spec("payments-hard").build();
    BudgetSpec clash = spec("payments-soft").enforcement(Enforcement.SOFT).build();
    BudgetEngine[] built = {null};
    assertThatIllegalArgumentException().isThrownBy(() -> built[0] = engine(List.of(first, clash)));
    assertThat(built[0]).isNull();
    // The same specs without the clash make a working engine: the refusal was all-or-nothing.
    assertThat(engine(List.of(first)).status("payments-hard").spent()).isZero();
  }
}

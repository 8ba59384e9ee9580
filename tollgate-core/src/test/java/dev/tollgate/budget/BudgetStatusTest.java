package dev.tollgate.budget;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tollgate.ledger.Attribution;
import dev.tollgate.ledger.Dimension;
import dev.tollgate.money.Money;
import dev.tollgate.testkit.FakeClock;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class BudgetStatusTest {

  private static final Scope PAYMENTS = Scope.of(Dimension.TEAM, "payments");
  private static final Attribution ALICE =
      new Attribution("key-1", "alice", "", "payments", "", "", List.of());

  private final FakeClock clock = FakeClock.at("2026-06-01T00:00:00Z");
  private final AtomicInteger serial = new AtomicInteger();

  private static long usd(String amount) {
    return Money.ofUsd(amount).nanos();
  }

  private BudgetEngine engine(BudgetSpec spec) {
    return new BudgetEngine(List.of(spec), clock, Duration.ofHours(1), BudgetListener.NONE);
  }

  /** A June budget of $300 with the defaults: a 20% reserve, warning at 75%, critical at 90%. */
  private BudgetEngine june() {
    return engine(
        BudgetSpec.builder("team", PAYMENTS, Metric.COST, usd("300"), Period.parse("monthly"))
            .build());
  }

  private Reservation reserve(BudgetEngine engine, String provider, String usd) {
    Estimate e = new Estimate(provider, "m", 10, 0, Money.ofUsd(usd), BigDecimal.ZERO);
    Decision d = engine.reserve(BudgetRequest.of("r" + serial.incrementAndGet(), ALICE, e));
    assertThat(d).isInstanceOf(Decision.Allow.class);
    return ((Decision.Allow) d).reservation();
  }

  private void spend(BudgetEngine engine, String provider, String usd) {
    engine.settle(reserve(engine, provider, usd), new Actual(Money.ofUsd(usd), 10));
  }

  @Test
  void tenDaysIntoA30DayMonthTheStatusIsWorkedOutExactly() {
    BudgetEngine engine = june();
    spend(engine, "openai", "90");
    clock.set(Instant.parse("2026-06-11T00:00:00Z"));
    reserve(engine, "openai", "15");

    BudgetStatus s = engine.status("team");

    // June has 30 days; at 11 June 00:00 10 days have passed and 20 remain.
    //   allocated          = $300
    //   spent              = $90
    //   reserved           = $15 (in flight)
    //   remaining          = 300 − 90 − 15 = $195
    //   emergency reserve  = 20% of 300 = $60
    //   available          = 195 − 60 = $135
    //   burn rate          = $90 / 10 days = $9 a day
    //   projected          = 90 + 9 × 20 = $270 at the end of June
    //   health             = 90 / 300 = 30% spent: GOOD
    assertThat(s.budgetId()).isEqualTo("team");
    assertThat(s.scope()).isEqualTo(PAYMENTS);
    assertThat(s.metric()).isEqualTo(Metric.COST);
    assertThat(s.enforcement()).isEqualTo(Enforcement.HARD);
    assertThat(s.window().start()).isEqualTo(Instant.parse("2026-06-01T00:00:00Z"));
    assertThat(s.window().end()).isEqualTo(Instant.parse("2026-07-01T00:00:00Z"));
    assertThat(s.allocated()).isEqualTo(usd("300"));
    assertThat(s.spent()).isEqualTo(usd("90"));
    assertThat(s.reserved()).isEqualTo(usd("15"));
    assertThat(s.remaining()).isEqualTo(usd("195"));
    assertThat(s.emergencyReserve()).isEqualTo(usd("60"));
    assertThat(s.available()).isEqualTo(usd("135"));
    assertThat(s.daysRemaining()).hasValueSatisfying(d -> assertThat(d).isEqualByComparingTo("20"));
    assertThat(s.burnRatePerDay()).isEqualByComparingTo(BigDecimal.valueOf(usd("9")));
    assertThat(s.projected()).isEqualTo(usd("270"));
    assertThat(s.health()).isEqualTo(Health.GOOD);
  }

  @Test
  void halfwayThroughADayTheBurnRateAndProjectionUseTheFractionOfADay() {
    BudgetEngine engine = june();
    spend(engine, "openai", "21");
    clock.set(Instant.parse("2026-06-11T12:00:00Z"));
    BudgetStatus s = engine.status("team");
    // 10.5 days gone, 19.5 left: $21 / 10.5 = $2 a day; 21 + 2 × 19.5 = $60.
    assertThat(s.daysRemaining())
        .hasValueSatisfying(d -> assertThat(d).isEqualByComparingTo("19.5"));
    assertThat(s.burnRatePerDay()).isEqualByComparingTo(BigDecimal.valueOf(usd("2")));
    assertThat(s.projected()).isEqualTo(usd("60"));
  }

  @Test
  void atTheStartOfAPeriodTheBurnRateIsZeroRatherThanADivisionByZero() {
    BudgetEngine engine = june();
    spend(engine, "openai", "5");
    BudgetStatus s = engine.status("team");
    assertThat(s.burnRatePerDay()).isEqualByComparingTo("0");
    assertThat(s.projected()).isEqualTo(usd("5"));
    assertThat(s.daysRemaining()).hasValueSatisfying(d -> assertThat(d).isEqualByComparingTo("30"));
  }

  @Test
  void aLifetimeBudgetHasNoDaysRemainingAndProjectsWhatItHasSpent() {
    BudgetEngine engine =
        engine(
            BudgetSpec.builder("life", PAYMENTS, Metric.COST, usd("300"), Period.parse("total"))
                .build());
    spend(engine, "openai", "40");
    clock.advance(Duration.ofDays(100));
    BudgetStatus s = engine.status("life");
    assertThat(s.daysRemaining()).isEmpty();
    assertThat(s.burnRatePerDay()).isEqualByComparingTo("0");
    assertThat(s.projected()).isEqualTo(usd("40"));
  }

  @Test
  void remainingAndAvailableNeverGoBelowZero() {
    BudgetEngine engine = june();
    Reservation r = reserve(engine, "openai", "200");
    engine.settle(r, new Actual(Money.ofUsd("350"), 10)); // the provider charged more than reserved
    BudgetStatus s = engine.status("team");
    assertThat(s.spent()).isEqualTo(usd("350"));
    assertThat(s.remaining()).isZero();
    assertThat(s.available()).isZero();
    assertThat(s.health()).isEqualTo(Health.EXCEEDED);
  }

  @ParameterizedTest(name = "{0} of 100 tokens spent, warning at {1}%, critical at {2}%: {3}")
  @CsvSource({
    "0,   75, 90, GOOD",
    "74,  75, 90, GOOD",
    "75,  75, 90, WARNING",
    "89,  75, 90, WARNING",
    "90,  75, 90, CRITICAL",
    "99,  75, 90, CRITICAL",
    "100, 75, 90, EXCEEDED",
    "49,  50, 60, GOOD",
    "50,  50, 60, WARNING",
    "60,  50, 60, CRITICAL",
    "80,  80, 80, CRITICAL",
  })
  void healthFollowsTheConfiguredPercentages(long spent, int warning, int critical, Health want) {
    BudgetEngine engine =
        engine(
            BudgetSpec.builder("tokens", PAYMENTS, Metric.TOKENS, 100, Period.parse("daily"))
                .warningPercent(warning)
                .criticalPercent(critical)
                .emergencyReservePercent(0)
                .build());
    if (spent > 0) {
      Estimate e = new Estimate("openai", "m", spent, 0, Money.ZERO, BigDecimal.ZERO);
      Decision.Allow a = (Decision.Allow) engine.reserve(BudgetRequest.of("r", ALICE, e));
      engine.settle(a.reservation(), new Actual(Money.ZERO, spent));
    }
    assertThat(engine.status("tokens").health()).isEqualTo(want);
  }

  @Test
  void healthWalksFromGoodToExceededAsSpendGrows() {
    // $300 with a $60 reserve: ordinary requests may take $240, so critical sits below that.
    BudgetEngine engine =
        engine(
            BudgetSpec.builder("team", PAYMENTS, Metric.COST, usd("300"), Period.parse("monthly"))
                .warningPercent(50)
                .criticalPercent(70)
                .build());
    assertThat(engine.status("team").health()).isEqualTo(Health.GOOD);
    spend(engine, "openai", "149.999999999");
    assertThat(engine.status("team").health()).isEqualTo(Health.GOOD);
    spend(engine, "openai", "0.000000001"); // 50%
    assertThat(engine.status("team").health()).isEqualTo(Health.WARNING);
    spend(engine, "openai", "60"); // 70%
    assertThat(engine.status("team").health()).isEqualTo(Health.CRITICAL);
    spend(engine, "openai", "30"); // 80%: all an ordinary request may spend
    // The last $60 is the emergency reserve: only a critical request may spend it.
    Estimate e = new Estimate("openai", "m", 10, 0, Money.ofUsd("60"), BigDecimal.ZERO);
    BudgetRequest last = BudgetRequest.of("last", ALICE, e);
    assertThat(engine.reserve(last)).isInstanceOf(Decision.Deny.class);
    Decision.Allow a = (Decision.Allow) engine.reserve(last.asCritical());
    engine.settle(a.reservation(), new Actual(Money.ofUsd("60"), 10));
    assertThat(engine.status("team").health()).isEqualTo(Health.EXCEEDED);
  }

  @Test
  void spendIsBrokenDownByProviderWithinThePeriod() {
    BudgetEngine engine = june();
    spend(engine, "openai", "3");
    spend(engine, "anthropic", "4");
    spend(engine, "openai", "1");
    assertThat(engine.status("team").byProvider())
        .containsExactly(
            java.util.Map.entry("anthropic", usd("4")), java.util.Map.entry("openai", usd("4")));
    clock.set(Instant.parse("2026-07-01T00:00:00Z"));
    assertThat(engine.status("team").byProvider()).isEmpty();
  }

  @Test
  void canAffordKeepsTheEmergencyReserveForCriticalRequests() {
    BudgetEngine engine =
        engine(
            BudgetSpec.builder("team", PAYMENTS, Metric.COST, usd("100"), Period.parse("monthly"))
                .build());
    spend(engine, "openai", "70");
    // $30 left, $20 of it the reserve: $10 for an ordinary request, $30 for a critical one.
    assertThat(engine.canAfford(PAYMENTS, Money.ofUsd("10"), false)).isTrue();
    assertThat(engine.canAfford(PAYMENTS, Money.ofUsd("10.000000001"), false)).isFalse();
    assertThat(engine.canAfford(PAYMENTS, Money.ofUsd("30"), true)).isTrue();
    assertThat(engine.canAfford(PAYMENTS, Money.ofUsd("30.000000001"), true)).isFalse();
    assertThat(engine.status("team").reserved()).as("canAfford reserves nothing").isZero();
  }

  @Test
  void canAffordCountsReservationsInFlight() {
    BudgetEngine engine =
        engine(
            BudgetSpec.builder("team", PAYMENTS, Metric.COST, usd("100"), Period.parse("monthly"))
                .emergencyReservePercent(0)
                .build());
    reserve(engine, "openai", "95");
    assertThat(engine.canAfford(PAYMENTS, Money.ofUsd("5"), false)).isTrue();
    assertThat(engine.canAfford(PAYMENTS, Money.ofUsd("6"), false)).isFalse();
  }

  @Test
  void canAffordIgnoresBudgetsThatCannotDenyAndScopesWithoutBudgets() {
    BudgetEngine engine =
        engine(
            BudgetSpec.builder("team", PAYMENTS, Metric.COST, usd("1"), Period.parse("monthly"))
                .enforcement(Enforcement.SOFT)
                .build());
    assertThat(engine.canAfford(PAYMENTS, Money.ofUsd("1000"), false)).isTrue();
    assertThat(engine.canAfford(Scope.parse("team:search"), Money.ofUsd("1000"), false)).isTrue();
  }

  @Test
  void statusOfAScopeListsItsBudgets() {
    BudgetEngine engine =
        new BudgetEngine(
            List.of(
                BudgetSpec.builder("m", PAYMENTS, Metric.COST, 10, Period.parse("monthly")).build(),
                BudgetSpec.builder("d", PAYMENTS, Metric.TOKENS, 10, Period.parse("daily")).build(),
                BudgetSpec.builder("o", Scope.GLOBAL, Metric.COST, 10, Period.parse("daily"))
                    .build()),
            clock,
            Duration.ofHours(1),
            BudgetListener.NONE);
    assertThat(engine.status(PAYMENTS))
        .extracting(BudgetStatus::budgetId)
        .containsExactly("m", "d");
  }
}

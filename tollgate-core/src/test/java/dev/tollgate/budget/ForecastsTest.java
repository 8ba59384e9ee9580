package dev.tollgate.budget;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tollgate.budget.BudgetForecast.Outlook;
import dev.tollgate.ledger.Attribution;
import dev.tollgate.ledger.Dimension;
import dev.tollgate.ledger.UsageEvent;
import dev.tollgate.money.Money;
import dev.tollgate.testkit.FakeClock;
import dev.tollgate.usage.Usage;
import dev.tollgate.usage.UsageKind;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * The forecast as the fake clock moves through May 2026 (31 days): the team spends $1 a day for ten
 * days, then $4 a day, then $10 a day; each figure is worked out by hand in the test.
 */
class ForecastsTest {

  private static final Attribution ALICE =
      new Attribution("key-1", "alice", "", "payments", "", "", List.of());
  private static final Scope PAYMENTS = Scope.of(Dimension.TEAM, "payments");

  private final FakeClock clock = FakeClock.at("2026-05-01T00:00:00Z");
  private final BudgetLedgerTest.ListLedger ledger = new BudgetLedgerTest.ListLedger();
  private final AtomicInteger serial = new AtomicInteger();

  private static long usd(String amount) {
    return Money.ofUsd(amount).nanos();
  }

  private BudgetEngine engine(BudgetSpec... specs) {
    return new BudgetEngine(List.of(specs), clock, Duration.ofMinutes(10), BudgetListener.NONE);
  }

  private static BudgetSpec soft(String id, String limitUsd, String period) {
    return BudgetSpec.builder(id, PAYMENTS, Metric.COST, usd(limitUsd), Period.parse(period))
        .enforcement(Enforcement.SOFT)
        .build();
  }

  /** One request of {@code usd} at noon of each day from {@code first} to {@code last} (May). */
  private void spendDaily(BudgetEngine engine, int first, int last, String usd) {
    for (int day = first; day <= last; day++) {
      clock.set(Instant.parse("2026-05-%02dT12:00:00Z".formatted(day)));
      spend(engine, usd);
    }
  }

  /** The gateway's path: reserve, settle, and append the usage event. */
  private void spend(BudgetEngine engine, String usd) {
    String id = "r" + serial.incrementAndGet();
    Estimate e = new Estimate("openai", "gpt-4o", 10, 0, Money.ofUsd(usd), BigDecimal.ZERO);
    Decision.Allow a = (Decision.Allow) engine.reserve(BudgetRequest.of(id, ALICE, e));
    engine.settle(a.reservation(), new Actual(Money.ofUsd(usd), 10));
    ledger.append(
        List.of(
            new UsageEvent(
                id,
                clock.instant(),
                ALICE,
                "openai",
                "gpt-4o",
                "gpt-4o",
                Usage.builder().set(UsageKind.INPUT, 10).build(),
                Money.ofUsd(usd),
                Money.ofUsd(usd),
                UsageEvent.CostState.EXACT,
                100,
                UsageEvent.Outcome.SUCCESS,
                "",
                "",
                UsageEvent.Origin.GATEWAY)));
  }

  private BudgetForecast at(BudgetEngine engine, String iso, String budget) {
    clock.set(Instant.parse(iso));
    return new Forecasts(engine, ledger).of(budget);
  }

  @Test
  void theProjectionFollowsTheLastSevenDaysAsTheClockMovesThroughTheMonth() {
    BudgetEngine engine = engine(soft("team", "100", "monthly"));
    spendDaily(engine, 1, 7, "1");

    BudgetForecast week1 = at(engine, "2026-05-08T00:00:00Z", "team");
    // $7 in the last 7 days: $1 a day; 24 days left: 7 + 24.
    assertThat(week1.status().spent()).isEqualTo(usd("7"));
    assertThat(week1.lookback().start()).isEqualTo(Instant.parse("2026-05-01T00:00:00Z"));
    assertThat(week1.lookbackSpent()).isEqualTo(usd("7"));
    assertThat(week1.ratePerDay()).isEqualByComparingTo(BigDecimal.valueOf(usd("1")));
    assertThat(week1.projected()).hasValue(usd("31"));
    assertThat(week1.overrun()).hasValue(-usd("69"));
    assertThat(week1.outlook()).isEqualTo(Outlook.UNDER_LIMIT);
    assertThat(week1.limitHitAt()).isEmpty();

    spendDaily(engine, 8, 10, "1");
    spendDaily(engine, 11, 14, "4");
    BudgetForecast week2 = at(engine, "2026-05-15T00:00:00Z", "team");
    // Spent 10 × $1 + 4 × $4 = $26. Last 7 days (May 8 to 14): 3 × $1 + 4 × $4 = $19.
    // 17 days left: 26 + 19 × 17 / 7 = 26 + 46.142857142857…, rounded up to the nano-dollar.
    assertThat(week2.status().spent()).isEqualTo(usd("26"));
    assertThat(week2.lookbackSpent()).isEqualTo(usd("19"));
    assertThat(week2.projected()).hasValue(usd("72.142857143"));
    assertThat(week2.outlook()).isEqualTo(Outlook.UNDER_LIMIT);

    spendDaily(engine, 15, 21, "10");
    BudgetForecast week3 = at(engine, "2026-05-22T00:00:00Z", "team");
    // Spent 26 + 70 = $96, $10 a day, 10 days left: 96 + 100. The last $4 go in 0.4 days.
    assertThat(week3.projected()).hasValue(usd("196"));
    assertThat(week3.overrun()).hasValue(usd("96"));
    assertThat(week3.outlook()).isEqualTo(Outlook.OVER_LIMIT);
    assertThat(week3.limitHitAt()).contains(Instant.parse("2026-05-22T09:36:00Z"));

    spendDaily(engine, 22, 22, "10");
    BudgetForecast past = at(engine, "2026-05-23T00:00:00Z", "team");
    assertThat(past.outlook()).isEqualTo(Outlook.EXCEEDED);
    assertThat(past.limitHitAt()).isEmpty();
    assertThat(past.projected()).hasValue(usd("106") + usd("10") * 9);
  }

  @Test
  void earlyInAPeriodTheWindowReachesIntoThePeriodBefore() {
    BudgetEngine engine = engine(soft("team", "500", "monthly"));
    spendDaily(engine, 25, 31, "2");

    BudgetForecast june = at(engine, "2026-06-01T06:00:00Z", "team");

    // Nothing spent in June yet, but $14 over the last 7 days (May 25 to 31), for 29.75 days
    // left: 14 × 29.75 / 7.
    assertThat(june.status().spent()).isZero();
    assertThat(june.lookbackSpent()).isEqualTo(usd("14"));
    assertThat(june.projected()).hasValue(usd("59.5"));
  }

  @Test
  void anAdjustmentMovesWhatIsSpentButNotTheBurnRate() {
    BudgetEngine engine = engine(soft("team", "100", "monthly"));
    spendDaily(engine, 1, 7, "3");
    clock.set(Instant.parse("2026-05-08T00:00:00Z"));
    ledger.append(List.of(new BudgetLedger(engine, ledger).resetPeriod("team", "ops", "refund")));

    BudgetForecast f = at(engine, "2026-05-08T00:00:00Z", "team");

    assertThat(f.status().spent()).isZero();
    assertThat(f.lookbackSpent()).isEqualTo(usd("21"));
    assertThat(f.projected()).hasValue(usd("3") * 24);
  }

  @Test
  void aDailyBudgetLooksAtTheLast24HoursAndNamesWhy() {
    BudgetEngine engine = engine(soft("day", "10", "daily"));
    spendDaily(engine, 4, 4, "6");

    BudgetForecast f = at(engine, "2026-05-05T06:00:00Z", "day");

    // $6 in the last 24 hours, 18 hours left: 0 + 6 × 18 / 24.
    assertThat(f.lookback().start()).isEqualTo(Instant.parse("2026-05-04T06:00:00Z"));
    assertThat(f.projected()).hasValue(usd("4.5"));
    assertThat(f.method()).contains("last 24 hours", "a whole day");
  }

  @Test
  void aLifetimeBudgetHasNoProjectionOnlyTheDateItsLimitIsReached() {
    BudgetEngine engine = engine(soft("life", "100", "total"));
    spendDaily(engine, 1, 30, "1");

    BudgetForecast f = at(engine, "2026-05-31T00:00:00Z", "life");

    // $30 over the last 30 days: $70 left lasts 70 days.
    assertThat(f.projected()).isEmpty();
    assertThat(f.overrun()).isEmpty();
    assertThat(f.limitHitAt()).contains(Instant.parse("2026-08-09T00:00:00Z"));
    assertThat(f.outlook()).isEqualTo(Outlook.OVER_LIMIT);
    assertThat(f.method()).contains("lifetime");
  }

  @Test
  void aRollingWindowHasNoEndToProjectTo() {
    BudgetEngine engine = engine(soft("roll", "100", "rolling:48"));
    spendDaily(engine, 1, 2, "5");

    BudgetForecast f = at(engine, "2026-05-03T00:00:00Z", "roll");

    assertThat(f.lookbackSpent()).isEqualTo(usd("10"));
    assertThat(f.ratePerDay()).isEqualByComparingTo(BigDecimal.valueOf(usd("5")));
    assertThat(f.projected()).isEmpty();
    assertThat(f.limitHitAt()).isEmpty();
    assertThat(f.method()).startsWith("none: a rolling window").contains("last 48 hours");
  }

  @Test
  void aTokenBudgetIsForecastInTokens() {
    BudgetSpec tokens =
        BudgetSpec.builder("tok", PAYMENTS, Metric.TOKENS, 1_000, Period.parse("weekly"))
            .enforcement(Enforcement.TRACK)
            .build();
    BudgetEngine engine = engine(tokens);
    // Monday 4 May to Wednesday 6 May: 10 tokens a request, one request a day.
    spendDaily(engine, 4, 6, "1");

    BudgetForecast f = at(engine, "2026-05-07T00:00:00Z", "tok");

    // 30 tokens in 7 days; 4 days left of the ISO week: 30 + ceil(30 × 4 / 7) = 30 + 18.
    assertThat(f.status().spent()).isEqualTo(30);
    assertThat(f.projected()).hasValue(48);
    assertThat(f.limitHitAt()).isEmpty();
  }
}

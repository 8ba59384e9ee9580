package dev.tollgate.recommend;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tollgate.budget.BudgetLedger.PeriodSpend;
import dev.tollgate.budget.BudgetSpec;
import dev.tollgate.budget.Enforcement;
import dev.tollgate.budget.Health;
import dev.tollgate.budget.Metric;
import dev.tollgate.budget.Period;
import dev.tollgate.budget.Scope;
import dev.tollgate.money.Money;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Budgets always at their limit, or never used, judged on their periods. */
class BudgetRuleTest {

  private static final long DOLLAR = Money.NANOS_PER_USD;

  private static BudgetSpec spec(String id, Period period, Enforcement enforcement, int reserve) {
    return BudgetSpec.builder(id, Scope.parse("team:web"), Metric.COST, 100 * DOLLAR, period)
        .enforcement(enforcement)
        .emergencyReservePercent(reserve)
        .build();
  }

  /** Periods of one day each, the current one first, with these amounts spent. */
  private static BudgetRule.History history(BudgetSpec s, long... spent) {
    List<PeriodSpend> periods = new ArrayList<>();
    Instant start = Instant.parse("2026-05-01T00:00:00Z");
    for (long x : spent) {
      periods.add(
          new PeriodSpend(
              new Period.Window(start, start.plus(1, ChronoUnit.DAYS)), x, s.limit(), Health.GOOD));
      start = start.minus(1, ChronoUnit.DAYS);
    }
    return new BudgetRule.History(s, periods);
  }

  private static List<Recommendation> apply(BudgetRule.History... histories) {
    return BudgetRule.apply(List.of(histories));
  }

  @Test
  void aBudgetAtItsLimitInMostPastPeriodsIsAlwaysExceeded() {
    BudgetSpec s = spec("web-monthly", Period.of(Period.Kind.MONTHLY), Enforcement.SOFT, 0);

    List<Recommendation> out = apply(history(s, 0, 100 * DOLLAR, 120 * DOLLAR, 3 * DOLLAR));

    assertThat(out).hasSize(1);
    Recommendation r = out.getFirst();
    assertThat(r.id()).isEqualTo("budget_always_exceeded:web-monthly");
    assertThat(r.evidence())
        .containsEntry("periods_examined", 3L)
        .containsEntry("periods_at_limit", 2L)
        .containsEntry("limit_usd", Money.ofUsd("100"));
    assertThat(r.saving()).isEqualTo(Money.ZERO);
    assertThat(r.explanation()).contains("2 of its last 3", "over budget");
    @SuppressWarnings("unchecked")
    List<Map<String, Object>> periods = (List<Map<String, Object>>) r.evidence().get("periods");
    assertThat(periods)
        .extracting(p -> p.get("at_limit"))
        .containsExactly(false, true, true, false);
  }

  @Test
  void oneHitOfThreeIsNotAlwaysExceeded() {
    BudgetSpec s = spec("web-monthly", Period.of(Period.Kind.MONTHLY), Enforcement.SOFT, 0);

    assertThat(apply(history(s, 0, 100 * DOLLAR, 50 * DOLLAR, 3 * DOLLAR))).isEmpty();
  }

  @Test
  void aHardBudgetHitsItsLimitShortOfItsEmergencyReserve() {
    BudgetSpec s = spec("web-daily", Period.of(Period.Kind.DAILY), Enforcement.HARD, 20);

    // Ordinary requests may spend $80; 95% of that is $76.
    assertThat(BudgetRule.hit(s, 76 * DOLLAR)).isTrue();
    assertThat(BudgetRule.hit(s, 76 * DOLLAR - 1)).isFalse();
    List<Recommendation> out = apply(history(s, 0, 76 * DOLLAR, 79 * DOLLAR, 0));
    assertThat(out.getFirst().explanation()).contains("refused or capped");
  }

  @Test
  void aBudgetUnderOnePercentInEveryPeriodIncludingTheCurrentOneIsUnused() {
    BudgetSpec s = spec("web-weekly", Period.of(Period.Kind.WEEKLY), Enforcement.HARD, 20);
    long under = DOLLAR - 1; // 1% of $100 is $1

    List<Recommendation> unused = apply(history(s, under, 0, under, 0, 0));
    List<Recommendation> usedNow = apply(history(s, DOLLAR, 0, 0, 0, 0));

    assertThat(unused).extracting(Recommendation::id).containsExactly("budget_unused:web-weekly");
    assertThat(unused.getFirst().evidence()).containsEntry("periods_examined", 4L);
    assertThat(usedNow).isEmpty();
  }

  @Test
  void rollingAndLifetimeBudgetsAreNotJudged() {
    BudgetSpec rolling = spec("r", Period.rolling(24), Enforcement.SOFT, 0);
    BudgetSpec total = spec("t", Period.of(Period.Kind.TOTAL), Enforcement.SOFT, 0);

    assertThat(apply(history(rolling, 0, 0, 0), history(total, 0, 0, 0))).isEmpty();
    assertThat(BudgetRule.periodsExamined(Period.Kind.ROLLING)).isZero();
    assertThat(BudgetRule.periodsExamined(Period.Kind.TOTAL)).isZero();
  }

  @Test
  void thePeriodsExaminedAreThoseOfTheWindowFromThreeToThirtySix() {
    assertThat(BudgetRule.periodsExamined(Period.Kind.HOURLY)).isEqualTo(36);
    assertThat(BudgetRule.periodsExamined(Period.Kind.DAILY)).isEqualTo(30);
    assertThat(BudgetRule.periodsExamined(Period.Kind.WEEKLY)).isEqualTo(4);
    assertThat(BudgetRule.periodsExamined(Period.Kind.MONTHLY)).isEqualTo(3);
    assertThat(BudgetRule.periodsExamined(Period.Kind.YEARLY)).isEqualTo(3);
  }

  @Test
  void tokenBudgetsReportTheirAmountsInTokens() {
    BudgetSpec s =
        BudgetSpec.builder(
                "tok", Scope.parse("team:web"), Metric.TOKENS, 1_000, Period.of(Period.Kind.DAILY))
            .enforcement(Enforcement.SOFT)
            .build();

    Recommendation r = apply(history(s, 0, 1_000, 2_000, 0)).getFirst();

    assertThat(r.evidence()).containsEntry("limit_tokens", 1_000L);
    assertThat(r.explanation()).contains("1,000 tokens");
  }
}

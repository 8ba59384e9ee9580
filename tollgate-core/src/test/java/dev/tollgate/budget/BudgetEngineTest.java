package dev.tollgate.budget;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tollgate.ledger.Attribution;
import dev.tollgate.ledger.Dimension;
import dev.tollgate.money.Money;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class BudgetEngineTest {

  private static final InstantSource NOON =
      InstantSource.fixed(Instant.parse("2026-05-01T12:00:00Z"));
  private static final Attribution ALICE =
      new Attribution("key-1", "alice", "", "payments", "checkout", "api", List.of("prod"));

  /** $1 of input, 1,000 output tokens at $0.01 each: worst case $11. */
  private static Estimate estimate(String model) {
    return new Estimate("openai", model, 1000, 1000, Money.ofUsd("1"), new BigDecimal("10000000"));
  }

  private static BudgetSpec.Builder hard(String id, Scope scope, String usd) {
    return BudgetSpec.builder(
            id, scope, Metric.COST, Money.ofUsd(usd).nanos(), Period.of(Period.Kind.MONTHLY))
        .emergencyReservePercent(0);
  }

  private static BudgetEngine engine(BudgetSpec... specs) {
    return new BudgetEngine(List.of(specs), NOON, Duration.ofMinutes(10), BudgetListener.NONE);
  }

  @Test
  void aRequestWithinEveryBudgetIsAllowedAndReservesItsWorstCaseInEach() {
    BudgetEngine e =
        engine(
            hard("org", Scope.GLOBAL, "100").build(),
            hard("team", Scope.of(Dimension.TEAM, "payments"), "50").build());
    Decision d = e.reserve(BudgetRequest.of("r1", ALICE, estimate("gpt-4o")));
    assertThat(d).isInstanceOf(Decision.Allow.class);
    assertThat(e.status("org").reserved()).isEqualTo(Money.ofUsd("11").nanos());
    assertThat(e.status("team").reserved()).isEqualTo(Money.ofUsd("11").nanos());
  }

  @Test
  void settlingReplacesTheReservationWithTheActualCost() {
    BudgetEngine e = engine(hard("org", Scope.GLOBAL, "100").build());
    Decision.Allow d =
        (Decision.Allow) e.reserve(BudgetRequest.of("r1", ALICE, estimate("gpt-4o")));
    assertThat(e.settle(d.reservation(), new Actual(Money.ofUsd("2.5"), 1500))).isTrue();
    BudgetStatus s = e.status("org");
    assertThat(s.reserved()).isZero();
    assertThat(s.spent()).isEqualTo(Money.ofUsd("2.5").nanos());
    assertThat(s.byProvider()).containsEntry("openai", Money.ofUsd("2.5").nanos());
    assertThat(e.settle(d.reservation(), new Actual(Money.ofUsd("2.5"), 1500))).isFalse();
  }

  @Test
  void aDenialByOneBudgetTakesNothingFromTheOthersAndNamesTheBudgetAndTheFigures() {
    BudgetEngine e =
        engine(
            hard("org", Scope.GLOBAL, "100").build(),
            hard("team", Scope.of(Dimension.TEAM, "payments"), "10").build());
    Decision d = e.reserve(BudgetRequest.of("r1", ALICE, estimate("gpt-4o")));
    assertThat(d)
        .isInstanceOfSatisfying(
            Decision.Deny.class,
            deny -> {
              assertThat(deny.budgetId()).isEqualTo("team");
              assertThat(deny.reason())
                  .contains("limit $10.000000", "remaining $10.000000", "needs up to $11.000000");
              assertThat(deny.retryAfter()).contains(Instant.parse("2026-06-01T00:00:00Z"));
            });
    assertThat(e.status("org").reserved()).isZero();
  }

  @Test
  void outputIsCappedToWhatTheRemainingBudgetPaysFor() {
    BudgetEngine e =
        engine(hard("team", Scope.of(Dimension.TEAM, "payments"), "6").capOutput(true).build());
    Decision d = e.reserve(BudgetRequest.of("r1", ALICE, estimate("gpt-4o")));
    // $6 − $1 input = $5 = 500 output tokens at $0.01
    assertThat(d)
        .isInstanceOfSatisfying(
            Decision.AllowCapped.class, c -> assertThat(c.maxOutputTokens()).isEqualTo(500));
    assertThat(e.status("team").reserved()).isEqualTo(Money.ofUsd("6").nanos());
  }

  @Test
  void theEmergencyReserveIsOnlyForCriticalRequests() {
    BudgetEngine e = engine(hard("org", Scope.GLOBAL, "12").emergencyReservePercent(20).build());
    BudgetRequest r = BudgetRequest.of("r1", ALICE, estimate("gpt-4o"));
    assertThat(e.reserve(r)).isInstanceOf(Decision.Deny.class);
    assertThat(e.reserve(r.asCritical())).isInstanceOf(Decision.Allow.class);
  }

  @Test
  void anAdaptiveBudgetPastItsFallbackThresholdRoutesToTheCheaperModel() {
    BudgetEngine e =
        engine(
            hard("org", Scope.GLOBAL, "12")
                .enforcement(Enforcement.ADAPTIVE)
                .fallbackPercent(50)
                .fallbackModels(List.of("gpt-4o-mini"))
                .build());
    Estimate cheap =
        new Estimate(
            "openai", "gpt-4o-mini", 1000, 1000, Money.ofUsd("0.1"), new BigDecimal("600000"));
    BudgetRequest r =
        BudgetRequest.of("r1", ALICE, estimate("gpt-4o"))
            .withAlternatives(m -> m.equals("gpt-4o-mini") ? Optional.of(cheap) : Optional.empty());
    assertThat(e.reserve(r))
        .isInstanceOfSatisfying(
            Decision.AllowFallback.class, f -> assertThat(f.model()).isEqualTo("gpt-4o-mini"));
  }

  @Test
  void anExpiredReservationIsReleased() {
    Instant[] now = {Instant.parse("2026-05-01T12:00:00Z")};
    InstantSource clock = () -> now[0];
    BudgetEngine e =
        new BudgetEngine(
            List.of(hard("org", Scope.GLOBAL, "100").build()),
            clock,
            Duration.ofMinutes(10),
            BudgetListener.NONE);
    e.reserve(BudgetRequest.of("r1", ALICE, estimate("gpt-4o")));
    now[0] = now[0].plus(Duration.ofMinutes(9));
    assertThat(e.expireOverdue()).isZero();
    now[0] = now[0].plus(Duration.ofMinutes(1));
    assertThat(e.expireOverdue()).isEqualTo(1);
    assertThat(e.status("org").reserved()).isZero();
  }

  @Test
  void spendCountsInThePeriodInForceAndANewPeriodStartsExactlyAtItsBoundary() {
    Instant[] now = {Instant.parse("2026-05-31T23:59:59.999Z")};
    BudgetEngine e =
        new BudgetEngine(
            List.of(
                hard("org", Scope.GLOBAL, "100").build(),
                BudgetSpec.builder(
                        "hourly",
                        Scope.GLOBAL,
                        Metric.COST,
                        Money.ofUsd("100").nanos(),
                        Period.of(Period.Kind.HOURLY))
                    .emergencyReservePercent(0)
                    .build()),
            () -> now[0],
            Duration.ofMinutes(10),
            BudgetListener.NONE);
    Actual two = new Actual(Money.ofUsd("2"), 10);
    Decision.Allow may = (Decision.Allow) e.reserve(BudgetRequest.of("r1", ALICE, estimate("a")));
    assertThat(e.settle(may.reservation(), two)).isTrue();
    assertThat(e.status("org").spent()).isEqualTo(Money.ofUsd("2").nanos());

    now[0] = Instant.parse("2026-06-01T00:00:00Z");
    assertThat(e.status("org").spent()).isZero();
    assertThat(e.status("hourly").spent()).isZero();
    Decision.Allow june = (Decision.Allow) e.reserve(BudgetRequest.of("r2", ALICE, estimate("a")));
    assertThat(e.settle(june.reservation(), two)).isTrue();
    assertThat(e.status("org").spent()).isEqualTo(Money.ofUsd("2").nanos());

    now[0] = Instant.parse("2026-05-31T23:30:00Z");
    assertThat(e.status("org").spent()).isEqualTo(Money.ofUsd("2").nanos());
    assertThat(e.status("org").window().end()).isEqualTo(Instant.parse("2026-06-01T00:00:00Z"));
    now[0] = Instant.parse("2026-06-01T01:00:00Z");
    assertThat(e.status("hourly").spent()).isZero();
    assertThat(e.status("org").spent()).isEqualTo(Money.ofUsd("2").nanos());
  }

  @Test
  void aTrackOnlyBudgetNeverRefusesEvenWithPerRequestRules() {
    BudgetEngine e =
        engine(
            hard("org", Scope.GLOBAL, "1")
                .enforcement(Enforcement.TRACK)
                .blockedModels(java.util.Set.of("gpt-4o"))
                .maxCostPerRequest(Money.ofUsd("0.01"))
                .build());
    assertThat(e.reserve(BudgetRequest.of("r1", ALICE, estimate("gpt-4o"))))
        .isInstanceOf(Decision.Allow.class);
  }

  @Test
  void anEmergencyOverrideIsAllowedAndLeavesALedgerEntryNamingWhoAndWhy() {
    BudgetEngine e = engine(hard("org", Scope.GLOBAL, "5").build());
    BudgetRequest r =
        BudgetRequest.of("r9", ALICE, estimate("gpt-4o"))
            .withOverride(new BudgetRequest.Override("alice@ops", "incident 42"));
    Decision d = e.reserve(r);
    assertThat(d)
        .isInstanceOfSatisfying(
            Decision.Allow.class,
            a -> {
              assertThat(a.notes()).containsExactly("emergency override by alice@ops: incident 42");
              assertThat(a.reservation().auditEntries())
                  .singleElement()
                  .satisfies(
                      adj -> {
                        assertThat(adj.kind())
                            .isEqualTo(dev.tollgate.ledger.Adjustment.Kind.EMERGENCY_OVERRIDE);
                        assertThat(adj.budgetId()).isEqualTo("org");
                        assertThat(adj.actor()).isEqualTo("alice@ops");
                        assertThat(adj.reason()).isEqualTo("r9: incident 42");
                        assertThat(adj.delta()).isZero();
                      });
            });
  }

  @Test
  void theRemainingCostIsTheTightestSoftHardOrAdaptiveCostBudgetAfterSpentAndReserved() {
    BudgetEngine e =
        engine(
            hard("org", Scope.GLOBAL, "100").build(),
            hard("team", Scope.of(Dimension.TEAM, "payments"), "50")
                .enforcement(Enforcement.SOFT)
                .build(),
            hard("tracked", Scope.of(Dimension.KEY, "key-1"), "1")
                .enforcement(Enforcement.TRACK)
                .build(),
            BudgetSpec.builder(
                    "tokens",
                    Scope.GLOBAL,
                    Metric.TOKENS,
                    1_000_000,
                    Period.of(Period.Kind.MONTHLY))
                .build(),
            hard("other-team", Scope.of(Dimension.TEAM, "search"), "5").build());
    Decision.Allow held =
        (Decision.Allow) e.reserve(BudgetRequest.of("r1", ALICE, estimate("gpt-4o")));
    Decision.Allow settled =
        (Decision.Allow) e.reserve(BudgetRequest.of("r2", ALICE, estimate("gpt-4o")));
    e.settle(settled.reservation(), new Actual(Money.ofUsd("2.5"), 1500));

    // team: 50 - 2.5 spent - 11 still reserved by r1; the track-only $1, the token budget and
    // another team's budget do not count.
    assertThat(e.remainingCost(ALICE, "openai", "gpt-4o")).contains(Money.ofUsd("36.5"));
    e.release(held.reservation());
    assertThat(e.remainingCost(ALICE, "openai", "gpt-4o")).contains(Money.ofUsd("47.5"));
    Attribution nobody = new Attribution("key-9", "", "", "", "", "", List.of());
    assertThat(e.remainingCost(nobody, "openai", "gpt-4o")).contains(Money.ofUsd("97.5"));
    assertThat(engine().remainingCost(ALICE, "openai", "gpt-4o")).isEmpty();
  }
}

package dev.tollgate.budget;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import dev.tollgate.ledger.Attribution;
import dev.tollgate.ledger.Dimension;
import dev.tollgate.money.Money;
import dev.tollgate.testkit.FakeClock;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.OptionalLong;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** A budget-wide emergency override: an admin lets requests past a hard limit for a while. */
class EmergencyOverrideTest {

  private static final Attribution ALICE =
      new Attribution("key-1", "alice", "", "payments", "", "", List.of());
  private static final Scope PAYMENTS = Scope.of(Dimension.TEAM, "payments");
  private static final Instant NOON = Instant.parse("2026-05-11T12:00:00Z");

  private final FakeClock clock = FakeClock.at(NOON);
  private int serial;

  private static long usd(String amount) {
    return Money.ofUsd(amount).nanos();
  }

  /** A hard $10 monthly budget with a $2 emergency reserve, $8 of it spent in 16 requests. */
  private BudgetEngine engineAtEightDollars(BudgetSpec.Builder spec) {
    BudgetEngine e =
        new BudgetEngine(List.of(spec.build()), clock, Duration.ofMinutes(10), BudgetListener.NONE);
    for (int i = 0; i < 16; i++) {
      settle(e, "0.50");
    }
    return e;
  }

  private static BudgetSpec.Builder hard() {
    return BudgetSpec.builder("team", PAYMENTS, Metric.COST, usd("10"), Period.parse("monthly"))
        .emergencyReservePercent(20);
  }

  private Decision ask(BudgetEngine e, String usd) {
    Estimate est = new Estimate("openai", "gpt-4o", 10, 0, Money.ofUsd(usd), BigDecimal.ZERO);
    return e.reserve(BudgetRequest.of("r" + ++serial, ALICE, est));
  }

  private void settle(BudgetEngine e, String usd) {
    Decision.Allow a = (Decision.Allow) ask(e, usd);
    e.settle(a.reservation(), new Actual(Money.ofUsd(usd), 10));
  }

  private EmergencyOverride override(OptionalLong extra, Duration lasting) {
    return new EmergencyOverride(
        "team", "token:tok-1", "incident 42", extra, NOON, NOON.plus(lasting));
  }

  @Test
  void anOverrideWithAnExtraAllowanceLetsSpendThatFarPastTheLimitAndNoFurther() {
    BudgetEngine e = engineAtEightDollars(hard());
    assertThat(ask(e, "1")).isInstanceOf(Decision.Deny.class);

    e.grant(override(OptionalLong.of(usd("5")), Duration.ofHours(4)));

    // $8 spent, limit $10 + $5, reserve $2 kept: $5 more for an ordinary request.
    settle(e, "5");
    Decision more = ask(e, "0.01");
    assertThat(more).isInstanceOf(Decision.Deny.class);
    assertThat(((Decision.Deny) more).reason())
        .contains(
            "remaining includes an emergency override of $5.000000 until 2026-05-11T16:00:00Z");
    Estimate critical = new Estimate("openai", "gpt-4o", 10, 0, Money.ofUsd("2"), BigDecimal.ZERO);
    assertThat(e.reserve(BudgetRequest.of("crit", ALICE, critical).asCritical()))
        .isInstanceOf(Decision.Allow.class);
  }

  @Test
  void anOverrideWithoutACeilingEndsWhenItExpiresOrIsEnded() {
    BudgetEngine e = engineAtEightDollars(hard());
    e.grant(override(OptionalLong.empty(), Duration.ofHours(1)));

    assertThat(ask(e, "500")).isInstanceOf(Decision.Allow.class);
    assertThat(e.status("team").override()).isPresent();

    clock.advance(Duration.ofHours(1));
    assertThat(ask(e, "1")).isInstanceOf(Decision.Deny.class);
    assertThat(e.override("team")).isEmpty();
    assertThat(e.status("team").override()).isEmpty();

    e.grant(override(OptionalLong.empty(), Duration.ofHours(3)));
    assertThat(e.endOverride("team")).isPresent();
    assertThat(ask(e, "1")).isInstanceOf(Decision.Deny.class);
    assertThat(e.endOverride("team")).isEmpty();
  }

  @Test
  void anOverrideLiftsTheLimitButNotTheRulesPerRequest() {
    BudgetEngine e = engineAtEightDollars(hard().maxCostPerRequest(Money.ofUsd("0.50")));
    e.grant(override(OptionalLong.empty(), Duration.ofHours(1)));

    assertThat(ask(e, "0.40")).isInstanceOf(Decision.Allow.class);
    assertThat(ask(e, "0.60")).isInstanceOf(Decision.Deny.class);
  }

  @Test
  void aBudgetThatNeverRefusesHasNothingToOverride() {
    BudgetEngine e = engineAtEightDollars(hard().enforcement(Enforcement.SOFT));

    assertThatIllegalArgumentException()
        .isThrownBy(() -> e.grant(override(OptionalLong.empty(), Duration.ofHours(1))))
        .withMessageContaining("never refuses");
    assertThatIllegalArgumentException()
        .isThrownBy(() -> e.endOverride("nope"))
        .withMessageContaining("nope");
  }

  @Test
  void aBudgetRedefinedUnderTheSameIdKeepsItsOverrideAndADeletedOneDropsIt() {
    BudgetEngine e = engineAtEightDollars(hard());
    EmergencyOverride o = override(OptionalLong.of(usd("1")), Duration.ofHours(2));
    e.grant(o);
    BudgetLedger ledger = new BudgetLedger(e, new BudgetLedgerTest.ListLedger());

    BudgetSpec bigger =
        BudgetSpec.builder("team", PAYMENTS, Metric.COST, usd("20"), Period.parse("monthly"))
            .build();
    ledger.redefine(List.of(bigger), Set.of("team"));
    assertThat(e.override("team")).contains(o);

    ledger.redefine(List.of(), Set.of("team"));
    ledger.redefine(List.of(bigger), Set.of());
    assertThat(e.override("team")).isEmpty();
  }

  @Test
  void anOverrideIsRefusedWithoutAReasonOrWithANonPositiveAllowance() {
    assertThatIllegalArgumentException()
        .isThrownBy(
            () ->
                new EmergencyOverride(
                    "team", "ops", " ", OptionalLong.empty(), NOON, NOON.plusSeconds(1)));
    assertThatIllegalArgumentException()
        .isThrownBy(
            () ->
                new EmergencyOverride(
                    "team", "ops", "why", OptionalLong.of(0), NOON, NOON.plusSeconds(1)));
    assertThatIllegalArgumentException()
        .isThrownBy(
            () -> new EmergencyOverride("team", "ops", "why", OptionalLong.empty(), NOON, NOON));
  }
}

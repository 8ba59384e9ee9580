package dev.tollgate.budget;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import dev.tollgate.ledger.Adjustment;
import dev.tollgate.ledger.Attribution;
import dev.tollgate.ledger.Dimension;
import dev.tollgate.ledger.LedgerEntry;
import dev.tollgate.ledger.LedgerStore;
import dev.tollgate.ledger.Totals;
import dev.tollgate.ledger.UsageEvent;
import dev.tollgate.money.Money;
import dev.tollgate.testkit.FakeClock;
import dev.tollgate.usage.Usage;
import dev.tollgate.usage.UsageKind;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class BudgetLedgerTest {

  /**
   * A ledger in a list, summed by brute force: the reference that the real stores' rollups must
   * agree with. Records the windows {@link #totals} was asked for.
   */
  static final class ListLedger implements LedgerStore {
    private final List<LedgerEntry> entries = new ArrayList<>();
    final List<Period.Window> queried = new ArrayList<>();

    @Override
    public synchronized List<LedgerEntry> append(List<LedgerEntry> batch) {
      Set<String> ids = new HashSet<>();
      entries.forEach(e -> ids.add(e.id()));
      List<LedgerEntry> added = new ArrayList<>();
      for (LedgerEntry e : batch) {
        if (ids.add(e.id())) {
          entries.add(e);
          added.add(e);
        }
      }
      return added;
    }

    @Override
    public synchronized Totals totals(Dimension dimension, String value, Instant from, Instant to) {
      Totals sum = Totals.ZERO;
      for (Totals t : totalsByProvider(dimension, value, from, to).values()) {
        sum = sum.plus(t);
      }
      return sum;
    }

    @Override
    public synchronized java.util.Map<String, Totals> totalsByProvider(
        Dimension dimension, String value, Instant from, Instant to) {
      queried.add(new Period.Window(from, to));
      java.util.Map<String, Totals> sums = new java.util.TreeMap<>();
      for (LedgerEntry entry : entries) {
        if (entry instanceof UsageEvent e
            && e.billable()
            && dimension.valuesOf(e).contains(value)
            && !e.time().isBefore(from)
            && e.time().isBefore(to)) {
          sums.merge(e.provider(), Totals.of(e), Totals::plus);
        }
      }
      return sums;
    }

    @Override
    public synchronized List<Adjustment> adjustments(String budgetId, Instant periodStart) {
      return entries.stream()
          .filter(e -> e instanceof Adjustment)
          .map(e -> (Adjustment) e)
          .filter(a -> a.budgetId().equals(budgetId) && a.periodStart().equals(periodStart))
          .toList();
    }

    @Override
    public synchronized Optional<UsageEvent> event(String id) {
      return entries.stream()
          .filter(e -> e instanceof UsageEvent && e.id().equals(id))
          .map(e -> (UsageEvent) e)
          .findFirst();
    }

    @Override
    public synchronized long size() {
      return entries.size();
    }

    @Override
    public void close() {}
  }

  private static final Scope PAYMENTS = Scope.of(Dimension.TEAM, "payments");
  private static final Attribution ALICE =
      new Attribution("key-1", "alice", "", "payments", "", "", List.of());
  private static final Attribution SEARCH =
      new Attribution("key-9", "sam", "", "search", "", "", List.of());

  private final FakeClock clock = FakeClock.at("2026-06-15T12:30:00Z");
  private final ListLedger store = new ListLedger();
  private final AtomicInteger serial = new AtomicInteger();

  private static long usd(String amount) {
    return Money.ofUsd(amount).nanos();
  }

  private UsageEvent event(Attribution who, String at, String usd, long in, long out) {
    return new UsageEvent(
        "e" + serial.incrementAndGet(),
        Instant.parse(at),
        who,
        "openai",
        "gpt-4o",
        "gpt-4o",
        Usage.builder().set(UsageKind.INPUT, in).set(UsageKind.OUTPUT, out).build(),
        Money.ofUsd(usd),
        Money.ofUsd(usd),
        UsageEvent.CostState.EXACT,
        100,
        UsageEvent.Outcome.SUCCESS,
        "",
        "",
        UsageEvent.Origin.EXTERNAL);
  }

  private void append(LedgerEntry... entries) {
    store.append(List.of(entries));
  }

  private BudgetEngine engine(BudgetListener listener, List<BudgetSpec> specs) {
    return new BudgetEngine(specs, clock, Duration.ofMinutes(10), listener);
  }

  private static BudgetSpec teamMonthly() {
    return BudgetSpec.builder("team", PAYMENTS, Metric.COST, usd("100"), Period.parse("monthly"))
        .build();
  }

  /** The gateway's path: reserve, settle, and append the usage event, as the server does. */
  private void request(BudgetEngine engine, String usd) {
    Estimate e = new Estimate("openai", "gpt-4o", 10, 0, Money.ofUsd(usd), BigDecimal.ZERO);
    Decision.Allow a =
        (Decision.Allow) engine.reserve(BudgetRequest.of("r" + serial.get(), ALICE, e));
    engine.settle(a.reservation(), new Actual(Money.ofUsd(usd), 10));
    append(event(ALICE, clock.instant().toString(), usd, 10, 0));
  }

  // --- redefine at runtime ----------------------------------------------------------------------

  @Test
  void aBudgetAddedAtRuntimeStartsFromWhatItsScopeSpentAndEnforcesAtOnce() {
    BudgetEngine engine = engine(BudgetListener.NONE, List.of());
    request(engine, "6");
    BudgetLedger ledger = new BudgetLedger(engine, store);

    ledger.redefine(List.of(teamMonthly()), Set.of());

    assertThat(engine.status("team").spent()).isEqualTo(usd("6"));
    Estimate tooMuch = new Estimate("openai", "gpt-4o", 10, 0, Money.ofUsd("95"), BigDecimal.ZERO);
    assertThat(engine.reserve(BudgetRequest.of("r-big", ALICE, tooMuch)))
        .isInstanceOf(Decision.Deny.class);
  }

  @Test
  void aBudgetKeptAcrossARedefineKeepsItsCountersAndReservations() {
    BudgetEngine engine = engine(BudgetListener.NONE, List.of(teamMonthly()));
    request(engine, "5");
    Estimate e = new Estimate("openai", "gpt-4o", 10, 0, Money.ofUsd("2"), BigDecimal.ZERO);
    Decision.Allow held = (Decision.Allow) engine.reserve(BudgetRequest.of("r-held", ALICE, e));
    BudgetLedger ledger = new BudgetLedger(engine, store);
    BudgetSpec other =
        BudgetSpec.builder(
                "alice",
                Scope.of(Dimension.USER, "alice"),
                Metric.COST,
                usd("1"),
                Period.parse("daily"))
            .build();

    ledger.redefine(List.of(other), Set.of());

    assertThat(engine.status("team").spent()).isEqualTo(usd("5"));
    assertThat(engine.status("team").reserved()).isEqualTo(usd("2"));
    engine.settle(held.reservation(), new Actual(Money.ofUsd("2"), 10));
    assertThat(engine.status("team").spent()).isEqualTo(usd("7"));
    ledger.redefine(List.of(), Set.of("alice"));
    assertThat(engine.specs()).extracting(BudgetSpec::id).containsExactly("team");
  }

  @Test
  void aRedefineThatWouldOverlapIsRefusedAndChangesNothing() {
    BudgetEngine engine = engine(BudgetListener.NONE, List.of(teamMonthly()));
    BudgetLedger ledger = new BudgetLedger(engine, store);
    BudgetSpec twin =
        BudgetSpec.builder("team-2", PAYMENTS, Metric.COST, usd("50"), Period.parse("monthly"))
            .build();

    assertThatIllegalArgumentException()
        .isThrownBy(() -> ledger.redefine(List.of(twin), Set.of()))
        .withMessageContaining("'team' and 'team-2' overlap");
    assertThat(engine.specs()).extracting(BudgetSpec::id).containsExactly("team");
  }

  // --- rebuild ---------------------------------------------------------------------------------

  @Test
  void rebuildSetsEveryCounterToTheLedgerSumOfTheCurrentPeriodOnly() {
    append(
        event(ALICE, "2026-05-31T23:59:59Z", "50", 1000, 1000), // May: not this period
        event(ALICE, "2026-06-01T00:00:00Z", "10", 100, 200),
        event(ALICE, "2026-06-15T12:00:00Z", "5", 300, 400),
        event(SEARCH, "2026-06-10T00:00:00Z", "7", 5000, 0), // another team
        event(ALICE, "2026-07-01T00:00:00Z", "9", 1, 1)); // July: not yet
    BudgetEngine engine =
        engine(
            BudgetListener.NONE,
            List.of(
                teamMonthly(),
                BudgetSpec.builder("tokens", PAYMENTS, Metric.TOKENS, 10_000, Period.parse("daily"))
                    .build(),
                BudgetSpec.builder(
                        "requests", Scope.GLOBAL, Metric.REQUESTS, 100, Period.parse("monthly"))
                    .build()));

    new BudgetLedger(engine, store).rebuild();

    assertThat(engine.status("team").spent()).isEqualTo(usd("15"));
    assertThat(engine.status("tokens").spent()).as("15 June only").isEqualTo(700);
    assertThat(engine.status("requests").spent()).as("every team, June only").isEqualTo(3);
    assertThat(engine.status("team").reserved()).isZero();
  }

  @Test
  void rebuildReplacesWhatTheEngineHadCountedBefore() {
    BudgetEngine engine = engine(BudgetListener.NONE, List.of(teamMonthly()));
    request(engine, "3");
    append(event(ALICE, "2026-06-02T00:00:00Z", "4", 1, 1));
    new BudgetLedger(engine, store).rebuild();
    assertThat(engine.status("team").spent()).isEqualTo(usd("7"));
  }

  @Test
  void afterARebuildNoThresholdAlreadyCrossedIsAlertedAgain() {
    append(event(ALICE, "2026-06-02T00:00:00Z", "60", 1, 1));
    List<Integer> heard = new ArrayList<>();
    BudgetListener listener =
        new BudgetListener() {
          @Override
          public void thresholdCrossed(BudgetSpec b, Period.Window w, int percent, long spent) {
            heard.add(percent);
          }
        };
    BudgetEngine engine = engine(listener, List.of(teamMonthly()));
    new BudgetLedger(engine, store).rebuild();
    request(engine, "16"); // 76%
    assertThat(heard).containsExactly(75);
  }

  // --- adjustments and restarts ------------------------------------------------------------------

  @Test
  void afterARestartTheTotalsEqualTheSumOfTheLedger() {
    BudgetEngine before = engine(BudgetListener.NONE, List.of(teamMonthly()));
    BudgetLedger ledger = new BudgetLedger(before, store);
    request(before, "30");
    request(before, "20");

    // Match a provider console that says $80 is left: spent becomes 100 − 80 = $20.
    Adjustment set = ledger.setRemaining("team", usd("80"), "ops@acme", "match the console");
    assertThat(set.kind()).isEqualTo(Adjustment.Kind.SET_REMAINING);
    assertThat(set.delta()).isEqualTo(usd("-30"));
    assertThat(set.periodStart()).isEqualTo(Instant.parse("2026-06-01T00:00:00Z"));
    assertThat(set.actor()).isEqualTo("ops@acme");
    assertThat(before.status("team").remaining()).isEqualTo(usd("80"));
    append(set);
    request(before, "5");

    BudgetEngine after = engine(BudgetListener.NONE, List.of(teamMonthly()));
    new BudgetLedger(after, store).rebuild();

    // Every field, the spend by provider included (adjustments belong to no provider).
    assertThat(after.status("team")).usingRecursiveComparison().isEqualTo(before.status("team"));
    assertThat(after.status("team").spent()).isEqualTo(usd("25"));
  }

  @Test
  void aResetPeriodIsKeptAcrossARestart() {
    BudgetEngine before = engine(BudgetListener.NONE, List.of(teamMonthly()));
    request(before, "42");
    Adjustment reset = new BudgetLedger(before, store).resetPeriod("team", "ops", "new contract");
    assertThat(reset.kind()).isEqualTo(Adjustment.Kind.RESET_PERIOD);
    assertThat(reset.delta()).isEqualTo(usd("-42"));
    assertThat(before.status("team").spent()).isZero();
    append(reset);
    request(before, "1");

    BudgetEngine after = engine(BudgetListener.NONE, List.of(teamMonthly()));
    new BudgetLedger(after, store).rebuild();
    assertThat(after.status("team").spent()).isEqualTo(usd("1"));
    assertThat(after.status("team").spent()).isEqualTo(before.status("team").spent());
  }

  @Test
  void settingTheRemainingAmountWhileARequestIsInFlightStillAgreesWithTheLedgerAfterItSettles() {
    BudgetEngine before = engine(BudgetListener.NONE, List.of(teamMonthly()));
    Estimate e = new Estimate("openai", "gpt-4o", 10, 0, Money.ofUsd("10"), BigDecimal.ZERO);
    Decision.Allow inFlight = (Decision.Allow) before.reserve(BudgetRequest.of("x", ALICE, e));
    // A console's balance leaves out requests in flight: spent is set to 100 − 50 = $50, and the
    // $10 still reserved comes off what remains until the request settles.
    Adjustment set = new BudgetLedger(before, store).setRemaining("team", usd("50"), "ops", "");
    append(set);
    assertThat(before.status("team").spent()).isEqualTo(usd("50"));
    assertThat(before.status("team").remaining()).isEqualTo(usd("40"));
    before.settle(inFlight.reservation(), new Actual(Money.ofUsd("4"), 10));
    append(event(ALICE, clock.instant().toString(), "4", 10, 0));

    BudgetEngine after = engine(BudgetListener.NONE, List.of(teamMonthly()));
    new BudgetLedger(after, store).rebuild();
    assertThat(after.status("team").spent())
        .isEqualTo(before.status("team").spent())
        .isEqualTo(usd("54"));
  }

  @Test
  void anAdjustmentOfLastMonthDoesNotCountThisMonth() {
    clock.set(Instant.parse("2026-05-20T00:00:00Z"));
    BudgetEngine may = engine(BudgetListener.NONE, List.of(teamMonthly()));
    request(may, "10");
    append(new BudgetLedger(may, store).setRemaining("team", 0, "ops", "freeze May"));
    clock.set(Instant.parse("2026-06-15T12:30:00Z"));
    BudgetEngine june = engine(BudgetListener.NONE, List.of(teamMonthly()));
    new BudgetLedger(june, store).rebuild();
    assertThat(june.status("team").spent()).isZero();
  }

  @Test
  void setRemainingOutsideZeroToTheLimitIsRefused() {
    BudgetEngine engine = engine(BudgetListener.NONE, List.of(teamMonthly()));
    BudgetLedger ledger = new BudgetLedger(engine, store);
    assertThatIllegalArgumentException()
        .isThrownBy(() -> ledger.setRemaining("team", -1, "ops", ""))
        .withMessage("team: remaining must be between 0 and the limit 100000000000, got -1");
    assertThatIllegalArgumentException()
        .isThrownBy(() -> ledger.setRemaining("team", usd("100") + 1, "ops", ""))
        .withMessageContaining("got 100000000001");
    assertThat(engine.status("team").spent()).isZero();
    assertThat(ledger.setRemaining("team", 0, "ops", "").delta()).isEqualTo(usd("100"));
    assertThat(ledger.setRemaining("team", usd("100"), "ops", "").delta()).isEqualTo(usd("-100"));
  }

  @Test
  void adjustingAnUnknownBudgetIsRefusedNamingIt() {
    BudgetLedger ledger =
        new BudgetLedger(engine(BudgetListener.NONE, List.of(teamMonthly())), store);
    assertThatIllegalArgumentException()
        .isThrownBy(() -> ledger.resetPeriod("teams", "ops", ""))
        .withMessage("no budget with id 'teams'");
  }

  // --- usage recorded from outside -----------------------------------------------------------

  @Test
  void usageRecordedFromOutsideCountsImmediatelyInEveryBudgetItFallsIn() {
    BudgetEngine engine =
        engine(
            BudgetListener.NONE,
            List.of(
                teamMonthly(),
                BudgetSpec.builder(
                        "search",
                        Scope.parse("team:search"),
                        Metric.COST,
                        100,
                        Period.parse("monthly"))
                    .build(),
                BudgetSpec.builder(
                        "gpt-4o-tokens",
                        Scope.parse("model:gpt-4o"),
                        Metric.TOKENS,
                        1_000_000,
                        Period.parse("daily"))
                    .build()));
    BudgetLedger ledger = new BudgetLedger(engine, store);
    UsageEvent outside = event(ALICE, "2026-06-15T11:00:00Z", "2.5", 300, 700);
    assertThat(store.append(List.of(outside))).containsExactly(outside);
    ledger.recordUsage(outside);
    assertThat(engine.status("team").spent()).isEqualTo(usd("2.5"));
    assertThat(engine.status("team").byProvider()).containsEntry("openai", usd("2.5"));
    assertThat(engine.status("gpt-4o-tokens").spent()).isEqualTo(1000);
    assertThat(engine.status("search").spent()).isZero();
  }

  @Test
  void usageRecordedFromOutsideForAnEarlierPeriodDoesNotCountNow() {
    BudgetEngine engine = engine(BudgetListener.NONE, List.of(teamMonthly()));
    new BudgetLedger(engine, store).recordUsage(event(ALICE, "2026-05-31T23:00:00Z", "9", 1, 1));
    assertThat(engine.status("team").spent()).isZero();
  }

  @Test
  void usageRecordedFromOutsideAgreesWithARebuild() {
    BudgetEngine live = engine(BudgetListener.NONE, List.of(teamMonthly()));
    UsageEvent outside = event(ALICE, "2026-06-03T08:00:00Z", "6", 1, 1);
    store
        .append(List.of(outside))
        .forEach(e -> new BudgetLedger(live, store).recordUsage((UsageEvent) e));
    // Appending the same event again adds nothing, so the caller records nothing again.
    assertThat(store.append(List.of(outside))).isEmpty();
    BudgetEngine rebuilt = engine(BudgetListener.NONE, List.of(teamMonthly()));
    new BudgetLedger(rebuilt, store).rebuild();
    assertThat(rebuilt.status("team").spent()).isEqualTo(live.status("team").spent());
  }

  // --- rolling windows ---------------------------------------------------------------------------

  private static BudgetSpec rolling24() {
    return BudgetSpec.builder("rolling", PAYMENTS, Metric.COST, usd("100"), Period.rolling(24))
        .build();
  }

  @Test
  void aRollingWindowIsRebuiltHourByHourFromTheLedger() {
    // At 12:30 on 15 June the window is [13:00 on 14 June, 13:00 on 15 June).
    append(
        event(ALICE, "2026-06-14T11:30:00Z", "1", 1, 1), // 25 hours ago: out
        event(ALICE, "2026-06-14T13:30:00Z", "2", 1, 1), // 23 hours ago: in
        event(ALICE, "2026-06-15T11:30:00Z", "4", 1, 1)); // an hour ago: in
    BudgetEngine engine = engine(BudgetListener.NONE, List.of(rolling24()));

    new BudgetLedger(engine, store).rebuild();

    assertThat(store.queried)
        .hasSize(24)
        .allSatisfy(w -> assertThat(w.length()).isEqualTo(Duration.ofHours(1)));
    assertThat(store.queried.getFirst().start()).isEqualTo(Instant.parse("2026-06-14T13:00:00Z"));
    assertThat(engine.status("rolling").spent()).isEqualTo(usd("6"));
    // An hour later the hour of 13:00 on 14 June has left the window, and only its $2 with it.
    clock.advance(Duration.ofHours(1));
    assertThat(engine.status("rolling").spent()).isEqualTo(usd("4"));
  }

  @Test
  void aRollingBudgetCannotBeAdjusted() {
    BudgetLedger ledger =
        new BudgetLedger(engine(BudgetListener.NONE, List.of(rolling24())), store);
    assertThatIllegalArgumentException()
        .isThrownBy(() -> ledger.setRemaining("rolling", usd("50"), "ops", ""))
        .withMessage("rolling: a rolling window has no period to adjust");
    assertThatIllegalArgumentException()
        .isThrownBy(() -> ledger.resetPeriod("rolling", "ops", ""))
        .withMessage("rolling: a rolling window has no period to adjust");
  }

  @Test
  void everyPastPeriodStaysQueryableFromTheLedger() {
    append(event(ALICE, "2026-04-10T09:00:00Z", "30", 10, 0));
    append(event(ALICE, "2026-05-31T23:59:59Z", "120", 10, 0));
    append(event(ALICE, "2026-06-01T00:00:00Z", "7", 10, 0));
    BudgetEngine engine = engine(BudgetListener.NONE, List.of(teamMonthly()));

    List<BudgetLedger.PeriodSpend> history = new BudgetLedger(engine, store).history("team", 3);

    assertThat(history)
        .extracting(
            p -> p.window().start().toString(),
            BudgetLedger.PeriodSpend::spent,
            BudgetLedger.PeriodSpend::health)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple("2026-06-01T00:00:00Z", usd("7"), Health.GOOD),
            org.assertj.core.groups.Tuple.tuple(
                "2026-05-01T00:00:00Z", usd("120"), Health.EXCEEDED),
            org.assertj.core.groups.Tuple.tuple("2026-04-01T00:00:00Z", usd("30"), Health.GOOD));
  }
}

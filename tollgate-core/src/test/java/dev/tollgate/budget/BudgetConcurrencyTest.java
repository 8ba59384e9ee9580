package dev.tollgate.budget;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tollgate.ledger.Attribution;
import dev.tollgate.ledger.Dimension;
import dev.tollgate.money.Money;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.atomic.LongAdder;
import java.util.concurrent.locks.LockSupport;
import java.util.function.IntConsumer;
import org.junit.jupiter.api.Test;

/**
 * Hard budgets hold exactly under concurrency: 1,000 requests race on 64 platform threads that are
 * released together, each reserving a random worst case (seeded per request, so every request's
 * figures are reproducible; only the interleaving differs between runs) and then settling,
 * releasing, or being expired. Every budget here is HARD on COST with a $100 limit (or the limit
 * named) and no emergency reserve, so the whole limit is there to race for.
 */
class BudgetConcurrencyTest {

  private static final int REQUESTS = 1_000;
  private static final int THREADS = 64;
  private static final long SEED = 20260501L;
  private static final Instant NOON = Instant.parse("2026-05-01T12:00:00Z");
  private static final long LIMIT = Money.ofUsd("100").nanos();
  private static final Attribution ALICE =
      new Attribution("key-1", "alice", "", "payments", "checkout", "api", List.of());

  /**
   * Up to $0.10 of input and 100 to 10,000 output tokens at $0.0001 each: a worst case of $0.01 to
   * $1.10, about $0.55 on average, so 1,000 requests ask for about five times the limit.
   */
  private static Estimate randomEstimate(Random rnd) {
    return new Estimate(
        "openai",
        "gpt-4o",
        1000,
        100 + rnd.nextInt(9_901),
        Money.ofNanos(rnd.nextLong(100_000_000L)),
        new BigDecimal("100000"));
  }

  private static BudgetSpec.Builder hard(String id, Scope scope, long limit) {
    return BudgetSpec.builder(id, scope, Metric.COST, limit, Period.of(Period.Kind.MONTHLY))
        .emergencyReservePercent(0);
  }

  private static BudgetEngine engine(InstantSource clock, BudgetListener l, BudgetSpec... specs) {
    return new BudgetEngine(List.of(specs), clock, Duration.ofMinutes(10), l);
  }

  private static BudgetEngine engine(BudgetSpec... specs) {
    return engine(InstantSource.fixed(NOON), BudgetListener.NONE, specs);
  }

  /**
   * What the request really used: {@code permille} thousandths of its reserved worst case, rounded
   * down (integer arithmetic: no floating point near money, even in tests).
   */
  private static Actual fractionOf(Reservation r, int permille) {
    Estimate e = r.estimate();
    long cost = Math.multiplyExact(e.worstCost().nanos(), permille) / 1000;
    return new Actual(Money.ofNanos(cost), Math.multiplyExact(e.worstTokens(), permille) / 1000);
  }

  private static Reservation reservationOf(Decision d) {
    return switch (d) {
      case Decision.Allow a -> a.reservation();
      case Decision.AllowCapped c -> c.reservation();
      case Decision.AllowFallback f -> f.reservation();
      case Decision.Deny x -> null;
    };
  }

  /**
   * Runs {@code task(0)} to {@code task(tasks - 1)} on {@link #THREADS} platform threads that all
   * wait at a latch before they take their first task, so the tasks really race.
   */
  private static void race(int tasks, IntConsumer task) throws InterruptedException {
    CountDownLatch ready = new CountDownLatch(THREADS);
    CountDownLatch go = new CountDownLatch(1);
    AtomicInteger next = new AtomicInteger();
    AtomicReference<Throwable> failure = new AtomicReference<>();
    List<Thread> threads = new ArrayList<>();
    for (int t = 0; t < THREADS; t++) {
      threads.add(
          Thread.ofPlatform()
              .name("racer-" + t)
              .start(
                  () -> {
                    ready.countDown();
                    try {
                      go.await();
                      for (int i; (i = next.getAndIncrement()) < tasks; ) {
                        task.accept(i);
                      }
                    } catch (Throwable e) {
                      failure.compareAndSet(null, e);
                    }
                  }));
    }
    assertThat(ready.await(5, TimeUnit.SECONDS)).isTrue();
    go.countDown();
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    for (Thread t : threads) {
      t.join(Duration.ofNanos(Math.max(1, deadline - System.nanoTime())));
      assertThat(t.isAlive()).as("%s finished within 10 s", t.getName()).isFalse();
    }
    assertThat(failure.get()).isNull();
  }

  /** Lets other racers in between the decision and the settlement, as a provider call would. */
  private static void callProvider(Random rnd) {
    if (rnd.nextInt(4) == 0) {
      Thread.yield();
    }
  }

  /** Tallies of one race. */
  private static final class Tally {
    final LongAdder admitted = new LongAdder();
    final LongAdder denied = new LongAdder();
    final LongAdder capped = new LongAdder();
    final LongAdder settledNanos = new LongAdder();

    /** The smallest worst case that was denied. */
    final AtomicLong smallestDenied = new AtomicLong(Long.MAX_VALUE);
  }

  /** Races 1,000 requests on one budget; each settles with {@code fraction} of its worst case. */
  private static Tally raceOneBudget(BudgetEngine engine, int lowest, int highest)
      throws InterruptedException {
    Tally tally = new Tally();
    race(
        REQUESTS,
        i -> {
          Random rnd = new Random(SEED + i);
          Estimate e = randomEstimate(rnd);
          int fraction = lowest + rnd.nextInt(highest - lowest + 1);
          Decision d = engine.reserve(BudgetRequest.of("r" + i, ALICE, e));
          Reservation r = reservationOf(d);
          if (r == null) {
            tally.denied.increment();
            tally.smallestDenied.accumulateAndGet(e.worstCost().nanos(), Math::min);
            return;
          }
          tally.admitted.increment();
          assertWithinLimit(engine, "org");
          if (d instanceof Decision.AllowCapped) {
            tally.capped.increment();
          }
          callProvider(rnd);
          Actual actual = fractionOf(r, fraction);
          assertThat(engine.settle(r, actual)).isTrue();
          tally.settledNanos.add(actual.cost().nanos());
        });
    return tally;
  }

  /** Spent + reserved, the most the budget can end up spending, is within the limit right now. */
  private static void assertWithinLimit(BudgetEngine engine, String budgetId) {
    BudgetStatus s = engine.status(budgetId);
    assertThat(s.spent() + s.reserved())
        .as("%s spent + reserved", budgetId)
        .isLessThanOrEqualTo(s.allocated());
  }

  private static void assertDrained(BudgetEngine engine, String budgetId) {
    BudgetStatus s = engine.status(budgetId);
    assertThat(s.reserved()).as("%s reserved", budgetId).isZero();
    assertThat(s.spent()).as("%s spent", budgetId).isLessThanOrEqualTo(s.allocated());
    assertThat(engine.activeReservations()).isZero();
  }

  @Test
  void racingRequestsThatSettleAtTheirEstimateNeverSpendPastTheLimit() throws Exception {
    BudgetEngine engine = engine(hard("org", Scope.GLOBAL, LIMIT).build());

    Tally t = raceOneBudget(engine, 1000, 1000);

    assertDrained(engine, "org");
    assertThat(engine.status("org").spent()).isEqualTo(t.settledNanos.sum());
    assertThat(t.admitted.sum() + t.denied.sum()).isEqualTo(REQUESTS);
    assertThat(t.denied.sum()).as("the budget ran out").isPositive();
    // Spent + reserved never shrinks here, so what is left at the end was already too little for
    // every request that was denied.
    assertThat(LIMIT - engine.status("org").spent()).isLessThan(t.smallestDenied.get());
  }

  @Test
  void withOutputCappingTheRacingRequestsThatNoLongerFitAreCappedAndTheLimitStillHolds()
      throws Exception {
    BudgetEngine engine = engine(hard("org", Scope.GLOBAL, LIMIT).capOutput(true).build());

    Tally t = raceOneBudget(engine, 1000, 1000);

    assertDrained(engine, "org");
    assertThat(engine.status("org").spent()).isEqualTo(t.settledNanos.sum());
    assertThat(t.capped.sum()).as("requests capped once the budget ran low").isPositive();
    assertThat(t.denied.sum()).as("requests whose input alone no longer fit").isPositive();
  }

  @Test
  void racingRequestsThatSettleBelowTheirEstimateStayWithinTheLimitAndLetMoreRequestsIn()
      throws Exception {
    BudgetEngine equal = engine(hard("org", Scope.GLOBAL, LIMIT).build());
    BudgetEngine below = engine(hard("org", Scope.GLOBAL, LIMIT).build());

    Tally atEstimate = raceOneBudget(equal, 1000, 1000);
    Tally belowEstimate = raceOneBudget(below, 100, 900);

    assertDrained(below, "org");
    assertThat(below.status("org").spent()).isEqualTo(belowEstimate.settledNanos.sum());
    assertThat(belowEstimate.admitted.sum()).isGreaterThan(atEstimate.admitted.sum());
  }

  @Test
  void racingRequestsThatFailGiveTheirReservationBackAndTheLimitHolds() throws Exception {
    BudgetEngine engine = engine(hard("org", Scope.GLOBAL, LIMIT).build());
    BudgetEngine allSettle = engine(hard("org", Scope.GLOBAL, LIMIT).build());
    Tally t = new Tally();
    LongAdder released = new LongAdder();

    race(
        REQUESTS,
        i -> {
          Random rnd = new Random(SEED + i);
          Estimate e = randomEstimate(rnd);
          boolean fails = rnd.nextInt(10) < 3;
          Reservation r = reservationOf(engine.reserve(BudgetRequest.of("r" + i, ALICE, e)));
          if (r == null) {
            t.denied.increment();
            return;
          }
          t.admitted.increment();
          assertWithinLimit(engine, "org");
          callProvider(rnd);
          if (fails) {
            assertThat(engine.release(r)).isTrue();
            assertThat(engine.settle(r, fractionOf(r, 1000))).isFalse();
            assertThat(r.state()).isEqualTo(Reservation.State.RELEASED);
            released.increment();
          } else {
            Actual actual = fractionOf(r, 1000);
            assertThat(engine.settle(r, actual)).isTrue();
            t.settledNanos.add(actual.cost().nanos());
          }
        });
    Tally noneFail = raceOneBudget(allSettle, 1000, 1000);

    assertDrained(engine, "org");
    assertThat(released.sum()).isPositive();
    // Released amounts came back: only the settled requests are spent, nothing stays held.
    assertThat(engine.status("org").spent()).isEqualTo(t.settledNanos.sum());
    assertThat(engine.status("org").remaining()).isEqualTo(LIMIT - t.settledNanos.sum());
    assertThat(t.admitted.sum()).isGreaterThan(noneFail.admitted.sum());
  }

  @Test
  void nestedBudgetsRacingNeverPassAnyLimitAndChargeEveryBudgetOfARequestOrNone() throws Exception {
    // org $100 ⊃ team payments $60 ⊃ key-1 $25, key-2 $30; org ⊃ team search $50 ⊃ key-3 $20;
    // key-4 (search) has no budget of its own. The teams add up to more than the org.
    List<Attribution> callers =
        List.of(
            new Attribution("key-1", "alice", "", "payments", "", "", List.of()),
            new Attribution("key-2", "bob", "", "payments", "", "", List.of()),
            new Attribution("key-3", "carol", "", "search", "", "", List.of()),
            new Attribution("key-4", "dave", "", "search", "", "", List.of()));
    BudgetEngine engine =
        engine(
            hard("org", Scope.GLOBAL, LIMIT).build(),
            hard("payments", Scope.of(Dimension.TEAM, "payments"), usd("60")).build(),
            hard("search", Scope.of(Dimension.TEAM, "search"), usd("50")).build(),
            hard("key-1", Scope.of(Dimension.KEY, "key-1"), usd("25")).build(),
            hard("key-2", Scope.of(Dimension.KEY, "key-2"), usd("30")).build(),
            hard("key-3", Scope.of(Dimension.KEY, "key-3"), usd("20")).build());
    Map<String, LongAdder> expected = new ConcurrentHashMap<>();
    LongAdder denied = new LongAdder();

    race(
        REQUESTS,
        i -> {
          Random rnd = new Random(SEED + i);
          Estimate e = randomEstimate(rnd);
          Attribution who = callers.get(rnd.nextInt(callers.size()));
          int fraction = 500 + rnd.nextInt(501);
          Reservation r = reservationOf(engine.reserve(BudgetRequest.of("r" + i, who, e)));
          if (r == null) {
            denied.increment();
            return;
          }
          List<String> scope = budgetsOf(who);
          assertThat(r.budgetIds()).containsExactlyInAnyOrderElementsOf(scope);
          scope.forEach(b -> assertWithinLimit(engine, b));
          callProvider(rnd);
          Actual actual = fractionOf(r, fraction);
          assertThat(engine.settle(r, actual)).isTrue();
          scope.forEach(
              b -> expected.computeIfAbsent(b, k -> new LongAdder()).add(actual.cost().nanos()));
        });

    assertThat(denied.sum()).as("some budget ran out").isPositive();
    for (String b : List.of("org", "payments", "search", "key-1", "key-2", "key-3")) {
      assertDrained(engine, b);
      long sum = expected.getOrDefault(b, new LongAdder()).sum();
      assertThat(engine.status(b).spent()).as("%s spent", b).isEqualTo(sum);
    }
  }

  /** The budgets a caller of the nested test falls in, worked out without the engine. */
  private static List<String> budgetsOf(Attribution who) {
    List<String> out = new ArrayList<>(List.of("org", who.team()));
    if (!who.virtualKey().equals("key-4")) {
      out.add(who.virtualKey());
    }
    return out;
  }

  @Test
  void aSweeperExpiringOverdueReservationsWhileOthersSettleEndsEachReservationExactlyOnce()
      throws Exception {
    AtomicReference<Instant> now = new AtomicReference<>(NOON);
    Set<String> expiredByListener = ConcurrentHashMap.newKeySet();
    BudgetListener listener =
        new BudgetListener() {
          @Override
          public void reservationExpired(Reservation r) {
            assertThat(expiredByListener.add(r.id())).as("expired once: %s", r.id()).isTrue();
          }
        };
    // A lifetime budget, so that however far the clock runs the counters stay in one period.
    BudgetSpec lifetime =
        BudgetSpec.builder("org", Scope.GLOBAL, Metric.COST, LIMIT, Period.of(Period.Kind.TOTAL))
            .emergencyReservePercent(0)
            .build();
    BudgetEngine engine = engine(now::get, listener, lifetime);
    Map<String, Reservation> admitted = new ConcurrentHashMap<>();
    Set<String> settled = ConcurrentHashMap.newKeySet();
    Set<String> tooLate = ConcurrentHashMap.newKeySet();
    LongAdder settledNanos = new LongAdder();
    LongAdder expiredBySweeper = new LongAdder();
    AtomicInteger racersLeft = new AtomicInteger(1);

    // The sweeper moves the clock forward by up to 4 minutes at a time, past the 10-minute timeout
    // of whatever was reserved a few steps before, and expires what is overdue.
    Thread sweeper =
        Thread.ofPlatform()
            .name("sweeper")
            .start(
                () -> {
                  Random rnd = new Random(SEED);
                  while (racersLeft.get() > 0) {
                    now.updateAndGet(t -> t.plusSeconds(rnd.nextInt(240)));
                    expiredBySweeper.add(engine.expireOverdue());
                    LockSupport.parkNanos(100_000);
                  }
                });
    race(
        REQUESTS,
        i -> {
          Random rnd = new Random(SEED + i);
          Estimate e = randomEstimate(rnd);
          boolean hangs = rnd.nextInt(10) == 0;
          Reservation r = reservationOf(engine.reserve(BudgetRequest.of("r" + i, ALICE, e)));
          if (r == null) {
            return;
          }
          admitted.put(r.id(), r);
          assertWithinLimit(engine, "org");
          callProvider(rnd);
          if (hangs) {
            // A hung request: it comes back only once the sweeper has given up on it.
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
            while (r.state() == Reservation.State.ACTIVE && System.nanoTime() < deadline) {
              LockSupport.parkNanos(100_000);
            }
            assertThat(r.state()).isEqualTo(Reservation.State.EXPIRED);
          }
          Actual actual = fractionOf(r, 1000);
          if (engine.settle(r, actual)) {
            settled.add(r.id());
            settledNanos.add(actual.cost().nanos());
          } else {
            tooLate.add(r.id());
          }
        });
    racersLeft.set(0);
    sweeper.join(Duration.ofSeconds(5));
    assertThat(sweeper.isAlive()).isFalse();

    assertThat(settled).as("settled").isNotEmpty();
    assertThat(expiredByListener).as("expired").isNotEmpty();
    assertThat(settled).doesNotContainAnyElementsOf(expiredByListener);
    assertThat(tooLate).isEqualTo(expiredByListener);
    assertThat(expiredBySweeper.sum()).isEqualTo(expiredByListener.size());
    assertThat(settled.size() + expiredByListener.size()).isEqualTo(admitted.size());
    admitted.forEach(
        (id, r) ->
            assertThat(r.state())
                .as(id)
                .isEqualTo(
                    settled.contains(id) ? Reservation.State.SETTLED : Reservation.State.EXPIRED));
    assertDrained(engine, "org");
    assertThat(engine.status("org").spent()).isEqualTo(settledNanos.sum());
  }

  private static long usd(String amount) {
    return Money.ofUsd(amount).nanos();
  }

  /**
   * Budgets are added and removed at runtime (a key's budgets changing) while requests race on a
   * budget that stays: it keeps every hold and settlement, ends with nothing reserved, and its
   * spend is exactly what was settled, never above its limit.
   */
  @Test
  void aBudgetThatStaysHoldsExactlyWhileOthersAreAddedAndRemovedAtRuntime() throws Exception {
    BudgetEngine engine = engine(hard("team", Scope.of(Dimension.TEAM, "payments"), LIMIT).build());
    BudgetLedgerTest.ListLedger store = new BudgetLedgerTest.ListLedger();
    BudgetLedger ledger = new BudgetLedger(engine, store);
    LongAdder settled = new LongAdder();
    race(
        REQUESTS,
        i -> {
          if (i % 10 == 0) {
            // Every tenth task swaps the key's budget in or out instead of making a request; the
            // test's own lock keeps two swaps from both adding one (they would overlap).
            synchronized (ledger) {
              Set<String> keyBudgets = new java.util.HashSet<>();
              engine.specs().stream()
                  .filter(b -> b.id().startsWith("key-"))
                  .forEach(b -> keyBudgets.add(b.id()));
              ledger.redefine(
                  i % 20 == 0
                      ? List.of(
                          hard("key-" + i, Scope.of(Dimension.KEY, "key-1"), LIMIT / 2).build())
                      : List.of(),
                  keyBudgets);
            }
            return;
          }
          Estimate e = randomEstimate(new Random(SEED + i));
          if (engine.reserve(BudgetRequest.of("r" + i, ALICE, e)) instanceof Decision.Allow a) {
            Actual actual = fractionOf(a.reservation(), 500);
            engine.settle(a.reservation(), actual);
            settled.add(actual.cost().nanos());
          }
        });

    BudgetStatus team = engine.status("team");
    assertThat(team.reserved()).isZero();
    assertThat(team.spent()).isEqualTo(settled.sum()).isLessThanOrEqualTo(LIMIT);
    assertThat(engine.activeReservations()).isZero();
  }
}

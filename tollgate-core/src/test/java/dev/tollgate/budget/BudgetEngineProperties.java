package dev.tollgate.budget;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tollgate.ledger.Attribution;
import dev.tollgate.money.Money;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tuple;
import net.jqwik.api.constraints.IntRange;

/** Laws that one budget obeys over any sequence of reserve, settle and release. */
class BudgetEngineProperties {

  private static final long LIMIT = Money.ofUsd("10").nanos();
  private static final Attribution ALICE =
      new Attribution("key-1", "alice", "", "payments", "", "", List.of());

  /** What a step does; an index picks one of the reservations still open, modulo their number. */
  sealed interface Step {}

  /** Reserve a worst case of {@code inputNanos} plus up to {@code maxOutput} tokens at $0.0001. */
  record Reserve(long inputNanos, long maxOutput) implements Step {}

  /** Settle an open reservation with {@code permille}/1000 of its worst case. */
  record Settle(int index, int permille) implements Step {}

  /** Release an open reservation. */
  record Release(int index) implements Step {}

  @Property(tries = 300)
  void spentPlusReservedNeverPassesTheLimitWhenActualsStayWithinTheEstimates(
      @ForAll("steps") List<Step> steps,
      @ForAll boolean capOutput,
      @ForAll @IntRange(min = 0, max = 50) int emergencyReservePercent) {
    BudgetEngine engine =
        new BudgetEngine(
            List.of(
                BudgetSpec.builder(
                        "org", Scope.GLOBAL, Metric.COST, LIMIT, Period.of(Period.Kind.MONTHLY))
                    .capOutput(capOutput)
                    .emergencyReservePercent(emergencyReservePercent)
                    .build()),
            InstantSource.fixed(Instant.parse("2026-05-01T12:00:00Z")),
            Duration.ofMinutes(10),
            BudgetListener.NONE);
    List<Reservation> open = new ArrayList<>();
    long spent = 0;
    long reserved = 0;
    int n = 0;
    for (Step step : steps) {
      switch (step) {
        case Reserve r -> {
          Estimate e =
              new Estimate(
                  "openai",
                  "gpt-4o",
                  100,
                  r.maxOutput(),
                  Money.ofNanos(r.inputNanos()),
                  new BigDecimal("100000"));
          Decision d = engine.reserve(BudgetRequest.of("r" + n++, ALICE, e));
          Reservation held =
              switch (d) {
                case Decision.Allow a -> a.reservation();
                case Decision.AllowCapped c -> c.reservation();
                case Decision.AllowFallback f -> f.reservation();
                case Decision.Deny x -> null;
              };
          if (held != null) {
            open.add(held);
            reserved += held.estimate().worstCost().nanos();
          }
        }
        case Settle s when !open.isEmpty() -> {
          Reservation r = open.remove(s.index() % open.size());
          long worst = r.estimate().worstCost().nanos();
          long actual = worst / 1000 * s.permille();
          assertThat(engine.settle(r, new Actual(Money.ofNanos(actual), 0))).isTrue();
          reserved -= worst;
          spent += actual;
        }
        case Release x when !open.isEmpty() -> {
          Reservation r = open.remove(x.index() % open.size());
          assertThat(engine.release(r)).isTrue();
          reserved -= r.estimate().worstCost().nanos();
        }
        default -> {}
      }
      BudgetStatus status = engine.status("org");
      assertThat(status.spent()).isEqualTo(spent);
      assertThat(status.reserved()).isEqualTo(reserved);
      assertThat(status.spent() + status.reserved()).isLessThanOrEqualTo(LIMIT);
    }
    assertThat(engine.activeReservations()).isEqualTo(open.size());
  }

  @Provide
  Arbitrary<List<Step>> steps() {
    Arbitrary<Step> reserve =
        Combinators.combine(
                Arbitraries.longs().between(0, 500_000_000L),
                Arbitraries.longs().between(0, 30_000))
            .as(Reserve::new);
    Arbitrary<Step> settle =
        Combinators.combine(
                Arbitraries.integers().between(0, 999), Arbitraries.integers().between(0, 1000))
            .as(Settle::new);
    Arbitrary<Step> release = Arbitraries.integers().between(0, 999).map(Release::new);
    return Arbitraries.frequencyOf(Tuple.of(4, reserve), Tuple.of(3, settle), Tuple.of(1, release))
        .list()
        .ofMaxSize(200);
  }
}

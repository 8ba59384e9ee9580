package dev.tollgate.budget;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import org.junit.jupiter.api.Test;

class BudgetStateTest {

  private static Instant at(String t) {
    return Instant.parse("2026-05-01T" + t + "Z");
  }

  @Test
  void aRollingWindowIsWorkedOutAgainForAnEarlierHourThatTheLastWindowAlsoCovers() {
    BudgetState b =
        new BudgetState(
            BudgetSpec.builder("org", Scope.GLOBAL, Metric.COST, 100, Period.rolling(4)).build(),
            0);
    assertThat(b.window(at("13:30:00")))
        .isEqualTo(new Period.Window(at("10:00:00"), at("14:00:00")));
    // A request that read the clock just before the hour, and got the lock just after another.
    assertThat(b.window(at("12:59:59.999")))
        .isEqualTo(new Period.Window(at("09:00:00"), at("13:00:00")));
  }

  @Test
  void theCounterOfAnInstantIsTheOneOfItsPeriodWhicheverWasAskedForBefore() {
    BudgetState b =
        new BudgetState(
            BudgetSpec.builder("org", Scope.GLOBAL, Metric.COST, 100, Period.of(Period.Kind.HOURLY))
                .build(),
            0);
    Counter eleven = b.current(at("11:59:59.999"));
    Counter noon = b.current(at("12:00:00"));
    assertThat(noon).isNotSameAs(eleven);
    assertThat(b.current(at("11:00:00"))).isSameAs(eleven);
    assertThat(b.current(at("12:59:59"))).isSameAs(noon);
    Counter rebuilt = new Counter(at("12:00:00"), at("13:00:00"));
    b.restore(rebuilt);
    assertThat(b.current(at("12:30:00"))).isSameAs(rebuilt);
  }
}

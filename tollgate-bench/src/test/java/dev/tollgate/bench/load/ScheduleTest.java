package dev.tollgate.bench.load;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class ScheduleTest {

  @Test
  void requestsAreSpacedEvenlyFromTheOrigin() {
    Schedule s = new Schedule(5_000, 1_000);
    assertThat(s.intendedStart(0)).isEqualTo(5_000);
    assertThat(s.intendedStart(1)).isEqualTo(1_005_000);
    assertThat(s.intendedStart(1_000)).isEqualTo(1_000_005_000);
  }

  @Test
  void aPeriodThatIsNotAWholeNumberOfNanosecondsDoesNotDrift() {
    Schedule s = new Schedule(0, 3_000);
    // 333,333.3 ns per request: after a million requests exactly 333.33 s, not 333.333 s.
    assertThat(s.intendedStart(1_000_000)).isEqualTo(333_333_333_333L);
    assertThat(s.intendedStart(3_000)).isEqualTo(1_000_000_000L);
  }

  @Test
  void countWithinIsTheNumberOfRequestsMeantToStartBeforeThatTime() {
    Schedule s = new Schedule(0, 3_000);
    for (long nanos :
        new long[] {1, 333_333, 333_334, 1_000_000_000L, 1_000_000_001L, 20_000_000_000L}) {
      long n = s.countWithin(nanos);
      assertThat(s.intendedStart(n - 1)).isLessThan(nanos);
      assertThat(s.intendedStart(n)).isGreaterThanOrEqualTo(nanos);
    }
    assertThat(s.countWithin(0)).isZero();
    assertThat(new Schedule(0, 1_000).countWithin(20_000_000_000L)).isEqualTo(20_000);
  }

  @Test
  void aRateBelowOneIsRefused() {
    assertThatThrownBy(() -> new Schedule(0, 0)).hasMessageContaining("rate");
  }
}

package dev.tollgate.provider.simulated;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.OptionalLong;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;

class SimulatedOptionsTest {

  private static SimulatedOptions failing(int every, double rate) {
    return new SimulatedOptions(
        0, 0, OptionalLong.empty(), 3, 0, 0, 500, 0, every, rate, false, -1);
  }

  private static List<Long> faulty(SimulatedOptions options, int upTo) {
    return LongStream.rangeClosed(1, upTo).filter(options::faulty).boxed().toList();
  }

  @Test
  void everyNthRequestIsFaulty() {
    assertThat(faulty(failing(3, 0), 10)).containsExactly(3L, 6L, 9L);
  }

  @Test
  void aRateFailsThatFractionOfRequestsEvenlyAndAlwaysTheSame() {
    assertThat(faulty(failing(0, 0.25), 12)).containsExactly(4L, 8L, 12L);
    assertThat(faulty(failing(0, 0.1), 100)).hasSize(10);
    assertThat(faulty(failing(0, 1), 5)).hasSize(5);
  }

  @Test
  void aFaultWithoutASelectorHitsEveryRequestAndNoFaultHitsNone() {
    assertThat(faulty(failing(0, 0), 4)).containsExactly(1L, 2L, 3L, 4L);
    assertThat(faulty(SimulatedOptions.DEFAULT, 4)).isEmpty();
  }

  @Test
  void aValueOutOfRangeIsRefusedNamingIt() {
    assertThatThrownBy(() -> failing(0, 1.5)).hasMessageStartingWith("fail_rate ");
    assertThatThrownBy(
            () ->
                new SimulatedOptions(0, 0, OptionalLong.empty(), 3, 0, 0, 200, 0, 0, 0, false, -1))
        .hasMessageStartingWith("error_status ");
    assertThatThrownBy(
            () -> new SimulatedOptions(-1, 0, OptionalLong.empty(), 3, 0, 0, 0, 0, 0, 0, false, -1))
        .hasMessageStartingWith("latency_ms ");
  }
}

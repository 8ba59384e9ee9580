package dev.tollgate.routing;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tollgate.routing.Breaker.State;
import dev.tollgate.testkit.FakeClock;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/** The breaker's state machine: closed, open after N failures in a row, half-open, closed again. */
class BreakerTest {

  private final FakeClock clock = FakeClock.at("2026-11-25T12:00:00Z");
  private final Breaker breaker = new Breaker("openai/gpt-4o", 3, Duration.ofSeconds(30), clock);

  private void fail(int times) {
    for (int i = 0; i < times; i++) {
      assertThat(breaker.tryAcquire()).isTrue();
      breaker.failure();
    }
  }

  @Test
  void itOpensAfterTheThresholdOfConsecutiveFailuresAndRefusesUntilTheCoolDownEnds() {
    fail(2);
    assertThat(breaker.snapshot().state()).isEqualTo(State.CLOSED);

    fail(1);

    assertThat(breaker.snapshot().state()).isEqualTo(State.OPEN);
    assertThat(breaker.snapshot().until()).contains(Instant.parse("2026-11-25T12:00:30Z"));
    assertThat(breaker.tryAcquire()).isFalse();
    clock.advance(Duration.ofSeconds(29));
    assertThat(breaker.tryAcquire()).isFalse();
    assertThat(breaker.refusesUntil()).contains(Instant.parse("2026-11-25T12:00:30Z"));
  }

  @Test
  void aSuccessResetsTheCountSoOnlyConsecutiveFailuresOpenIt() {
    fail(2);
    assertThat(breaker.tryAcquire()).isTrue();
    breaker.success();
    fail(2);

    assertThat(breaker.snapshot().state()).isEqualTo(State.CLOSED);
    assertThat(breaker.snapshot().failures()).isEqualTo(2);
  }

  @Test
  void afterTheCoolDownExactlyOneTrialGoesThroughAndItsSuccessClosesTheBreaker() {
    fail(3);
    clock.advance(Duration.ofSeconds(30));
    assertThat(breaker.snapshot().state()).isEqualTo(State.HALF_OPEN);

    assertThat(breaker.tryAcquire()).isTrue();
    assertThat(breaker.tryAcquire()).as("a second request during the trial").isFalse();
    breaker.success();

    assertThat(breaker.snapshot().state()).isEqualTo(State.CLOSED);
    assertThat(breaker.tryAcquire()).isTrue();
    assertThat(breaker.tryAcquire()).isTrue();
  }

  @Test
  void aFailedTrialOpensTheBreakerForAnotherCoolDown() {
    fail(3);
    clock.advance(Duration.ofSeconds(31));
    assertThat(breaker.tryAcquire()).isTrue();

    breaker.failure();

    assertThat(breaker.snapshot().state()).isEqualTo(State.OPEN);
    assertThat(breaker.snapshot().until()).contains(Instant.parse("2026-11-25T12:01:01Z"));
    assertThat(breaker.tryAcquire()).isFalse();
  }

  @Test
  void anAbandonedTrialLetsTheNextRequestTry() {
    fail(3);
    clock.advance(Duration.ofSeconds(30));
    assertThat(breaker.tryAcquire()).isTrue();

    breaker.abandon();

    assertThat(breaker.tryAcquire()).isTrue();
  }
}

package dev.tollgate.routing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.Optional;
import java.util.random.RandomGenerator;
import org.junit.jupiter.api.Test;

/** Exponential backoff with equal jitter, capped, honouring a longer retry-after up to the cap. */
class BackoffTest {

  /** Jitter drawn at its lowest or highest, to pin both ends of the range. */
  private static RandomGenerator fixed(boolean highest) {
    return new RandomGenerator() {
      @Override
      public long nextLong() {
        return 0;
      }

      @Override
      public long nextLong(long bound) {
        return highest ? bound - 1 : 0;
      }
    };
  }

  @Test
  void theDelayDoublesPerRetryWithHalfOfItJittered() {
    Backoff low = new Backoff(Duration.ofMillis(100), Duration.ofMillis(2_000), fixed(false));
    Backoff high = new Backoff(Duration.ofMillis(100), Duration.ofMillis(2_000), fixed(true));

    assertThat(low.delay(0, Optional.empty())).isEqualTo(Duration.ofMillis(50));
    assertThat(high.delay(0, Optional.empty())).isEqualTo(Duration.ofMillis(100));
    assertThat(low.delay(1, Optional.empty())).isEqualTo(Duration.ofMillis(100));
    assertThat(high.delay(1, Optional.empty())).isEqualTo(Duration.ofMillis(200));
    assertThat(high.delay(3, Optional.empty())).isEqualTo(Duration.ofMillis(800));
  }

  @Test
  void theDelayNeverPassesTheMaximumEvenAfterManyRetries() {
    Backoff b = new Backoff(Duration.ofMillis(100), Duration.ofMillis(2_000), fixed(true));

    assertThat(b.delay(5, Optional.empty())).isEqualTo(Duration.ofMillis(2_000));
    assertThat(b.delay(62, Optional.empty())).isEqualTo(Duration.ofMillis(2_000));
  }

  @Test
  void aLongerRetryAfterIsHonouredUpToTheMaximum() {
    Backoff b = new Backoff(Duration.ofMillis(100), Duration.ofMillis(2_000), fixed(false));

    assertThat(b.delay(0, Optional.of(Duration.ofMillis(700)))).isEqualTo(Duration.ofMillis(700));
    assertThat(b.delay(0, Optional.of(Duration.ofSeconds(30)))).isEqualTo(Duration.ofMillis(2_000));
    assertThat(b.delay(1, Optional.of(Duration.ofMillis(10)))).isEqualTo(Duration.ofMillis(100));
  }

  @Test
  void aMaximumBelowTheInitialDelayIsRefused() {
    assertThatThrownBy(
            () -> new Backoff(Duration.ofMillis(100), Duration.ofMillis(50), fixed(true)))
        .isInstanceOf(IllegalArgumentException.class);
  }
}

package dev.tollgate.proxy;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class TokenBucketTest {

  private static final long SECOND = 1_000_000_000L;

  @Test
  void aNewBucketIsFull() {
    TokenBucket b = new TokenBucket(60, 0);
    assertThat(b.remaining()).isEqualTo(60);
    assertThat(b.has(60)).isTrue();
    assertThat(b.has(61)).isFalse();
    assertThat(b.nanosUntilFull()).isZero();
  }

  @Test
  void refillIsExactHoweverOftenItRuns() {
    // 7 a minute does not divide a second; a million 60-microsecond steps make exactly 60 s.
    TokenBucket often = new TokenBucket(7, 0);
    TokenBucket once = new TokenBucket(7, 0);
    often.take(7);
    once.take(7);
    long t = 0;
    for (int i = 0; i < 1_000_000; i++) {
      t += 60_000;
      often.refill(t);
    }
    once.refill(60 * SECOND);
    assertThat(t).isEqualTo(60 * SECOND);
    assertThat(often.remaining()).isEqualTo(7);
    assertThat(often.nanosUntilFull()).isZero();
    assertThat(once.nanosUntilFull()).isZero();
  }

  @Test
  void refillIsProportionalToTime() {
    TokenBucket b = new TokenBucket(60, 0);
    b.take(60);
    b.refill(SECOND - 1);
    assertThat(b.remaining()).isZero();
    b.refill(SECOND);
    assertThat(b.remaining()).isEqualTo(1);
    b.refill(30 * SECOND);
    assertThat(b.remaining()).isEqualTo(30);
  }

  @Test
  void neverAboveCapacity() {
    TokenBucket b = new TokenBucket(100_000_000, 0);
    b.take(10);
    b.refill(Long.MAX_VALUE / 2);
    assertThat(b.remaining()).isEqualTo(100_000_000);
    b.give(1_000);
    assertThat(b.remaining()).isEqualTo(100_000_000);
  }

  @Test
  void aClockThatGoesBackAddsNothing() {
    TokenBucket b = new TokenBucket(60, 10 * SECOND);
    b.take(60);
    b.refill(5 * SECOND);
    assertThat(b.remaining()).isZero();
    b.refill(11 * SECOND);
    assertThat(b.remaining()).isEqualTo(1);
  }

  @Test
  void givingBackRestoresWhatWasUnused() {
    TokenBucket b = new TokenBucket(100, 0);
    b.take(77);
    b.give(77 - 23);
    assertThat(b.remaining()).isEqualTo(77);
  }

  @Test
  void retryAfterRoundsUpToWholeSecondsAndIsAtLeastOne() {
    TokenBucket b = new TokenBucket(2, 0);
    b.take(2);
    // 2 a minute: one request every 30 s.
    assertThat(b.nanosUntil(1)).isEqualTo(30 * SECOND);
    assertThat(TokenBucket.retryAfterSeconds(b.nanosUntil(1))).isEqualTo(30);
    b.refill(29 * SECOND + 1);
    assertThat(b.nanosUntil(1)).isEqualTo(SECOND - 1);
    assertThat(TokenBucket.retryAfterSeconds(b.nanosUntil(1))).isEqualTo(1);
    assertThat(TokenBucket.retryAfterSeconds(0)).isEqualTo(1);
    assertThat(TokenBucket.retryAfterSeconds(SECOND + 1)).isEqualTo(2);
    // 7 a minute: 60/7 s = 8.571… s, rounded up to 9.
    TokenBucket odd = new TokenBucket(7, 0);
    odd.take(7);
    assertThat(TokenBucket.retryAfterSeconds(odd.nanosUntil(1))).isEqualTo(9);
  }

  @Test
  void moreThanTheCapacityWaitsForAFullBucket() {
    TokenBucket b = new TokenBucket(10, 0);
    assertThat(b.has(11)).isFalse();
    b.take(10);
    assertThat(b.nanosUntil(11)).isEqualTo(60 * SECOND);
  }

  @Test
  void resetIsWrittenAsOpenAiDoes() {
    assertThat(TokenBucket.reset(0)).isEqualTo("0s");
    assertThat(TokenBucket.reset(250_000_000)).isEqualTo("250ms");
    assertThat(TokenBucket.reset(SECOND)).isEqualTo("1s");
    assertThat(TokenBucket.reset(SECOND + 1)).isEqualTo("2s");
  }
}

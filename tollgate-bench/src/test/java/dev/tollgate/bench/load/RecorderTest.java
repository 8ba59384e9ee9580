package dev.tollgate.bench.load;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class RecorderTest {

  private static final long MS = 1_000_000;

  @Test
  void requestsMeantToStartDuringTheWarmUpAreNotCounted() {
    Recorder r = new Recorder(10 * MS);
    r.success(9 * MS, 9 * MS, -1, 30 * MS);
    r.non2xx(5 * MS);
    r.timeout(1 * MS);
    r.success(10 * MS, 10 * MS, -1, 11 * MS);
    Result result = r.result(20 * MS);
    assertThat(result.ok()).isEqualTo(1);
    assertThat(result.errors()).isZero();
    assertThat(result.latency().max()).isBetween(999_000L, 1_001_000L);
  }

  /**
   * A synthetic run at 1,000 rps over one connection: every answer takes 1 ms except one, which
   * stalls for a second. The requests queued behind the stall are charged their wait from their
   * intended start, so the corrected latency shows the stall in the top half-percentiles, while the
   * service time (from the actual send) hides it in all but one request.
   */
  @Test
  void latencyFromTheIntendedStartShowsAStallThatServiceTimeHides() {
    Schedule schedule = new Schedule(0, 1_000);
    Recorder r = new Recorder(0);
    long previousEnd = 0;
    for (long i = 0; i < 10_000; i++) {
      long intended = schedule.intendedStart(i);
      long sent = Math.max(intended, previousEnd);
      long end = sent + (i == 5_000 ? 1_000 * MS : MS / 2);
      r.success(intended, sent, -1, end);
      previousEnd = end;
    }
    Result result = r.result(schedule.intendedStart(10_000));
    assertThat(result.service().p99()).isLessThan(MS);
    assertThat(result.latency().p99()).isGreaterThan(500 * MS);
    assertThat(result.latency().p50()).isLessThan(MS);
    assertThat(result.latency().max()).isGreaterThanOrEqualTo(1_000 * MS);
  }

  @Test
  void errorsAreCountedByKind() {
    Recorder r = new Recorder(0);
    r.non2xx(1);
    r.non2xx(2);
    r.failure(3);
    r.timeout(4);
    r.timeouts(2);
    Result result = r.result(10);
    assertThat(result.non2xx()).isEqualTo(2);
    assertThat(result.failures()).isEqualTo(1);
    assertThat(result.timeouts()).isEqualTo(3);
    assertThat(result.errors()).isEqualTo(6);
  }

  @Test
  void theAchievedRateIsAnswersOverTheMeasuredWindow() {
    Recorder r = new Recorder(0);
    for (int i = 0; i < 500; i++) {
      r.success(i * 2 * MS, i * 2 * MS, -1, i * 2 * MS + MS / 2);
    }
    // 500 answers over one second of schedule.
    assertThat(r.result(1_000 * MS).achievedRate()).isEqualTo(500.0);
  }

  @Test
  void timeToFirstTokenIsRecordedOnlyForStreams() {
    Recorder plain = new Recorder(0);
    plain.success(0, 0, -1, MS);
    assertThat(plain.result(MS).firstToken()).isNull();
    Recorder stream = new Recorder(0);
    stream.success(0, 0, 2 * MS, 9 * MS);
    assertThat(stream.result(MS).firstToken().p50()).isBetween(1_999_000L, 2_001_000L);
  }
}

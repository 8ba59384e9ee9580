package dev.tollgate.bench.load;

import java.util.concurrent.atomic.AtomicLong;
import org.HdrHistogram.Histogram;

/**
 * Collects the outcome of every request of a run, leaving out the warm-up.
 *
 * <p>Latency is measured from the request's <em>intended</em> start, not from when it was sent:
 * that is the correction for coordinated omission. When the server stalls, the requests that should
 * have gone out during the stall are charged the time they waited, as a user arriving at a fixed
 * rate would have been, instead of silently not being sent. The time from the actual send (the
 * service time) is kept beside it, so the two can be compared.
 *
 * <p>A request belongs to the warm-up when its intended start is before {@code measureFrom}; it is
 * counted nowhere. Every method may be called from any thread (the histograms are synchronized:
 * recording takes about 20 ns, at 1,000 rps contention is nil).
 */
final class Recorder {

  /** Highest latency tracked: one hour, in nanoseconds; three significant digits. */
  private static final long HIGHEST = 3_600_000_000_000L;

  private final long measureFrom;
  private final Histogram latency = new Histogram(HIGHEST, 3);
  private final Histogram service = new Histogram(HIGHEST, 3);
  private final Histogram firstToken = new Histogram(HIGHEST, 3);
  private final AtomicLong sent = new AtomicLong();
  private final AtomicLong non2xx = new AtomicLong();
  private final AtomicLong failures = new AtomicLong();
  private final AtomicLong timeouts = new AtomicLong();
  private volatile long lastEnd = Long.MIN_VALUE;

  /**
   * @param measureFrom requests meant to start before this ({@link System#nanoTime()}) are warm-up
   */
  Recorder(long measureFrom) {
    this.measureFrom = measureFrom;
  }

  /** Whether a request meant to start at {@code intended} counts. */
  boolean measured(long intended) {
    return intended >= measureFrom;
  }

  /**
   * Records a 2xx answer.
   *
   * @param intended when it was meant to start
   * @param sent when it was actually sent
   * @param firstData when the first SSE data event arrived, or a negative value for a plain answer
   * @param end when the last byte arrived
   */
  void success(long intended, long sent, long firstData, long end) {
    if (!measured(intended)) {
      return;
    }
    synchronized (this) {
      latency.recordValue(Math.max(0, end - intended));
      service.recordValue(Math.max(0, end - sent));
      if (firstData >= 0) {
        firstToken.recordValue(Math.max(0, firstData - intended));
      }
      lastEnd = Math.max(lastEnd, end);
    }
  }

  /** Counts a measured request sent (every one ends as exactly one answer or error). */
  void sent() {
    sent.incrementAndGet();
  }

  /** Records an answer whose status was not 2xx. */
  void non2xx(long intended) {
    if (measured(intended)) {
      non2xx.incrementAndGet();
    }
  }

  /** Records a request that failed without an answer (connection refused or reset). */
  void failure(long intended) {
    if (measured(intended)) {
      failures.incrementAndGet();
    }
  }

  /** Records a request that got no answer in time, or was still open when the run ended. */
  void timeout(long intended) {
    if (measured(intended)) {
      timeouts.incrementAndGet();
    }
  }

  /** Records {@code count} measured requests still open when the run ended. */
  void timeouts(long count) {
    timeouts.addAndGet(count);
  }

  /**
   * The figures so far.
   *
   * @param scheduledEnd when the last request was meant to start (or the run's end, closed loop)
   */
  synchronized Result result(long scheduledEnd) {
    long end = Math.max(scheduledEnd, lastEnd);
    double seconds = Math.max(1, end - measureFrom) / 1e9;
    return new Result(
        Result.Percentiles.of(latency),
        Result.Percentiles.of(service),
        firstToken.getTotalCount() == 0 ? null : Result.Percentiles.of(firstToken),
        latency.getTotalCount(),
        latency.getTotalCount() / seconds,
        non2xx.get(),
        failures.get(),
        timeouts.get(),
        sent.get());
  }
}

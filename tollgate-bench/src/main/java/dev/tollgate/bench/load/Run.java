package dev.tollgate.bench.load;

import io.vertx.core.Context;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.locks.LockSupport;

/** One measurement against a {@link Target}: warm-up, the measured window, then a bounded drain. */
final class Run {

  /**
   * Park until this close to a request's intended start, then spin: the kernel wakes a parked
   * thread 50–60 µs late (timer slack), which would delay every send; spinning the last 100 µs
   * costs about a tenth of a core at 1,000 rps. Latency counts from the intended start either way.
   */
  private static final long SPIN_NANOS = 100_000;

  /**
   * The result and the watched processes' usage (null when none was watched).
   *
   * @param result the figures
   * @param process CPU and RSS of the watched processes during the measured window
   */
  record Measured(Result result, ProcessSampler.Usage process) {}

  private final Target target;
  private final Context context;
  private final long warmupNanos;
  private final long durationNanos;
  private final long drainNanos;

  Run(Target target, Context context, Duration warmup, Duration duration, Duration drain) {
    this.target = target;
    this.context = context;
    this.warmupNanos = warmup.toNanos();
    this.durationNanos = duration.toNanos();
    this.drainNanos = drain.toNanos();
  }

  /** Sends at {@code rate} per second on a fixed schedule, whatever the answers do. */
  Measured openLoop(long rate, List<Long> watch) {
    long origin = System.nanoTime() + 10_000_000L;
    Schedule schedule = new Schedule(origin, rate);
    Recorder recorder = new Recorder(origin + warmupNanos);
    long first = schedule.countWithin(warmupNanos);
    long total = schedule.countWithin(warmupNanos + durationNanos);
    ProcessSampler sampler = null;
    for (long i = 0; i < total; i++) {
      long intended = schedule.intendedStart(i);
      waitUntil(intended);
      if (i == first) {
        sampler = watch(watch);
      }
      target.dispatch(context, intended, recorder, () -> {});
    }
    if (sampler == null) {
      sampler = watch(watch);
    }
    return finish(recorder, sampler, schedule.intendedStart(total));
  }

  /** Keeps {@code clients} requests in flight, each sent as soon as the previous one ended. */
  Measured closedLoop(int clients, List<Long> watch) {
    long start = System.nanoTime();
    long measureFrom = start + warmupNanos;
    long end = measureFrom + durationNanos;
    Recorder recorder = new Recorder(measureFrom);
    for (int c = 0; c < clients; c++) {
      context.runOnContext(v -> sendUntil(end, recorder));
    }
    waitUntil(measureFrom);
    ProcessSampler sampler = watch(watch);
    waitUntil(end);
    return finish(recorder, sampler, end);
  }

  private void sendUntil(long end, Recorder recorder) {
    long now = System.nanoTime();
    if (now < end) {
      target.send(now, recorder, () -> sendUntil(end, recorder));
    }
  }

  private Measured finish(Recorder recorder, ProcessSampler sampler, long scheduledEnd) {
    long deadline = System.nanoTime() + drainNanos;
    while (target.measuredInFlight() > 0 && System.nanoTime() < deadline) {
      LockSupport.parkNanos(1_000_000);
    }
    ProcessSampler.Usage usage = sampler == null ? null : sampler.usage();
    if (sampler != null) {
      sampler.close();
    }
    target.abandon(recorder);
    return new Measured(recorder.result(scheduledEnd), usage);
  }

  private static ProcessSampler watch(List<Long> pids) {
    return pids.isEmpty() ? null : ProcessSampler.start(pids);
  }

  private static void waitUntil(long deadline) {
    long left;
    while ((left = deadline - System.nanoTime()) > 0) {
      if (left > 2 * SPIN_NANOS) {
        LockSupport.parkNanos(left - SPIN_NANOS);
      } else {
        Thread.onSpinWait();
      }
    }
  }
}

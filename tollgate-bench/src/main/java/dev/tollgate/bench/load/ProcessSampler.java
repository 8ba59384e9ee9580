package dev.tollgate.bench.load;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Watches the gateway's processes (Linux {@code /proc}) during the measured window: CPU time from
 * {@code /proc/PID/stat} at the start and the end, and resident memory from {@code
 * /proc/PID/status} every 100 ms, keeping the highest. Several pids (nginx's workers, Node's
 * children) are summed. A process that is gone reads as zero.
 */
final class ProcessSampler implements AutoCloseable {

  /**
   * What the processes used while measured.
   *
   * @param cpuPercent CPU time over wall time, in percent of one core (200 = two cores busy)
   * @param maxRssBytes the highest summed resident set seen
   */
  record Usage(double cpuPercent, long maxRssBytes) {}

  /** Linux's USER_HZ; 100 on every mainstream architecture. */
  private static final long TICKS_PER_SECOND = 100;

  private final List<Long> pids;
  private final ScheduledExecutorService timer;
  private final AtomicLong maxRss = new AtomicLong();
  private long startTicks;
  private long startNanos;

  private ProcessSampler(List<Long> pids) {
    this.pids = List.copyOf(pids);
    this.timer =
        Executors.newSingleThreadScheduledExecutor(
            r -> {
              Thread t = new Thread(r, "rss-sampler");
              t.setDaemon(true);
              return t;
            });
  }

  /** Starts watching {@code pids} now. */
  static ProcessSampler start(List<Long> pids) {
    ProcessSampler s = new ProcessSampler(pids);
    s.startTicks = s.cpuTicks();
    s.startNanos = System.nanoTime();
    s.timer.scheduleAtFixedRate(s::sampleRss, 0, 100, TimeUnit.MILLISECONDS);
    return s;
  }

  /** What was used since {@link #start}. */
  Usage usage() {
    sampleRss();
    long ticks = cpuTicks() - startTicks;
    double seconds = Math.max(1, System.nanoTime() - startNanos) / 1e9;
    return new Usage(100.0 * ticks / TICKS_PER_SECOND / seconds, maxRss.get());
  }

  @Override
  public void close() {
    timer.shutdownNow();
  }

  private void sampleRss() {
    long sum = 0;
    for (long pid : pids) {
      sum += rssBytes(read(Path.of("/proc", Long.toString(pid), "status")));
    }
    long total = sum;
    maxRss.accumulateAndGet(total, Math::max);
  }

  private long cpuTicks() {
    long sum = 0;
    for (long pid : pids) {
      sum += cpuTicks(read(Path.of("/proc", Long.toString(pid), "stat")));
    }
    return sum;
  }

  /**
   * User plus system time in ticks from a {@code /proc/PID/stat} line: fields 14 and 15, counted
   * after the command name, which is in parentheses and may itself contain spaces or parentheses.
   */
  static long cpuTicks(String stat) {
    int close = stat.lastIndexOf(')');
    if (close < 0) {
      return 0;
    }
    String[] f = stat.substring(close + 2).trim().split(" ");
    // f[0] is field 3 (state), so field 14 (utime) is f[11] and field 15 (stime) f[12].
    return f.length > 12 ? Long.parseLong(f[11]) + Long.parseLong(f[12]) : 0;
  }

  /** {@code VmRSS} from a {@code /proc/PID/status} text, in bytes; 0 if absent. */
  static long rssBytes(String status) {
    for (String line : status.split("\n")) {
      if (line.startsWith("VmRSS:")) {
        String[] f = line.substring(6).trim().split("\\s+");
        return Long.parseLong(f[0]) * 1024;
      }
    }
    return 0;
  }

  private static String read(Path p) {
    try {
      return Files.readString(p);
    } catch (IOException e) {
      return "";
    }
  }
}

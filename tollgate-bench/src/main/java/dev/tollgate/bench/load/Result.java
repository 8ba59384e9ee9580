package dev.tollgate.bench.load;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.LinkedHashMap;
import java.util.Map;
import org.HdrHistogram.Histogram;

/**
 * What one run measured, written as one line of JSON (what {@code bench/run.sh} collects and {@link
 * Summary} reads back) or as Markdown for a person.
 *
 * @param latency from the intended start to the last byte (corrected for coordinated omission)
 * @param service from the actual send to the last byte
 * @param firstToken from the intended start to the first SSE data event; null for plain answers
 * @param ok 2xx answers counted (warm-up excluded)
 * @param achievedRate 2xx answers per second over the measured window
 * @param non2xx answers with another status
 * @param failures requests that failed without an answer
 * @param timeouts requests unanswered in time or still open at the end
 * @param sent requests sent in the measured window: {@code ok + non2xx + failures + timeouts}
 */
record Result(
    Percentiles latency,
    Percentiles service,
    Percentiles firstToken,
    long ok,
    double achievedRate,
    long non2xx,
    long failures,
    long timeouts,
    long sent) {

  private static final ObjectMapper JSON = new ObjectMapper();

  /** Errors of every kind. */
  long errors() {
    return non2xx + failures + timeouts;
  }

  /**
   * Latency percentiles, in nanoseconds.
   *
   * @param p50 the median
   * @param p90 90th percentile
   * @param p99 99th percentile
   * @param p999 99.9th percentile
   * @param max the largest value recorded
   */
  record Percentiles(long p50, long p90, long p99, long p999, long max) {

    static Percentiles of(Histogram h) {
      return new Percentiles(
          h.getValueAtPercentile(50),
          h.getValueAtPercentile(90),
          h.getValueAtPercentile(99),
          h.getValueAtPercentile(99.9),
          h.getMaxValue());
    }

    Map<String, Object> toMap() {
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("p50", p50);
      m.put("p90", p90);
      m.put("p99", p99);
      m.put("p999", p999);
      m.put("max", max);
      return m;
    }

    static Percentiles fromJson(JsonNode n) {
      if (n == null || n.isNull()) {
        return null;
      }
      return new Percentiles(
          n.path("p50").asLong(),
          n.path("p90").asLong(),
          n.path("p99").asLong(),
          n.path("p999").asLong(),
          n.path("max").asLong());
    }
  }

  /**
   * One line of JSON: the figures, {@code meta} (labels given on the command line, such as the path
   * and the round) and {@code process} (the watched process's CPU and memory), if any.
   */
  String toJson(Map<String, String> meta, ProcessSampler.Usage process) {
    Map<String, Object> m = new LinkedHashMap<>(meta);
    m.put("latency_ns", latency.toMap());
    m.put("service_ns", service.toMap());
    m.put("ttft_ns", firstToken == null ? null : firstToken.toMap());
    m.put("sent", sent);
    m.put("ok", ok);
    m.put("achieved_rps", Math.round(achievedRate * 10) / 10.0);
    m.put("non2xx", non2xx);
    m.put("failures", failures);
    m.put("timeouts", timeouts);
    if (process != null) {
      m.put("cpu_percent", Math.round(process.cpuPercent() * 10) / 10.0);
      m.put("max_rss_mb", Math.round(process.maxRssBytes() / 1048576.0 * 10) / 10.0);
    }
    try {
      return JSON.writeValueAsString(m);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }

  /** A short Markdown table for a person running the generator by hand. */
  String toMarkdown() {
    StringBuilder out = new StringBuilder();
    out.append("| measure | p50 | p90 | p99 | p99.9 | max |\n|---|---|---|---|---|---|\n");
    row(out, "latency (from intended start)", latency);
    row(out, "service time (from dispatch)", service);
    if (firstToken != null) {
      row(out, "time to first token", firstToken);
    }
    out.append('\n')
        .append(String.format("%,d ok, %.1f rps achieved, ", ok, achievedRate))
        .append(
            String.format(
                "errors: %d non-2xx, %d failed, %d timed out%n", non2xx, failures, timeouts));
    return out.toString();
  }

  private static void row(StringBuilder out, String name, Percentiles p) {
    out.append("| ").append(name);
    for (long v : new long[] {p.p50, p.p90, p.p99, p.p999, p.max}) {
      out.append(" | ").append(Durations.format(v));
    }
    out.append(" |\n");
  }
}

package dev.tollgate.bench.load;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * The performance issue's goals, each checked against a run: the measured figure and whether it is
 * met, or missed by how much. A goal whose inputs were not measured (a path skipped, a quick run
 * without saturation) says so instead of passing.
 */
final class Goals {

  /** Added p50 at 1,000 rps, non-streaming: 150 µs. */
  static final long ADDED_P50_NANOS = 150_000;

  /** Added p99 at 1,000 rps, non-streaming: 1 ms. */
  static final long ADDED_P99_NANOS = 1_000_000;

  /** Streaming: added time to first token, p50: 200 µs. */
  static final long ADDED_TTFT_P50_NANOS = 200_000;

  /** Tollgate's added p50 at least ten times lower than Portkey's. */
  static final double PORTKEY_RATIO = 10;

  /** Saturation throughput at least half of nginx's. */
  static final double NGINX_SHARE = 0.5;

  /** Resident memory: 300 MB. */
  static final double RSS_MB = 300;

  /** Start-up to ready: 1.5 s. */
  static final long STARTUP_MS = 1_500;

  private final Summary summary;

  Goals(Summary summary) {
    this.summary = summary;
  }

  void table(StringBuilder out) {
    out.append(
        "### Goals (Tollgate; upstream 0 ms)\n\n| goal | target | measured | verdict |\n|---|---|---|---|\n");
    Optional<Long> p50 =
        addedAtMost(
            out,
            "added latency p50, 1,000 rps, non-streaming",
            "≤ 150 µs",
            false,
            "latency_ns",
            "p50",
            ADDED_P50_NANOS);
    addedAtMost(
        out,
        "added latency p99, 1,000 rps, non-streaming",
        "≤ 1 ms",
        false,
        "latency_ns",
        "p99",
        ADDED_P99_NANOS);
    portkey(out, p50);
    addedAtMost(
        out,
        "added time to first token p50, streaming",
        "≤ 200 µs",
        true,
        "ttft_ns",
        "p50",
        ADDED_TTFT_P50_NANOS);
    nginx(out);
    rss(out);
    startup(out);
    out.append('\n');
  }

  /** A row for what Tollgate adds at one percentile against an upper limit; returns the figure. */
  private Optional<Long> addedAtMost(
      StringBuilder out,
      String goal,
      String target,
      boolean stream,
      String field,
      String p,
      long limit) {
    Optional<Long> added = added(stream, "tollgate", field, p);
    row(out, goal, target, added.map(Durations::format), atMost(added, limit));
    return added;
  }

  private Optional<Long> added(boolean stream, String path, String field, String p) {
    List<JsonNode> rs = summary.openRuns("0", stream);
    return summary.added(rs, path, field, p);
  }

  private void portkey(StringBuilder out, Optional<Long> tollgate) {
    Optional<Long> portkey = added(false, "portkey", "latency_ns", "p50");
    Optional<String> measured = Optional.empty();
    Optional<String> verdict = Optional.empty();
    if (tollgate.isPresent() && portkey.isPresent()) {
      double ratio = portkey.get() / (double) Math.max(1, tollgate.get());
      measured =
          Optional.of(
              String.format(
                  Locale.ROOT, "%.1f× (Portkey adds %s)", ratio, Durations.format(portkey.get())));
      verdict =
          Optional.of(
              ratio >= PORTKEY_RATIO
                  ? "met"
                  : String.format(
                      Locale.ROOT,
                      "missed by %.1f× (%.1f× short of 10×)",
                      PORTKEY_RATIO / Math.max(ratio, 0.01),
                      PORTKEY_RATIO - ratio));
    }
    row(out, "added p50 lower than Portkey's", "≥ 10×", measured, verdict);
  }

  private void nginx(StringBuilder out) {
    Double tollgate = summary.saturationRps("0", "false", "tollgate");
    Double nginx = summary.saturationRps("0", "false", "nginx");
    Optional<String> measured = Optional.empty();
    Optional<String> verdict = Optional.empty();
    if (tollgate != null && nginx != null && nginx > 0) {
      double share = tollgate / nginx;
      measured =
          Optional.of(
              String.format(
                  Locale.ROOT, "%.0f%% (%.0f of %.0f rps)", 100 * share, tollgate, nginx));
      verdict =
          Optional.of(
              share >= NGINX_SHARE
                  ? "met"
                  : String.format(
                      Locale.ROOT,
                      "missed by %.0f points (%.0f rps short)",
                      100 * (NGINX_SHARE - share),
                      NGINX_SHARE * nginx - tollgate));
    }
    row(out, "throughput at saturation vs nginx", "≥ 50%", measured, verdict);
  }

  private void rss(StringBuilder out) {
    Optional<Double> max =
        summary.runsOf("tollgate").stream()
            .filter(r -> r.has("max_rss_mb"))
            .map(r -> r.path("max_rss_mb").asDouble())
            .max(Double::compare);
    limitRow(
        out,
        "resident memory (highest seen)",
        "≤ 300 MB",
        max,
        RSS_MB,
        v -> String.format(Locale.ROOT, "%.0f MB", v));
  }

  private void startup(StringBuilder out) {
    Optional<Double> ms =
        summary.others().stream()
            .filter(
                o ->
                    o.path("kind").asText().equals("startup")
                        && o.path("path").asText().equals("tollgate"))
            .map(o -> o.path("ms").asDouble())
            .max(Double::compare);
    limitRow(
        out,
        "start-up to ready (launch to first 200 from /healthz)",
        "≤ 1.5 s",
        ms,
        STARTUP_MS,
        v -> String.format(Locale.ROOT, "%,.0f ms", v));
  }

  private static void limitRow(
      StringBuilder out,
      String goal,
      String target,
      Optional<Double> value,
      double limit,
      java.util.function.DoubleFunction<String> unit) {
    row(out, goal, target, value.map(unit::apply), value.map(v -> verdict(v, limit, unit)));
  }

  /** "met", or by how much and what share {@code value} is over {@code limit}. */
  static Optional<String> atMost(Optional<Long> value, long limit) {
    return value.map(v -> verdict(v, limit, d -> Durations.format(Math.round(d))));
  }

  /**
   * "met" if {@code value} is at most {@code limit}, else by how much (in {@code unit}) and what
   * share it is over.
   */
  static String verdict(
      double value, double limit, java.util.function.DoubleFunction<String> unit) {
    return value <= limit
        ? "met"
        : String.format(
            Locale.ROOT,
            "missed by %s (%.0f%% over)",
            unit.apply(value - limit),
            100 * (value - limit) / limit);
  }

  private static void row(
      StringBuilder out,
      String goal,
      String target,
      Optional<String> measured,
      Optional<String> verdict) {
    out.append("| ")
        .append(goal)
        .append(" | ")
        .append(target)
        .append(" | ")
        .append(measured.orElse("not measured"))
        .append(" | ")
        .append(verdict.orElse("unknown: not measured in this run"))
        .append(" |\n");
  }
}

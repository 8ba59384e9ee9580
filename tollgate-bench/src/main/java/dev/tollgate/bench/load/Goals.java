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
    Optional<Long> p50 = added(false, "tollgate", "latency_ns", "p50");
    row(
        out,
        "added latency p50, 1,000 rps, non-streaming",
        "≤ 150 µs",
        p50.map(Durations::format),
        atMost(p50, ADDED_P50_NANOS));
    Optional<Long> p99 = added(false, "tollgate", "latency_ns", "p99");
    row(
        out,
        "added latency p99, 1,000 rps, non-streaming",
        "≤ 1 ms",
        p99.map(Durations::format),
        atMost(p99, ADDED_P99_NANOS));
    portkey(out, p50);
    Optional<Long> ttft = added(true, "tollgate", "ttft_ns", "p50");
    row(
        out,
        "added time to first token p50, streaming",
        "≤ 200 µs",
        ttft.map(Durations::format),
        atMost(ttft, ADDED_TTFT_P50_NANOS));
    nginx(out);
    rss(out);
    startup(out);
    out.append('\n');
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
    row(
        out,
        "resident memory (highest seen)",
        "≤ 300 MB",
        max.map(m -> String.format(Locale.ROOT, "%.0f MB", m)),
        max.map(
            m ->
                m <= RSS_MB
                    ? "met"
                    : String.format(
                        Locale.ROOT,
                        "missed by %.0f MB (%.0f%% over)",
                        m - RSS_MB,
                        100 * (m - RSS_MB) / RSS_MB)));
  }

  private void startup(StringBuilder out) {
    Optional<Long> ms =
        summary.others().stream()
            .filter(
                o ->
                    o.path("kind").asText().equals("startup")
                        && o.path("path").asText().equals("tollgate"))
            .map(o -> o.path("ms").asLong())
            .max(Long::compare);
    row(
        out,
        "start-up to ready (launch to first 200 from /healthz)",
        "≤ 1.5 s",
        ms.map(m -> String.format(Locale.ROOT, "%,d ms", m)),
        ms.map(
            m ->
                m <= STARTUP_MS
                    ? "met"
                    : String.format(
                        Locale.ROOT,
                        "missed by %,d ms (%.0f%% over)",
                        m - STARTUP_MS,
                        100.0 * (m - STARTUP_MS) / STARTUP_MS)));
  }

  /** "met", or by how much and what share {@code value} is over {@code limit}. */
  static Optional<String> atMost(Optional<Long> value, long limit) {
    return value.map(
        v ->
            v <= limit
                ? "met"
                : String.format(
                    Locale.ROOT,
                    "missed by %s (%.0f%% over)",
                    Durations.format(v - limit),
                    100.0 * (v - limit) / limit));
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

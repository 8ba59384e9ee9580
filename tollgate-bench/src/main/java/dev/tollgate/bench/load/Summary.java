package dev.tollgate.bench.load;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.ToLongFunction;

/**
 * Turns the JSON lines of a {@code bench/run.sh} run into the Markdown tables of {@code
 * docs/BENCHMARKS.md}: latency per path, what each proxy adds over the direct call (path − direct
 * in the same round, then the median over rounds), throughput at saturation, and the goals with how
 * far each is met or missed.
 *
 * <p>Lines: a {@link LoadGen} result with {@code path}, {@code upstream_ms} and {@code round} in
 * its meta; {@code {"kind":"startup","path":…,"ms":…}}; {@code {"kind":"skipped","path":…,
 * "reason":…}}; {@code {"kind":"note","text":…}}.
 */
public final class Summary {

  /** The paths in the order the issue lists them. */
  static final List<String> PATHS = List.of("direct", "nginx", "portkey", "tollgate");

  private final List<JsonNode> runs = new ArrayList<>();
  private final List<JsonNode> others = new ArrayList<>();

  Summary(List<String> lines) throws IOException {
    ObjectMapper json = new ObjectMapper();
    for (String line : lines) {
      if (line.isBlank()) {
        continue;
      }
      JsonNode n = json.readTree(line);
      (n.has("kind") ? others : runs).add(n);
    }
  }

  /** {@code Summary results.jsonl}: prints the Markdown. */
  public static void main(String[] args) throws IOException {
    System.out.print(new Summary(Files.readAllLines(Path.of(args[0]))).markdown());
  }

  /** Every table, then the goals. */
  String markdown() {
    StringBuilder out = new StringBuilder();
    // A path skipped in every round says so once.
    java.util.Set<String> notes = new java.util.LinkedHashSet<>();
    for (JsonNode o : others) {
      switch (o.path("kind").asText()) {
        case "skipped" ->
            notes.add(
                String.format(
                    "- %s: skipped: %s%n", o.path("path").asText(), o.path("reason").asText()));
        case "note" -> notes.add("- " + o.path("text").asText() + "\n");
        default -> {}
      }
    }
    notes.forEach(out::append);
    out.append('\n');
    Map<String, List<JsonNode>> configs = new TreeMap<>();
    for (JsonNode r : runs) {
      if (r.path("mode").asText().equals("open")) {
        configs.computeIfAbsent(configKey(r), k -> new ArrayList<>()).add(r);
      }
    }
    configs.forEach((key, rs) -> latencyTable(out, rs));
    saturationTable(out);
    new Goals(this).table(out);
    return out.toString();
  }

  private static String configKey(JsonNode r) {
    return String.format(
        "%05d %s %s",
        r.path("upstream_ms").asInt(), r.path("stream").asText(), r.path("target_rps").asText());
  }

  private void latencyTable(StringBuilder out, List<JsonNode> rs) {
    JsonNode any = rs.get(0);
    boolean stream = any.path("stream").asText().equals("true");
    out.append(
        String.format(
            "### Upstream %s ms, %s, %s rps (median of %d rounds; added = path − direct in the same round)%n%n",
            any.path("upstream_ms").asText(),
            stream ? "streaming (time to first token)" : "non-streaming",
            any.path("target_rps").asText(),
            rounds(rs)));
    out.append("| path | p50 | p90 | p99 | p99.9 | max | added p50 | added p99 | added p99.9 |")
        .append(stream ? " total p50 |" : "")
        .append(" achieved rps | errors | CPU | RSS |\n|---|---|---|---|---|---|---|---|---|")
        .append(stream ? "---|" : "")
        .append("---|---|---|---|\n");
    for (String path : PATHS) {
      List<JsonNode> mine = rs.stream().filter(r -> r.path("path").asText().equals(path)).toList();
      if (mine.isEmpty()) {
        continue;
      }
      if (mine.stream().allMatch(r -> r.path("ok").asLong() == 0)) {
        out.append(
            String.format(
                "| %s | every request failed: %d errors | %n",
                path, mine.stream().mapToLong(Summary::errors).sum()));
        continue;
      }
      latencyRow(out, rs, mine, path, stream);
    }
    out.append('\n');
  }

  /** One path's row: its percentiles, what it adds over direct, its rate, errors, CPU and RSS. */
  private void latencyRow(
      StringBuilder out, List<JsonNode> rs, List<JsonNode> mine, String path, boolean stream) {
    String field = stream ? "ttft_ns" : "latency_ns";
    out.append("| ").append(path);
    for (String p : List.of("p50", "p90", "p99", "p999", "max")) {
      out.append(" | ").append(Durations.format(median(mine, r -> r.path(field).path(p).asLong())));
    }
    for (String p : List.of("p50", "p99", "p999")) {
      out.append(" | ")
          .append(
              path.equals("direct")
                  ? "–"
                  : added(rs, path, field, p).map(Durations::format).orElse("–"));
    }
    if (stream) {
      out.append(" | ")
          .append(Durations.format(median(mine, r -> r.path("latency_ns").path("p50").asLong())));
    }
    out.append(
        String.format(
            Locale.ROOT,
            " | %.0f | %d | %s | %s |%n",
            medianDouble(mine, "achieved_rps"),
            mine.stream().mapToLong(Summary::errors).sum(),
            cpu(mine),
            rss(mine)));
  }

  private void saturationTable(StringBuilder out) {
    List<JsonNode> sat =
        runs.stream().filter(r -> r.path("mode").asText().equals("saturation")).toList();
    if (sat.isEmpty()) {
      return;
    }
    out.append("### Throughput at saturation (closed loop; median of rounds)\n\n")
        .append(
            "| path | upstream | stream | rps | % of nginx | p50 | p99 | errors | CPU | RSS |\n")
        .append("|---|---|---|---|---|---|---|---|---|---|\n");
    for (String path : PATHS) {
      for (JsonNode r : firstOfEachConfig(sat, path)) {
        List<JsonNode> mine = sameConfig(sat, r, path);
        Double nginx =
            saturationRps(r.path("upstream_ms").asText(), r.path("stream").asText(), "nginx");
        double rps = medianDouble(mine, "achieved_rps");
        out.append(
            String.format(
                Locale.ROOT,
                "| %s | %s ms | %s | %.0f | %s | %s | %s | %d | %s | %s |%n",
                path,
                r.path("upstream_ms").asText(),
                r.path("stream").asText(),
                rps,
                nginx == null || nginx == 0
                    ? "–"
                    : String.format(Locale.ROOT, "%.0f%%", 100 * rps / nginx),
                Durations.format(median(mine, x -> x.path("latency_ns").path("p50").asLong())),
                Durations.format(median(mine, x -> x.path("latency_ns").path("p99").asLong())),
                mine.stream().mapToLong(Summary::errors).sum(),
                cpu(mine),
                rss(mine)));
      }
    }
    out.append('\n');
  }

  /** Saturation rps of {@code path} for a configuration, median of rounds; null if not run. */
  Double saturationRps(String upstreamMs, String stream, String path) {
    List<JsonNode> mine =
        runs.stream()
            .filter(
                r ->
                    r.path("mode").asText().equals("saturation")
                        && r.path("path").asText().equals(path)
                        && r.path("upstream_ms").asText().equals(upstreamMs)
                        && r.path("stream").asText().equals(stream))
            .toList();
    return mine.isEmpty() ? null : medianDouble(mine, "achieved_rps");
  }

  /**
   * What {@code path} adds over {@code direct} at percentile {@code p} of {@code field}, for the
   * open-loop configuration given: the difference in each round, then the median of rounds.
   */
  java.util.Optional<Long> added(List<JsonNode> rs, String path, String field, String p) {
    List<Long> diffs = new ArrayList<>();
    for (JsonNode r : rs) {
      if (!r.path("path").asText().equals(path) || r.path("ok").asLong() == 0) {
        continue;
      }
      rs.stream()
          .filter(
              d ->
                  d.path("path").asText().equals("direct")
                      && d.path("round").asText().equals(r.path("round").asText()))
          .findFirst()
          .ifPresent(
              d -> diffs.add(r.path(field).path(p).asLong() - d.path(field).path(p).asLong()));
    }
    return diffs.isEmpty() ? java.util.Optional.empty() : java.util.Optional.of(medianOf(diffs));
  }

  /** The open-loop runs of one configuration. */
  List<JsonNode> openRuns(String upstreamMs, boolean stream) {
    return runs.stream()
        .filter(
            r ->
                r.path("mode").asText().equals("open")
                    && r.path("upstream_ms").asText().equals(upstreamMs)
                    && r.path("stream").asText().equals(Boolean.toString(stream)))
        .toList();
  }

  List<JsonNode> runsOf(String path) {
    return runs.stream().filter(r -> r.path("path").asText().equals(path)).toList();
  }

  List<JsonNode> others() {
    return others;
  }

  private static List<JsonNode> firstOfEachConfig(List<JsonNode> sat, String path) {
    Map<String, JsonNode> first = new TreeMap<>();
    for (JsonNode r : sat) {
      if (r.path("path").asText().equals(path)) {
        first.putIfAbsent(configKey(r), r);
      }
    }
    return List.copyOf(first.values());
  }

  private static List<JsonNode> sameConfig(List<JsonNode> sat, JsonNode like, String path) {
    return sat.stream()
        .filter(r -> r.path("path").asText().equals(path) && configKey(r).equals(configKey(like)))
        .toList();
  }

  private static int rounds(List<JsonNode> rs) {
    return (int) rs.stream().map(r -> r.path("round").asText()).distinct().count();
  }

  static long errors(JsonNode r) {
    return r.path("non2xx").asLong() + r.path("failures").asLong() + r.path("timeouts").asLong();
  }

  private static String cpu(List<JsonNode> rs) {
    return rs.get(0).has("cpu_percent")
        ? String.format(Locale.ROOT, "%.0f%%", medianDouble(rs, "cpu_percent"))
        : "–";
  }

  private static String rss(List<JsonNode> rs) {
    return rs.get(0).has("max_rss_mb")
        ? String.format(
            Locale.ROOT,
            "%.0f MB",
            rs.stream().mapToDouble(r -> r.path("max_rss_mb").asDouble()).max().orElse(0))
        : "–";
  }

  static long median(List<JsonNode> rs, ToLongFunction<JsonNode> f) {
    return medianOf(rs.stream().map(f::applyAsLong).toList());
  }

  static double medianDouble(List<JsonNode> rs, String field) {
    List<Double> v = rs.stream().map(r -> r.path(field).asDouble()).sorted().toList();
    int n = v.size();
    return n % 2 == 1 ? v.get(n / 2) : (v.get(n / 2 - 1) + v.get(n / 2)) / 2;
  }

  /** The median; of an even count, the mean of the middle two, rounded down. */
  static long medianOf(List<Long> values) {
    List<Long> v = values.stream().sorted().toList();
    int n = v.size();
    return n % 2 == 1 ? v.get(n / 2) : Math.floorDiv(v.get(n / 2 - 1) + v.get(n / 2), 2);
  }
}

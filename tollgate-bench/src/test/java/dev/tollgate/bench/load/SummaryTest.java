package dev.tollgate.bench.load;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class SummaryTest {

  private static final long US = 1_000;

  /** One open-loop result line with the given p50 and p99 (µs), 1,000 rps, no errors. */
  private static String open(String path, int round, boolean stream, long p50, long p99) {
    String p =
        "{\"p50\":%d,\"p90\":%d,\"p99\":%d,\"p999\":%d,\"max\":%d}"
            .formatted(p50 * US, p50 * US, p99 * US, p99 * US, p99 * US);
    return ("{\"path\":\"%s\",\"upstream_ms\":\"0\",\"round\":\"%d\",\"mode\":\"open\",\"stream\":\"%s\","
            + "\"target_rps\":\"1000\",\"latency_ns\":%s,\"service_ns\":%s,\"ttft_ns\":%s,\"ok\":20000,"
            + "\"achieved_rps\":1000.0,\"non2xx\":0,\"failures\":0,\"timeouts\":0,\"cpu_percent\":40.0,\"max_rss_mb\":180.0}")
        .formatted(path, round, stream, p, p, stream ? p : "null");
  }

  private static String saturation(String path, double rps, double rssMb) {
    return ("{\"path\":\"%s\",\"upstream_ms\":\"0\",\"round\":\"1\",\"mode\":\"saturation\",\"stream\":\"false\","
            + "\"target_rps\":\"max\",\"latency_ns\":{\"p50\":1000000,\"p90\":1,\"p99\":2000000,\"p999\":1,\"max\":1},"
            + "\"service_ns\":{\"p50\":1,\"p90\":1,\"p99\":1,\"p999\":1,\"max\":1},\"ttft_ns\":null,\"ok\":9000,"
            + "\"achieved_rps\":%.1f,\"non2xx\":0,\"failures\":0,\"timeouts\":0,\"cpu_percent\":190.0,\"max_rss_mb\":%.1f}")
        .formatted(path, rps, rssMb);
  }

  private static List<String> run(
      long tollgateP50Round1, long tollgateP50Round2, long tollgateP50Round3) {
    List<String> lines = new ArrayList<>();
    long[] direct = {100, 300, 200};
    long[] tollgate = {tollgateP50Round1, tollgateP50Round2, tollgateP50Round3};
    for (int round = 1; round <= 3; round++) {
      lines.add(open("direct", round, false, direct[round - 1], 900));
      lines.add(open("tollgate", round, false, tollgate[round - 1], 1_500));
      lines.add(open("portkey", round, false, direct[round - 1] + 2_000, 9_000));
      lines.add(open("direct", round, true, 100, 900));
      lines.add(open("tollgate", round, true, 250, 1_200));
    }
    lines.add(saturation("nginx", 10_000, 20));
    lines.add(saturation("tollgate", 6_000, 250));
    lines.add("{\"kind\":\"startup\",\"path\":\"tollgate\",\"upstream_ms\":0,\"ms\":900}");
    lines.add("{\"kind\":\"skipped\",\"path\":\"postgres\",\"reason\":\"not built\"}");
    lines.add("{\"kind\":\"skipped\",\"path\":\"postgres\",\"reason\":\"not built\"}");
    return lines;
  }

  @Test
  void addedLatencyIsTheMedianOfTheDifferencesWithinEachRound() throws Exception {
    // Differences per round: 150-100=50, 400-300=100, 290-200=90 → median 90 µs. The difference of
    // the medians (290 - 200) would be the same here only by chance, so check another round order.
    Summary s = new Summary(run(150, 400, 290));
    assertThat(s.added(s.openRuns("0", false), "tollgate", "latency_ns", "p50")).contains(90 * US);
    Summary t = new Summary(run(400, 150, 290));
    // 400-100=300, 150-300=-150, 290-200=90 → median 90 µs.
    assertThat(t.added(t.openRuns("0", false), "tollgate", "latency_ns", "p50")).contains(90 * US);
  }

  @Test
  void theTablesShowEveryPathAndTheAddedLatency() throws Exception {
    String md = new Summary(run(150, 400, 290)).markdown();
    assertThat(md)
        .containsOnlyOnce("- postgres: skipped: not built")
        .contains("### Upstream 0 ms, non-streaming, 1000 rps (median of 3 rounds")
        .contains("| tollgate | 290 µs |")
        .contains("| portkey | 2,200 µs |")
        .contains("### Upstream 0 ms, streaming (time to first token)")
        .contains("| nginx | 0 ms | false | 10000 | 100% |")
        .contains("| tollgate | 0 ms | false | 6000 | 60% |");
  }

  @Test
  void eachGoalSaysMetOrByHowMuchItWasMissed() throws Exception {
    String md = new Summary(run(150, 400, 290)).markdown();
    assertThat(md)
        .contains("| added latency p50, 1,000 rps, non-streaming | ≤ 150 µs | 90.0 µs | met |")
        // p99: 1,500 - 900 = 600 µs in every round.
        .contains("| added latency p99, 1,000 rps, non-streaming | ≤ 1 ms | 600 µs | met |")
        // Portkey adds 2,000 µs, 22.2× Tollgate's 90 µs.
        .contains(
            "| added p50 lower than Portkey's | ≥ 10× | 22.2× (Portkey adds 2,000 µs) | met |")
        // Streaming TTFT: 250 - 100 = 150 µs.
        .contains("| added time to first token p50, streaming | ≤ 200 µs | 150 µs | met |")
        .contains("| throughput at saturation vs nginx | ≥ 50% | 60% (6000 of 10000 rps) | met |")
        .contains("| resident memory (highest seen) | ≤ 300 MB | 250 MB | met |")
        .contains(
            "| start-up to ready (launch to first 200 from /healthz) | ≤ 1.5 s | 900 ms | met |");
  }

  @Test
  void aMissedGoalSaysByHowMuch() throws Exception {
    String md = new Summary(run(400, 600, 500)).markdown();
    // Added p50: 300, 300, 300 µs → missed by 150 µs, 100% over.
    assertThat(md)
        .contains(
            "| added latency p50, 1,000 rps, non-streaming | ≤ 150 µs | 300 µs | missed by 150 µs (100% over) |")
        .contains(
            "| added p50 lower than Portkey's | ≥ 10× | 6.7× (Portkey adds 2,000 µs) | missed by 1.5× (3.3× short of 10×) |");
  }

  @Test
  void aGoalWhoseInputsWereNotMeasuredIsNotCalledMet() throws Exception {
    List<String> lines = new ArrayList<>();
    lines.add(open("direct", 1, false, 100, 900));
    lines.add(open("tollgate", 1, false, 150, 1_000));
    String md = new Summary(lines).markdown();
    assertThat(md)
        .contains(
            "| added p50 lower than Portkey's | ≥ 10× | not measured | unknown: not measured in this run |")
        .contains("| throughput at saturation vs nginx | ≥ 50% | not measured | unknown");
  }

  @Test
  void aPathWhoseRequestsAllFailedIsShownAsFailedNotAsZeroLatency() throws Exception {
    List<String> lines = new ArrayList<>();
    lines.add(open("direct", 1, true, 100, 900));
    lines.add(
        open("portkey", 1, true, 0, 0)
            .replace("\"ok\":20000", "\"ok\":0")
            .replace("\"non2xx\":0", "\"non2xx\":2000"));
    Summary s = new Summary(lines);
    assertThat(s.markdown()).contains("| portkey | every request failed: 2000 errors |");
    assertThat(s.added(s.openRuns("0", true), "portkey", "ttft_ns", "p50")).isEmpty();
  }
}

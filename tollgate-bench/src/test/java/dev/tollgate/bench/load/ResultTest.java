package dev.tollgate.bench.load;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ResultTest {

  private static final Result.Percentiles LAT =
      new Result.Percentiles(85_400, 120_000, 950_000, 2_500_000, 52_300_000);

  @Test
  void jsonCarriesTheLabelsThePercentilesAndTheProcess() throws Exception {
    Result r = new Result(LAT, LAT, null, 20_000, 999.96, 1, 2, 3, 20_006);
    Map<String, String> meta = new LinkedHashMap<>();
    meta.put("path", "tollgate");
    meta.put("round", "2");
    JsonNode json =
        new ObjectMapper().readTree(r.toJson(meta, new ProcessSampler.Usage(37.25, 157_286_400L)));
    assertThat(json.path("path").asText()).isEqualTo("tollgate");
    assertThat(json.path("round").asText()).isEqualTo("2");
    assertThat(json.path("latency_ns").path("p99").asLong()).isEqualTo(950_000);
    assertThat(json.path("ttft_ns").isNull()).isTrue();
    assertThat(json.path("achieved_rps").asDouble()).isEqualTo(1000.0);
    assertThat(json.path("timeouts").asLong()).isEqualTo(3);
    assertThat(json.path("sent").asLong()).isEqualTo(20_006);
    assertThat(json.path("cpu_percent").asDouble()).isEqualTo(37.3);
    assertThat(json.path("max_rss_mb").asDouble()).isEqualTo(150.0);
    assertThat(Result.Percentiles.fromJson(json.path("latency_ns"))).isEqualTo(LAT);
  }

  @Test
  void markdownHasARowPerMeasureAndTheErrors() {
    String md = new Result(LAT, LAT, LAT, 20_000, 1000, 0, 0, 4, 20_004).toMarkdown();
    assertThat(md)
        .contains(
            "| latency (from intended start) | 85.4 µs | 120 µs | 950 µs | 2,500 µs | 52.3 ms |")
        .contains("| time to first token |")
        .contains("20,000 ok, 1000.0 rps achieved")
        .contains("4 timed out");
  }

  @Test
  void durationsAreShownInMicrosecondsUpToTenMilliseconds() {
    assertThat(Durations.format(85_400)).isEqualTo("85.4 µs");
    assertThat(Durations.format(1_234_567)).isEqualTo("1,235 µs");
    assertThat(Durations.format(52_300_000)).isEqualTo("52.3 ms");
    assertThat(Durations.format(-12_000)).isEqualTo("-12.0 µs");
  }
}

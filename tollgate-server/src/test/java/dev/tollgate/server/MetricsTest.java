package dev.tollgate.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tollgate.config.ConfigLoader;
import dev.tollgate.config.TollgateConfig;
import dev.tollgate.ledger.UsageEvent;
import dev.tollgate.testkit.FakeClock;
import dev.tollgate.usage.UsageKind;
import java.math.BigDecimal;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Black-box: a real gateway on a random port with the simulated provider, driven over HTTP, then
 * scraped at {@code GET /metrics} as Prometheus would.
 */
class MetricsTest {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String CHAT = "/v1/chat/completions";
  private static final String MINI =
      "{\"model\":\"gpt-4o-mini\",\"messages\":[{\"role\":\"user\",\"content\":\"Hello\"}]}";
  // gpt-4o's 16,384 output tokens at $10 a million are far more than the $0.05 a day allows.
  private static final String TOO_DEAR =
      "{\"model\":\"gpt-4o\",\"max_tokens\":16384,"
          + "\"messages\":[{\"role\":\"user\",\"content\":\"Hello\"}]}";

  @TempDir Path dir;

  private final HttpClient client =
      HttpClient.newBuilder()
          .version(HttpClient.Version.HTTP_1_1)
          .connectTimeout(Duration.ofSeconds(5))
          .build();
  private final FakeClock clock = FakeClock.at("2026-05-01T12:00:00Z");
  private Gateway gateway;

  @AfterEach
  void stop() {
    if (gateway != null) {
      gateway.close();
    }
  }

  private void start(Map<String, String> env) {
    TollgateConfig config =
        ConfigLoader.load(Optional.empty(), env, dir)
            .withServer("127.0.0.1", 0)
            .withDataDir(dir.resolve("data"));
    gateway = Gateway.start(config, clock);
  }

  private HttpResponse<String> send(String method, String path, String bearer, String body)
      throws Exception {
    HttpRequest.Builder b =
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + gateway.port() + path))
            .timeout(Duration.ofSeconds(10))
            .header("content-type", "application/json")
            .method(
                method,
                body == null
                    ? HttpRequest.BodyPublishers.noBody()
                    : HttpRequest.BodyPublishers.ofString(body));
    if (bearer != null) {
      b.header("authorization", "Bearer " + bearer);
    }
    return client.send(b.build(), HttpResponse.BodyHandlers.ofString());
  }

  private String scrape() throws Exception {
    HttpResponse<String> r = send("GET", "/metrics", null, null);
    assertThat(r.statusCode()).isEqualTo(200);
    assertThat(r.headers().firstValue("content-type").orElseThrow()).startsWith("text/plain");
    return r.body();
  }

  @Test
  void aScrapeCountsEachOutcomeExactlyAndTheCostEqualsTheLedgers() throws Exception {
    start(Map.of("TOLLGATE_RATE_LIMIT_RPM", "2", "DAILY_BUDGET", "0.05"));
    String demo = gateway.demoKeySecret().orElseThrow();
    String admin = gateway.adminKeySecret().orElseThrow();
    HttpResponse<String> created =
        send("POST", "/admin/v1/keys", admin, "{\"id\":\"cached\",\"response_cache\":true}");
    assertThat(created.statusCode()).isEqualTo(201);
    String cached = JSON.readTree(created.body()).get("key").asText();
    List<String> ids = new ArrayList<>();

    HttpResponse<String> ok = send("POST", CHAT, demo, MINI);
    HttpResponse<String> denied = send("POST", CHAT, demo, TOO_DEAR);
    HttpResponse<String> limited = send("POST", CHAT, demo, MINI);
    HttpResponse<String> miss = send("POST", CHAT, cached, MINI);
    HttpResponse<String> hit = send("POST", CHAT, cached, MINI);

    assertThat(List.of(ok, denied, limited, miss, hit))
        .extracting(HttpResponse::statusCode)
        .containsExactly(200, 402, 429, 200, 200);
    assertThat(hit.headers().firstValue("x-tollgate-cache").orElseThrow())
        .isEqualToIgnoringCase("hit");
    for (HttpResponse<String> r : List.of(ok, miss, hit)) {
      ids.add(r.headers().firstValue("x-tollgate-request-id").orElseThrow());
    }
    Scrape s = new Scrape(scrape());

    assertThat(s.sum("tollgate_requests_total", "endpoint=\"" + CHAT + "\"")).isEqualTo(5);
    assertThat(
            s.sum(
                "tollgate_requests_total",
                "model=\"gpt-4o-mini\"",
                "outcome=\"success\"",
                "status=\"2xx\""))
        .isEqualTo(2);
    assertThat(
            s.sum(
                "tollgate_requests_total",
                "model=\"gpt-4o\"",
                "outcome=\"denied\"",
                "status=\"4xx\""))
        .isEqualTo(1);
    assertThat(s.sum("tollgate_requests_total", "outcome=\"rate_limited\"", "status=\"4xx\""))
        .isEqualTo(1);
    assertThat(s.sum("tollgate_requests_total", "outcome=\"cache_hit\"", "status=\"2xx\""))
        .isEqualTo(1);
    assertThat(s.sum("tollgate_budget_denials_total", "budget=\"global-daily\"")).isEqualTo(1);
    assertThat(s.sum("tollgate_ratelimit_refusals_total", "endpoint=\"" + CHAT + "\""))
        .isEqualTo(1);
    assertThat(s.sum("tollgate_cache_lookups_total", "result=\"hit\"")).isEqualTo(1);
    assertThat(s.sum("tollgate_cache_lookups_total", "result=\"miss\"")).isEqualTo(1);
    // Every request is in the latency histogram once; two made an upstream call.
    assertThat(s.sum("tollgate_request_duration_seconds_count")).isEqualTo(5);
    assertThat(s.sum("tollgate_request_added_seconds_count")).isEqualTo(5);
    assertThat(s.sum("tollgate_upstream_duration_seconds_count", "model=\"gpt-4o-mini\""))
        .isEqualTo(2);

    // The cost and the tokens are the ledger's, to the nano-dollar.
    long costNanos = 0;
    long output = 0;
    for (String id : ids) {
      UsageEvent e = gateway.accounting().ledger().event(id).orElseThrow();
      costNanos += e.actualCost().nanos();
      output += e.usage().count(UsageKind.OUTPUT);
    }
    assertThat(costNanos).isPositive();
    BigDecimal usd = BigDecimal.valueOf(s.sum("tollgate_cost_usd_total"));
    assertThat(usd.movePointRight(9).setScale(0, java.math.RoundingMode.HALF_EVEN).longValueExact())
        .isEqualTo(costNanos);
    assertThat(s.sum("tollgate_tokens_total", "kind=\"output\"")).isEqualTo(output);

    // The gauges: the configured budget's limit and what it spent, the ledger, JVM binders.
    assertThat(s.sum("tollgate_budget_limit", "budget=\"global-daily\"", "unit=\"usd\""))
        .isEqualTo(0.05);
    assertThat(s.sum("tollgate_budget_spent", "budget=\"global-daily\"")).isPositive();
    assertThat(s.sum("tollgate_ledger_batch_size_count")).isPositive();
    assertThat(s.text())
        .contains("tollgate_ledger_queue_depth", "jvm_memory_used_bytes", "process_uptime_seconds");
    // No key id, secret or request id is a label value.
    assertThat(s.text()).doesNotContain("cached", demo, ids.getFirst(), "key-");
  }

  @Test
  void aTokenIsAskedForWhenOneIsSet() throws Exception {
    start(Map.of("TOLLGATE_METRICS_TOKEN", "0123456789abcdef-scrape"));

    assertThat(send("GET", "/metrics", null, null).statusCode()).isEqualTo(401);
    assertThat(send("GET", "/metrics", "0123456789abcdef-wrong!", null).statusCode())
        .isEqualTo(401);
    HttpResponse<String> ok = send("GET", "/metrics", "0123456789abcdef-scrape", null);
    assertThat(ok.statusCode()).isEqualTo(200);
    assertThat(ok.body()).contains("tollgate_ledger_queue_depth");
  }

  @Test
  void disabledMetricsAreA404AndRequestsStillServe() throws Exception {
    start(Map.of("TOLLGATE_METRICS_ENABLED", "false"));

    assertThat(send("GET", "/metrics", null, null).statusCode()).isEqualTo(404);
    assertThat(send("POST", CHAT, gateway.demoKeySecret().orElseThrow(), MINI).statusCode())
        .isEqualTo(200);
  }

  /**
   * The samples of a scrape, summed by name over the series whose labels contain the given ones.
   */
  private record Scrape(String text) {
    double sum(String name, String... labels) {
      double total = 0;
      for (String line : text.split("\n")) {
        if (line.startsWith("#") || !(line.startsWith(name + "{") || line.startsWith(name + " "))) {
          continue;
        }
        String series = line.substring(0, line.lastIndexOf(' '));
        boolean all = true;
        for (String l : labels) {
          all &= series.contains(l);
        }
        if (all) {
          total += Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
        }
      }
      return total;
    }
  }
}

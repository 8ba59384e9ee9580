package dev.tollgate.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tollgate.admin.TestGateways;
import dev.tollgate.server.Gateway;
import dev.tollgate.testkit.FakeClock;
import java.math.BigDecimal;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code tollgate report} against a real gateway with two days of usage, and against none. */
class ReportCommandTest {

  @TempDir Path dir;

  private final FakeClock clock = FakeClock.at("2026-05-01T10:00:00Z");
  private Gateway gateway;
  private Cli cli;

  @AfterEach
  void stop() {
    if (gateway != null) {
      gateway.close();
    }
  }

  private void start() throws Exception {
    gateway = TestGateways.start(dir, "", clock);
    cli = Cli.against(dir, gateway);
    assertThat(cli.run("keys", "create", "--id", "ci", "--team", "web", "--format", "json"))
        .isZero();
    String key = new ObjectMapper().readTree(cli.out()).get("key").asText();
    try (HttpClient http = HttpClient.newHttpClient()) {
      for (String model : new String[] {"gpt-4o-mini", "gpt-4o", "gpt-4o-mini"}) {
        chat(http, key, model);
        clock.advance(Duration.ofHours(20));
      }
    }
  }

  private void chat(HttpClient http, String key, String model) throws Exception {
    HttpRequest request =
        HttpRequest.newBuilder(
                URI.create("http://127.0.0.1:" + gateway.port() + "/v1/chat/completions"))
            .header("authorization", "Bearer " + key)
            .header("content-type", "application/json")
            .POST(
                HttpRequest.BodyPublishers.ofString(
                    "{\"model\":\""
                        + model
                        + "\",\"messages\":[{\"role\":\"user\",\"content\":\"Hi\"}]}"))
            .build();
    assertThat(http.send(request, HttpResponse.BodyHandlers.ofString()).statusCode())
        .isEqualTo(200);
  }

  @Test
  void aReportByModelAndDayIsAnAlignedTableWithATotal() throws Exception {
    start();

    assertThat(cli.run("report", "--by", "model,day", "--since", "7d")).isZero();

    String[] lines = cli.out().split("\n");
    assertThat(lines[0]).startsWith("BUCKET (UTC)  MODEL").contains("REQUESTS").contains("COST");
    assertThat(lines).hasSize(6);
    assertThat(lines[1]).startsWith("2026-05-01    gpt-4o-mini");
    assertThat(lines[2]).startsWith("2026-05-02    gpt-4o ");
    assertThat(lines[4]).startsWith("TOTAL").contains(" 3 ").contains("$");
    assertThat(lines[5]).startsWith("UTC, ").endsWith("; USD");
    // Numbers are right-aligned: every COST cell ends where the heading does.
    int end = lines[0].indexOf("COST") + 4;
    assertThat(lines[1].charAt(end - 1)).isNotEqualTo(' ');
    assertThat(lines[1].charAt(end)).isEqualTo(' ');
  }

  @Test
  void csvAndJsonCarryExactAmountsThatAddUp() throws Exception {
    start();

    assertThat(cli.run("report", "--by", "model", "--since", "7d", "--format", "json")).isZero();
    JsonNode json = new ObjectMapper().readTree(cli.out());
    BigDecimal sum = BigDecimal.ZERO;
    for (JsonNode row : json.get("rows")) {
      sum = sum.add(new BigDecimal(row.get("cost_usd").asText()));
    }
    assertThat(sum).isEqualByComparingTo(new BigDecimal(json.at("/totals/cost_usd").asText()));
    assertThat(json.get("rows")).hasSize(2);

    assertThat(cli.run("report", "--by", "model", "--since", "7d", "--format", "csv")).isZero();
    String[] csv = cli.out().split("\n");
    assertThat(csv[0]).startsWith("model,requests,tokens,cost_usd,avg_cost_per_request_usd,input");
    assertThat(csv).hasSize(3);
  }

  @Test
  void aBadGroupingIsOneLineNamingIt() throws Exception {
    start();

    assertThat(cli.run("report", "--by", "colour")).isEqualTo(1);

    assertThat(cli.err()).startsWith("error: group_by: unknown dimension 'colour'").endsWith(")\n");
    assertThat(cli.err().lines().count()).isEqualTo(1);
  }

  @Test
  void aGatewayThatIsNotRunningIsOneLine() throws Exception {
    int port;
    try (ServerSocket s = new ServerSocket(0)) {
      port = s.getLocalPort();
    }
    Cli offline = new Cli(dir).env("TOLLGATE_ADMIN_KEY", "tga-x");

    assertThat(offline.run("report", "--url", "http://127.0.0.1:" + port)).isEqualTo(1);
    assertThat(offline.err()).startsWith("error: no Tollgate gateway is answering at");
    assertThat(offline.err().lines().count()).isEqualTo(1);
  }
}

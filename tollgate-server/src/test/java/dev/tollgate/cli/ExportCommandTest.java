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
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code tollgate export} against a real gateway with two days of usage: read page by page, what it
 * writes is byte for byte the gateway's whole export of the same range.
 */
class ExportCommandTest {

  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir Path dir;

  private final FakeClock clock = FakeClock.at("2026-05-01T10:00:00Z");
  private Gateway gateway;
  private Cli cli;
  private final HttpClient http = HttpClient.newHttpClient();

  @AfterEach
  void stop() {
    if (gateway != null) {
      gateway.close();
    }
    http.close();
  }

  /** Seven requests over two days, from two keys, one with a user a CSV must quote. */
  private void start() throws Exception {
    gateway = TestGateways.start(dir, "", clock);
    cli = Cli.against(dir, gateway);
    String web = key("--id", "web", "--team", "web", "--tag", "prod", "--tag", "eu");
    String ops = key("--id", "ops", "--team", "ops", "--user", "Doe, \"J\"");
    List<String> models = List.of("gpt-4o-mini", "gpt-4o-mini", "gpt-4o", "gpt-4o");
    for (int i = 0; i < models.size(); i++) {
      chat(web, models.get(i), "alice");
      if (i < 3) {
        chat(ops, models.get(i), "bob");
      }
      clock.advance(Duration.ofHours(9));
    }
  }

  private String key(String... options) throws Exception {
    String[] args = new String[options.length + 4];
    args[0] = "keys";
    args[1] = "create";
    System.arraycopy(options, 0, args, 2, options.length);
    args[args.length - 2] = "--format";
    args[args.length - 1] = "json";
    assertThat(cli.run(args)).isZero();
    return JSON.readTree(cli.out()).get("key").asText();
  }

  private void chat(String key, String model, String endUser) throws Exception {
    String body =
        "{\"model\":\""
            + model
            + "\",\"user\":\""
            + endUser
            + "\",\"messages\":[{\"role\":\"user\",\"content\":\"Hi\"}]}";
    HttpRequest request =
        HttpRequest.newBuilder(URI.create(base() + "/v1/chat/completions"))
            .header("authorization", "Bearer " + key)
            .header("content-type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofString(body))
            .build();
    assertThat(http.send(request, HttpResponse.BodyHandlers.ofString()).statusCode())
        .isEqualTo(200);
  }

  private String base() {
    return "http://127.0.0.1:" + gateway.port();
  }

  /** The gateway's whole export, in one streamed answer. */
  private String whole(String pathAndQuery) throws Exception {
    HttpRequest request =
        HttpRequest.newBuilder(URI.create(base() + "/admin/v1" + pathAndQuery))
            .header("authorization", "Bearer " + gateway.adminKeySecret().orElseThrow())
            .build();
    HttpResponse<String> r = http.send(request, HttpResponse.BodyHandlers.ofString());
    assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
    return r.body();
  }

  @Test
  void eventsReadTwoAtATimeAreTheGatewaysWholeCsvAndJson() throws Exception {
    start();

    assertThat(cli.run("export", "events", "--since", "7d", "--page-size", "2", "-o", "e.csv"))
        .isZero();
    assertThat(cli.run("export", "events", "--since", "7d", "--page-size", "3", "--format", "json"))
        .isZero();

    String csv = Files.readString(dir.resolve("e.csv"));
    assertThat(csv).isEqualTo(whole("/export/events?since=7d"));
    assertThat(csv.lines()).hasSize(1 + 7);
    assertThat(csv).contains("\"Doe, \"\"J\"\"\"").contains(",eu;prod,");
    assertThat(cli.out()).isEqualTo(whole("/export/events?since=7d&format=json"));
    assertThat(JSON.readTree(cli.out())).hasSize(7);
    assertThat(dir.resolve("e.csv.part")).doesNotExist();
  }

  @Test
  void rollupsByHourAndDayAddUpToTheEventsAndMatchTheGateway() throws Exception {
    start();

    assertThat(
            cli.run("export", "rollups", "--since", "7d", "--bucket", "hour", "--page-size", "1"))
        .isZero();
    String hourly = cli.out();
    assertThat(cli.run("export", "rollups", "--since", "7d", "--format", "json")).isZero();
    JsonNode daily = JSON.readTree(cli.out());
    assertThat(cli.run("export", "events", "--since", "7d", "--format", "json")).isZero();
    JsonNode events = JSON.readTree(cli.out());

    assertThat(hourly).isEqualTo(whole("/export/rollups?since=7d&bucket=hour"));
    // Each request is in an hour of its own; by day, a key and model used twice fold to one row.
    assertThat(hourly.lines()).hasSize(1 + 7);
    assertThat(hourly.lines().findFirst().orElseThrow())
        .startsWith("bucket_start,key,user,end_user,team,project,service,provider,model,requests");
    assertThat(daily).hasSize(4);
    assertThat(sum(daily, "cost_usd")).isEqualByComparingTo(sum(events, "cost_usd"));
    assertThat(sum(daily, "requests")).isEqualByComparingTo(BigDecimal.valueOf(7));
    for (JsonNode row : daily) {
      assertThat(row.get("bucket_start").asText()).endsWith("T00:00:00Z");
    }
  }

  @Test
  void theFocusExportIsTheGatewaysFocusCsv() throws Exception {
    start();

    assertThat(cli.run("export", "focus", "--since", "2026-05-01", "--until", "2026-05-03"))
        .isZero();

    assertThat(cli.out()).isEqualTo(whole("/export/focus?from=2026-05-01&to=2026-05-03"));
    assertThat(cli.out()).startsWith("BilledCost,EffectiveCost,ListCost,ContractedCost");
  }

  @Test
  void aRefusedExportIsOneLineAndLeavesTheOutputFileAsItWas() throws Exception {
    start();
    Path existing = Files.writeString(dir.resolve("old.csv"), "kept\n");

    int code =
        cli.run(
            "export", "events", "--since", "2026-05-03", "--until", "2026-05-01", "-o", "old.csv");

    assertThat(code).isEqualTo(1);
    assertThat(cli.err()).startsWith("error: ").endsWith("(HTTP 400)\n");
    assertThat(cli.err().lines().count()).isEqualTo(1);
    assertThat(Files.readString(existing)).isEqualTo("kept\n");
    assertThat(dir.resolve("old.csv.part")).doesNotExist();
    assertThat(cli.run("export", "colours")).isEqualTo(1);
    assertThat(cli.err())
        .isEqualTo("error: WHAT: must be events, rollups or focus, got 'colours'\n");
    assertThat(cli.run("export", "events", "--bucket", "hour")).isEqualTo(1);
    assertThat(cli.err()).isEqualTo("error: --bucket: only rollups have buckets\n");
  }

  @Test
  void aGatewayThatIsNotRunningIsOneLineAndExitCodeOne() throws Exception {
    int port;
    try (ServerSocket s = new ServerSocket(0)) {
      port = s.getLocalPort();
    }
    Cli offline = new Cli(dir).env("TOLLGATE_ADMIN_KEY", "tga-x");

    int code = offline.run("export", "events", "--url", "http://127.0.0.1:" + port, "-o", "x.csv");

    assertThat(code).isEqualTo(1);
    assertThat(offline.err())
        .isEqualTo(
            "error: no Tollgate gateway is answering at http://127.0.0.1:"
                + port
                + " (is it running? --url/TOLLGATE_URL)\n");
    assertThat(dir.resolve("x.csv")).doesNotExist();
    assertThat(dir.resolve("x.csv.part")).doesNotExist();
  }

  @Test
  void helpNamesEveryExportAndOption() {
    Cli offline = new Cli(dir);

    assertThat(offline.run("export", "--help")).isZero();

    assertThat(offline.out())
        .contains("Usage: tollgate export")
        .contains("events", "rollups", "focus")
        .contains("--since", "--until", "--format", "--output", "--bucket", "--page-size")
        .contains("--url", "--admin-key", "--help");
  }

  private static BigDecimal sum(JsonNode rows, String field) {
    BigDecimal sum = BigDecimal.ZERO;
    for (JsonNode row : rows) {
      sum = sum.add(new BigDecimal(row.get(field).asText()));
    }
    return sum;
  }
}

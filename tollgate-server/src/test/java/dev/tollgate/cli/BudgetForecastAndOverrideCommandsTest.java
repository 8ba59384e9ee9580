package dev.tollgate.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tollgate.config.ConfigLoader;
import dev.tollgate.config.TollgateConfig;
import dev.tollgate.server.Gateway;
import dev.tollgate.testkit.FakeClock;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code tollgate budgets forecast} and {@code tollgate budgets override} against a real gateway on
 * a fake clock, after team ml spent $2 a day from 1 to 7 May 2026.
 */
class BudgetForecastAndOverrideCommandsTest {

  @TempDir Path dir;

  private final FakeClock clock = FakeClock.at("2026-05-01T00:00:00Z");
  private Gateway gateway;
  private Cli cli;

  @BeforeEach
  void start() throws Exception {
    Path file =
        Files.writeString(
            dir.resolve("tollgate.yaml"),
            """
            budgets:
              define:
                - id: team-ml
                  scope: team:ml
                  limit_usd: 100
                  period: monthly
            """);
    TollgateConfig config =
        ConfigLoader.load(Optional.of(file), Map.of(), dir)
            .withServer("127.0.0.1", 0)
            .withDataDir(dir.resolve("data"));
    gateway = Gateway.start(config, clock);
    String admin = gateway.adminKeySecret().orElseThrow();
    cli =
        new Cli(dir)
            .env("TOLLGATE_URL", "http://127.0.0.1:" + gateway.port())
            .env("TOLLGATE_ADMIN_KEY", admin);
    try (HttpClient http = HttpClient.newHttpClient()) {
      for (int day = 1; day <= 7; day++) {
        clock.set(Instant.parse("2026-05-%02dT12:00:00Z".formatted(day)));
        String body =
            "{\"request_id\":\"d%d\",\"provider\":\"openai\",\"cost_usd\":\"2\",\"team\":\"ml\"}"
                .formatted(day);
        HttpRequest r =
            HttpRequest.newBuilder(
                    URI.create("http://127.0.0.1:" + gateway.port() + "/admin/v1/usage"))
                .header("authorization", "Bearer " + admin)
                .POST(HttpRequest.BodyPublishers.ofString(body))
                .build();
        assertThat(http.send(r, HttpResponse.BodyHandlers.ofString()).statusCode()).isEqualTo(201);
      }
    }
    clock.set(Instant.parse("2026-05-08T00:00:00Z"));
  }

  @AfterEach
  void stop() {
    gateway.close();
  }

  @Test
  void theForecastIsATableWithMoneyInDollarsAndTheMethodBelow() throws Exception {
    assertThat(cli.run("budgets", "forecast")).isZero();

    String[] lines = cli.out().split("\n");
    assertThat(lines[0])
        .startsWith("BUDGET")
        .contains("SPENT", "PROJECTED", "OVER/UNDER", "OUTLOOK", "LIMIT HIT");
    String row = lines[1];
    assertThat(row)
        .startsWith("team-ml")
        .contains("14.00 USD", "100.00 USD", "62.00 USD", "-38.00 USD", "2.00 USD")
        .contains("under_limit", "2026-06-01T00:00:00Z");
    // Amounts are right-aligned: each ends where its heading does.
    int spentEnd = lines[0].indexOf("SPENT") + "SPENT".length();
    assertThat(row.indexOf("14.00 USD") + "14.00 USD".length()).isEqualTo(spentEnd);
    assertThat(lines[2]).startsWith("method (team-ml): linear").contains("last 7 days");

    assertThat(cli.run("budgets", "forecast", "--budget", "team-ml", "--format", "json")).isZero();
    JsonNode json = new ObjectMapper().readTree(cli.out());
    assertThat(json.at("/data/0/projected_usd").asText()).isEqualTo("62.000000000");
  }

  @Test
  void anOverrideIsGrantedAndEndedFromTheCommandLine() {
    assertThat(
            cli.run(
                "budgets",
                "override",
                "team-ml",
                "--reason",
                "incident 7",
                "--extra-usd",
                "5",
                "--for",
                "2h"))
        .isZero();
    String[] lines = cli.out().split("\n");
    assertThat(lines[0])
        .startsWith("override of team-ml by admin-key:")
        .endsWith(": up to 5.00 USD past the limit, until 2026-05-08T02:00:00Z (incident 7)");
    assertThat(lines[1]).startsWith("BUDGET");
    assertThat(lines[2]).startsWith("team-ml").contains("14.00 USD");

    assertThat(cli.run("budgets", "override", "team-ml", "--end", "--reason", "fixed")).isZero();
    assertThat(cli.out().lines().findFirst().orElseThrow())
        .contains("(incident 7); ended at 2026-05-08T00:00:00Z by admin-key:");

    assertThat(cli.run("budgets", "override", "team-ml", "--end")).isEqualTo(1);
    assertThat(cli.err()).contains("emergency override").contains("(HTTP 404)");
    assertThat(cli.run("budgets", "override", "team-ml", "--reason", "x", "--for", "4 weeks"))
        .isEqualTo(1);
    assertThat(cli.err()).contains("--for: a duration such as 30m, 4h or 2d");
    assertThat(cli.run("budgets", "override", "team-ml")).isEqualTo(1);
    assertThat(cli.err()).contains("reason: required").contains("(HTTP 400)");
  }
}

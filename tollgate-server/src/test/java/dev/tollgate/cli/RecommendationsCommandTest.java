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

/** {@code tollgate recommendations} against a real gateway with a month of usage, and none. */
class RecommendationsCommandTest {

  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir Path dir;

  private final FakeClock clock = FakeClock.at("2026-03-20T09:00:00Z");
  private Gateway gateway;
  private Cli cli;

  @AfterEach
  void stop() {
    if (gateway != null) {
      gateway.close();
    }
  }

  /** A key "app" that asks gpt-4o for short answers and a key "spare" that never asks anything. */
  private void start() throws Exception {
    gateway = TestGateways.start(dir, "", clock);
    cli = Cli.against(dir, gateway);
    assertThat(cli.run("keys", "create", "--id", "spare", "--format", "json")).isZero();
    assertThat(cli.run("keys", "create", "--id", "app", "--format", "json")).isZero();
    String key = JSON.readTree(cli.out()).get("key").asText();
    clock.advance(Duration.ofDays(40));
    try (HttpClient http = HttpClient.newHttpClient()) {
      for (int i = 0; i < 12; i++) {
        chat(http, key, "Yes or no: " + i + "?");
        clock.advance(Duration.ofMinutes(10));
      }
    }
  }

  private void chat(HttpClient http, String key, String text) throws Exception {
    HttpRequest request =
        HttpRequest.newBuilder(
                URI.create("http://127.0.0.1:" + gateway.port() + "/v1/chat/completions"))
            .header("authorization", "Bearer " + key)
            .header("content-type", "application/json")
            .POST(
                HttpRequest.BodyPublishers.ofString(
                    "{\"model\":\"gpt-4o\",\"messages\":[{\"role\":\"user\",\"content\":\""
                        + text
                        + "\"}]}"))
            .build();
    assertThat(http.send(request, HttpResponse.BodyHandlers.ofString()).statusCode())
        .isEqualTo(200);
  }

  @Test
  void theTableListsTheHighestSavingFirstWithATotalAndEachExplanation() throws Exception {
    start();

    assertThat(cli.run("recommendations")).as(cli.err()).isZero();

    String[] lines = cli.out().split("\n");
    assertThat(lines[0]).startsWith("#  KIND").contains("SUBJECT", "SAVING", "SUGGESTION");
    assertThat(lines[1])
        .startsWith("1  cheaper_model")
        .contains("/gpt-4o, key app", "$0.00", "switch these requests to openai/");
    assertThat(cli.out()).contains("idle_key", "key spare", "revoke the key");
    assertThat(cli.out()).containsPattern("\n\\s+TOTAL\\s+\\$0\\.\\d{6}\n");
    assertThat(cli.out()).contains("\n1. 12 of 12 requests from key app");
    assertThat(lines[lines.length - 1]).startsWith("Savings in USD, estimated over ");
    // Money is right-aligned: every SAVING cell ends where the heading does.
    int end = lines[0].indexOf("SAVING") + "SAVING".length();
    assertThat(lines[1].charAt(end - 1)).isNotEqualTo(' ');
    assertThat(lines[2].charAt(end - 1)).isNotEqualTo(' ');
  }

  @Test
  void jsonHoldsEveryPageWithExactAmountsThatAddUp() throws Exception {
    start();

    assertThat(cli.run("recommendations", "--format", "json", "--kind", "idle_key,cheaper_model"))
        .isZero();

    JsonNode json = JSON.readTree(cli.out());
    BigDecimal sum = BigDecimal.ZERO;
    for (JsonNode r : json.get("data")) {
      sum = sum.add(new BigDecimal(r.get("estimated_saving_usd").asText()));
    }
    assertThat(sum)
        .isEqualByComparingTo(new BigDecimal(json.get("total_estimated_saving_usd").asText()));
    assertThat(sum.signum()).isPositive();
    assertThat(json.get("data"))
        .extracting(r -> r.get("kind").asText())
        .containsOnly("idle_key", "cheaper_model");
    assertThat(json.has("next_cursor")).isFalse();
  }

  @Test
  void aBadKindIsOneLineNamingIt() throws Exception {
    start();

    assertThat(cli.run("recommendations", "--kind", "cheapest")).isEqualTo(1);

    assertThat(cli.err()).startsWith("error: kind: unknown kind 'cheapest'");
    assertThat(cli.err().lines().count()).isEqualTo(1);
  }

  @Test
  void aGatewayThatIsNotRunningIsOneLine() throws Exception {
    int port;
    try (ServerSocket s = new ServerSocket(0)) {
      port = s.getLocalPort();
    }
    Cli offline = new Cli(dir).env("TOLLGATE_ADMIN_KEY", "tga-x");

    assertThat(offline.run("recommendations", "--url", "http://127.0.0.1:" + port)).isEqualTo(1);
    assertThat(offline.err()).startsWith("error: no Tollgate gateway is answering at");
  }
}

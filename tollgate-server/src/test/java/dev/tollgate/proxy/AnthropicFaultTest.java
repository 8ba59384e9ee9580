package dev.tollgate.proxy;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tollgate.budget.Scope;
import dev.tollgate.config.ConfigLoader;
import dev.tollgate.config.TollgateConfig;
import dev.tollgate.ledger.UsageEvent;
import dev.tollgate.server.Gateway;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.InstantSource;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Upstream faults on {@code /v1/messages}, served by the in-process simulated provider configured
 * as {@code kind: simulated, catalog_provider: anthropic} with a fault (the native Anthropic
 * adapter is not on this branch): what the client sees, in Anthropic's error shape, the ledger
 * event, and nothing left reserved.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class AnthropicFaultTest {

  private static final ObjectMapper JSON = new ObjectMapper();

  private static final String HELLO =
      "{\"model\":\"claude-3-5-haiku\",\"max_tokens\":200,"
          + "\"messages\":[{\"role\":\"user\",\"content\":\"Hello\"}]}";

  private static final String STREAM = HELLO.replace("{", "{\"stream\":true,");

  @TempDir Path dir;

  private final HttpClient client = HttpClient.newHttpClient();
  private Gateway gateway;

  @AfterEach
  void stop() {
    if (gateway != null) {
      gateway.close();
    }
  }

  /** The gateway with a simulated anthropic entry whose extra settings are {@code settings}. */
  private void start(String settings) throws Exception {
    Path file =
        Files.writeString(
            dir.resolve("tollgate.yaml"),
            "providers:\n  claude: {kind: simulated, catalog_provider: anthropic, completion_tokens:"
                + " 40, stream_chunks: 4, "
                + settings
                + "}\n");
    TollgateConfig config =
        ConfigLoader.load(Optional.of(file), Map.of(), dir)
            .withServer("127.0.0.1", 0)
            .withDataDir(dir.resolve("data"));
    gateway = Gateway.start(config, InstantSource.system());
  }

  private HttpResponse<String> post(String body) throws Exception {
    HttpRequest request =
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + gateway.port() + "/v1/messages"))
            .timeout(Duration.ofSeconds(20))
            .header("content-type", "application/json")
            .header("x-api-key", gateway.demoKeySecret().orElseThrow())
            .header("anthropic-version", "2023-06-01")
            .POST(HttpRequest.BodyPublishers.ofString(body))
            .build();
    return client.send(request, HttpResponse.BodyHandlers.ofString());
  }

  private void assertReleased(HttpResponse<String> response) {
    UsageEvent event = Settlement.assertReleased(gateway, response);
    // The entry serving the model, as on every endpoint now that /v1/messages is routed.
    assertThat(event.provider()).isEqualTo("claude");
  }

  @Test
  void anOverloaded529IsPassedOnInAnthropicsShapeWithItsRetryAfter() throws Exception {
    start("error_status: 529, retry_after_seconds: 9");

    for (String body : new String[] {HELLO, STREAM}) {
      HttpResponse<String> response = post(body);

      assertThat(response.statusCode()).isEqualTo(529);
      assertThat(response.headers().firstValue("retry-after")).hasValue("9");
      JsonNode error = JSON.readTree(response.body());
      assertThat(error.get("type").asText()).isEqualTo("error");
      assertThat(error.at("/error/type").asText()).isEqualTo("overloaded_error");
      assertReleased(response);
    }
  }

  @Test
  void anUpstream500IsA502ApiError() throws Exception {
    start("error_status: 500");

    HttpResponse<String> response = post(STREAM);

    assertThat(response.statusCode()).isEqualTo(502);
    assertThat(JSON.readTree(response.body()).at("/error/type").asText()).isEqualTo("api_error");
    assertReleased(response);
  }

  @Test
  void aMalformedAnswerIsA502InAnthropicsShape() throws Exception {
    start("malformed: true");

    HttpResponse<String> response = post(HELLO);

    assertThat(response.statusCode()).isEqualTo(502);
    JsonNode error = JSON.readTree(response.body());
    assertThat(error.get("type").asText()).isEqualTo("error");
    assertThat(error.at("/error/message").asText()).contains("not a JSON object");
    assertReleased(response);
  }

  @Test
  void aStreamCutAfterMessageStartIsBilledFromItsUsageAndTheTextRelayed() throws Exception {
    // message_start, content_block_start, ping, two deltas of 40 characters; then the cut.
    start("cut_after_chunks: 5, cache_read_tokens: 1000, cache_write_tokens: 300");

    HttpResponse<String> response = post(STREAM);

    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(response.body())
        .contains("event: error")
        .doesNotContain("message_delta")
        .doesNotContain("message_stop");
    UsageEvent event = Settlement.event(gateway, response);
    assertThat(event.outcome()).isEqualTo(UsageEvent.Outcome.ERROR);
    assertThat(event.costState()).isEqualTo(UsageEvent.CostState.ESTIMATED);
    // The exact input of message_start, cache counts included, not the gateway's estimate.
    assertThat(event.usage().inputTokens())
        .isEqualTo(TokenEstimator.anthropic(null, JSON.readTree(HELLO).get("messages")));
    assertThat(event.usage().cacheReadTokens()).isEqualTo(1_000);
    assertThat(event.usage().cacheWrite5mTokens()).isEqualTo(300);
    // Two deltas of 40 characters relayed: 20 tokens, more than message_start's 1.
    assertThat(event.usage().outputTokens()).isEqualTo(20);
    assertThat(event.billable()).isTrue();
    assertThat(event.actualCost().nanos()).isPositive();
    assertThat(gateway.accounting().engine().status(Scope.GLOBAL).getFirst().spent())
        .isEqualTo(event.actualCost().nanos());
    Settlement.assertNothingReserved(gateway);
  }
}

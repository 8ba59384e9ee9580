package dev.tollgate.proxy;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tollgate.budget.BudgetStatus;
import dev.tollgate.budget.Scope;
import dev.tollgate.config.ConfigLoader;
import dev.tollgate.config.TollgateConfig;
import dev.tollgate.ledger.UsageEvent;
import dev.tollgate.provider.simulated.SimulatedOptions;
import dev.tollgate.provider.simulated.SimulatedServer;
import dev.tollgate.server.Gateway;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.InstantSource;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Upstream faults, end to end: a real gateway whose OpenAI-compatible provider entry points at the
 * standalone {@link SimulatedServer}, told to fail in one way. For each fault: what the client sees
 * (never a 500 from the gateway), the ledger event (status, and a cost estimated from the text
 * relayed when a stream broke off, never $0), and nothing left reserved in the budget engine.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class UpstreamFaultTest {

  private static final ObjectMapper JSON = new ObjectMapper();

  private static final String CHAT =
      "{\"model\":\"gpt-4o-mini\",\"messages\":[{\"role\":\"user\",\"content\":\"Hello\"}]}";

  private static final String STREAM =
      CHAT.replace("{", "{\"stream\":true,\"stream_options\":{\"include_usage\":true},");

  @TempDir Path dir;

  private final HttpClient client = HttpClient.newHttpClient();
  private SimulatedServer upstream;
  private Gateway gateway;

  @AfterEach
  void stop() {
    if (gateway != null) {
      gateway.close();
    }
    if (upstream != null) {
      upstream.close();
    }
  }

  /** The gateway in front of a simulated upstream that behaves as {@code options} say. */
  private void start(SimulatedOptions options, int timeoutSeconds) throws Exception {
    upstream = SimulatedServer.start(options, "127.0.0.1", 0);
    // No retries: each fault is seen once (retrying is the router's concern, tested there).
    startWith(
        "routing: {retries: 0}\nproviders:\n  upstream: {catalog_provider: openai,"
            + " timeout_seconds: "
            + timeoutSeconds
            + ", base_url: \"http://127.0.0.1:"
            + upstream.port()
            + "/v1\"}\n");
  }

  private void startWith(String yaml) throws Exception {
    Path file = Files.writeString(dir.resolve("tollgate.yaml"), yaml);
    TollgateConfig config =
        ConfigLoader.load(Optional.of(file), Map.of(), dir)
            .withServer("127.0.0.1", 0)
            .withDataDir(dir.resolve("data"));
    gateway = Gateway.start(config, InstantSource.system());
  }

  private static SimulatedOptions fault(int status, boolean malformed, int cutAfter) {
    return new SimulatedOptions(
        0, 0, OptionalLong.of(40), 4, 0, 0, status, 5, 0, 0, malformed, cutAfter);
  }

  private static SimulatedOptions slow(long latencyMs, long chunkDelayMs) {
    return new SimulatedOptions(
        latencyMs, chunkDelayMs, OptionalLong.of(40), 4, 0, 0, 0, 0, 0, 0, false, -1);
  }

  private HttpResponse<String> post(String body) throws Exception {
    HttpRequest request =
        HttpRequest.newBuilder(
                URI.create("http://127.0.0.1:" + gateway.port() + "/v1/chat/completions"))
            .timeout(Duration.ofSeconds(20))
            .header("content-type", "application/json")
            .header("authorization", "Bearer " + gateway.demoKeySecret().orElseThrow())
            .POST(HttpRequest.BodyPublishers.ofString(body))
            .build();
    return client.send(request, HttpResponse.BodyHandlers.ofString());
  }

  private void assertReleased(HttpResponse<String> response) {
    UsageEvent event = Settlement.assertReleased(gateway, response);
    assertThat(event.provider()).isEqualTo("upstream");
  }

  /**
   * A stream broken after it started: billed by estimate (the prompt and the text relayed), never
   * $0, nothing reserved.
   */
  private void assertBilledByEstimate(HttpResponse<String> response, long outputTokens) {
    UsageEvent event = Settlement.event(gateway, response);
    assertThat(event.outcome()).isEqualTo(UsageEvent.Outcome.ERROR);
    assertThat(event.costState()).isEqualTo(UsageEvent.CostState.ESTIMATED);
    assertThat(event.usage().inputTokens()).isPositive();
    assertThat(event.usage().outputTokens()).isEqualTo(outputTokens);
    assertThat(event.billable()).isTrue();
    assertThat(event.actualCost().nanos()).isPositive();
    BudgetStatus global = gateway.accounting().engine().status(Scope.GLOBAL).getFirst();
    assertThat(global.spent()).isEqualTo(event.actualCost().nanos());
    Settlement.assertNothingReserved(gateway);
  }

  private static JsonNode error(HttpResponse<String> response) throws Exception {
    return JSON.readTree(response.body()).get("error");
  }

  @Test
  void anUpstream500IsA502WithTheUpstreamsErrorInPlainAndStreamedCalls() throws Exception {
    start(fault(500, false, -1), 5);

    for (String body : new String[] {CHAT, STREAM}) {
      HttpResponse<String> response = post(body);

      assertThat(response.statusCode()).isEqualTo(502);
      assertThat(response.headers().firstValue("x-tollgate-upstream-status")).hasValue("500");
      assertThat(response.headers().firstValue("content-type")).hasValue("application/json");
      assertThat(error(response).get("type").asText()).isEqualTo("server_error");
      assertReleased(response);
    }
  }

  @Test
  void anUpstream429IsPassedOnWithItsRetryAfterInPlainAndStreamedCalls() throws Exception {
    start(fault(429, false, -1), 5);

    for (String body : new String[] {CHAT, STREAM}) {
      HttpResponse<String> response = post(body);

      assertThat(response.statusCode()).isEqualTo(429);
      assertThat(response.headers().firstValue("retry-after")).hasValue("5");
      assertThat(error(response).get("code").asText()).isEqualTo("rate_limit_exceeded");
      assertReleased(response);
    }
  }

  @Test
  void anUpstreamSilentPastTheTimeoutIsA504BeforeAStreamStarts() throws Exception {
    start(slow(1_500, 0), 1);

    HttpResponse<String> response = post(STREAM);

    assertThat(response.statusCode()).isEqualTo(504);
    assertThat(error(response).get("type").asText()).isEqualTo("upstream_timeout");
    assertReleased(response);
  }

  @Test
  void anUpstreamSilentPastTheTimeoutMidStreamIsCutWithAnErrorEventAndBilledForThePrompt()
      throws Exception {
    start(slow(0, 1_500), 1);

    HttpResponse<String> response = post(STREAM);

    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(response.body()).contains("\"upstream_timeout\"").doesNotContain("[DONE]");
    // Only the role chunk came before the silence: the prompt is billed, no output.
    assertThat(response.body().split("\"chat.completion.chunk\"", -1)).hasSize(2);
    assertBilledByEstimate(response, 0);
  }

  @Test
  void aMalformedBodyIsA502UpstreamMalformedInPlainAndStreamedCalls() throws Exception {
    start(fault(0, true, -1), 5);

    for (String body : new String[] {CHAT, STREAM}) {
      HttpResponse<String> response = post(body);

      assertThat(response.statusCode()).isEqualTo(502);
      assertThat(error(response).get("code").asText()).isEqualTo("upstream_malformed");
      assertThat(response.body()).doesNotContain("broken");
      assertReleased(response);
    }
  }

  @Test
  void aStreamCutWithoutItsUsageEndsWithAnErrorEventAndIsBilledFromTheTextRelayed()
      throws Exception {
    start(fault(0, false, 3), 5);

    HttpResponse<String> response = post(STREAM);

    // Role and two content chunks went through; then an error event instead of usage and [DONE].
    assertThat(response.statusCode()).isEqualTo(200);
    String body = response.body();
    assertThat(body.split("\"chat.completion.chunk\"", -1)).hasSize(4);
    assertThat(body).contains("\"error\"").doesNotContain("[DONE]").doesNotContain("\"usage\":{");
    // Two pieces of 40 characters (160 characters cut into 4) relayed: 20 tokens, not the 40.
    assertBilledByEstimate(response, 20);
  }

  @Test
  void aClientLeavingAnInProcessSimulatedStreamStopsItAndIsBilledAsCancelled() throws Exception {
    startWith(
        "providers:\n  upstream: {kind: simulated, catalog_provider: openai,"
            + " completion_tokens: 40, stream_chunks: 4, chunk_delay_ms: 300}\n");
    String id;
    try (Socket socket = new Socket("127.0.0.1", gateway.port())) {
      socket.setSoTimeout(10_000);
      socket.getOutputStream().write(raw(STREAM).getBytes(StandardCharsets.UTF_8));
      BufferedReader in =
          new BufferedReader(
              new InputStreamReader(socket.getInputStream(), StandardCharsets.UTF_8));
      String requestId = null;
      for (String line = in.readLine(); line != null; line = in.readLine()) {
        if (line.toLowerCase(Locale.ROOT).startsWith("x-tollgate-request-id:")) {
          requestId = line.substring(line.indexOf(':') + 1).strip();
        }
        if (line.contains("\"content\":\"T")) {
          break; // The first piece of text arrived; now leave.
        }
      }
      id = requestId;
    }

    long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
    // The event is appended before the reservation is settled (post-hooks run in reverse): wait
    // for both.
    while ((gateway.accounting().ledger().event(id).isEmpty()
            || gateway.accounting().engine().activeReservations() > 0)
        && System.nanoTime() < deadline) {
      Thread.sleep(20);
    }
    UsageEvent event = gateway.accounting().ledger().event(id).orElseThrow();
    assertThat(event.outcome()).isEqualTo(UsageEvent.Outcome.CANCELLED);
    assertThat(event.provider()).isEqualTo("upstream");
    assertThat(event.costState()).isEqualTo(UsageEvent.CostState.ESTIMATED);
    // One piece of 40 characters relayed: 10 tokens, not the 40 the whole reply would cost.
    assertThat(event.usage().outputTokens()).isEqualTo(10);
    assertThat(event.actualCost().nanos()).isPositive();
    assertThat(gateway.accounting().engine().status(Scope.GLOBAL).getFirst().spent())
        .isEqualTo(event.actualCost().nanos());
    Settlement.assertNothingReserved(gateway);
  }

  private String raw(String body) {
    return "POST /v1/chat/completions HTTP/1.1\r\nhost: 127.0.0.1\r\n"
        + "authorization: Bearer "
        + gateway.demoKeySecret().orElseThrow()
        + "\r\ncontent-type: application/json\r\ncontent-length: "
        + body.getBytes(StandardCharsets.UTF_8).length
        + "\r\n\r\n"
        + body;
  }
}

package dev.tollgate.provider.openai;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tollgate.budget.BudgetStatus;
import dev.tollgate.budget.Scope;
import dev.tollgate.config.ConfigLoader;
import dev.tollgate.config.TollgateConfig;
import dev.tollgate.ledger.UsageEvent;
import dev.tollgate.money.Money;
import dev.tollgate.server.Gateway;
import dev.tollgate.testkit.MockOpenAiUpstream;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.ServerSocket;
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
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The gateway in front of {@link MockOpenAiUpstream}, configured as {@code providers: {openai:
 * {api_key_env: TEST_OPENAI_KEY, base_url: <mock>}}} with {@code TEST_OPENAI_KEY=sk-test}.
 */
class OpenAiCompatibleProviderTest {

  private static final ObjectMapper JSON = new ObjectMapper();

  private static final String HELLO =
      "{\"model\":\"gpt-4o-mini\",\"temperature\":0.2,\"metadata\":{\"ticket\":\"T-1\"},"
          + "\"messages\":[{\"role\":\"user\",\"content\":\"Hello\"}]}";

  /**
   * The mock's usage: 1,200 prompt tokens of which 1,000 cached, and 50 completion tokens. At
   * gpt-4o-mini's $0.15 (input), $0.075 (cache read) and $0.60 (output) per 1M: 200 x 0.15 = 30,
   * 1,000 x 0.075 = 75 and 50 x 0.60 = 30 micro-dollars, $0.000135 in all.
   */
  private static final String MOCK_COST = "0.000135";

  @TempDir Path dir;

  private final HttpClient client = HttpClient.newHttpClient();
  private MockOpenAiUpstream mock;
  private Gateway gateway;
  private String key;

  @BeforeEach
  void startMock() {
    mock = MockOpenAiUpstream.start();
  }

  @AfterEach
  void stop() {
    if (gateway != null) {
      gateway.close();
    }
    mock.close();
  }

  private void start(String providers) throws Exception {
    startWith("providers:\n" + providers);
  }

  private void startWith(String yaml) throws Exception {
    Path file = Files.writeString(dir.resolve("tollgate.yaml"), yaml);
    TollgateConfig config =
        ConfigLoader.load(Optional.of(file), Map.of("TEST_OPENAI_KEY", "sk-test"), dir)
            .withServer("127.0.0.1", 0)
            .withDataDir(dir.resolve("data"));
    gateway = Gateway.start(config, InstantSource.system());
    key = gateway.demoKeySecret().orElseThrow();
  }

  private void startOnMock() throws Exception {
    start("  openai: {api_key_env: TEST_OPENAI_KEY, base_url: \"" + mock.baseUrl() + "\"}\n");
  }

  private HttpResponse<String> post(String body) throws Exception {
    HttpRequest request =
        HttpRequest.newBuilder(
                URI.create("http://127.0.0.1:" + gateway.port() + "/v1/chat/completions"))
            .timeout(Duration.ofSeconds(20))
            .header("content-type", "application/json")
            .header("authorization", "Bearer " + key)
            .POST(HttpRequest.BodyPublishers.ofString(body))
            .build();
    return client.send(request, HttpResponse.BodyHandlers.ofString());
  }

  private UsageEvent event(HttpResponse<String> response) {
    return event(response.headers().firstValue("x-tollgate-request-id").orElseThrow());
  }

  private UsageEvent event(String requestId) {
    return gateway.accounting().ledger().event(requestId).orElseThrow();
  }

  private void assertNothingReservedOrLeaked() {
    BudgetStatus global = gateway.accounting().engine().status(Scope.GLOBAL).getFirst();
    assertThat(global.reserved()).isZero();
    assertThat(gateway.accounting().engine().activeReservations()).isZero();
  }

  private void assertReleased(HttpResponse<String> response) {
    UsageEvent event = event(response);
    assertThat(event.outcome()).isEqualTo(UsageEvent.Outcome.ERROR);
    assertThat(event.provider()).isEqualTo("openai");
    assertThat(event.billable()).isFalse();
    assertThat(gateway.accounting().engine().status(Scope.GLOBAL).getFirst().spent()).isZero();
    assertNothingReservedOrLeaked();
  }

  @Test
  void aRequestIsForwardedWithTheKeyAndPricedFromTheUpstreamUsageCachedTokensIncluded()
      throws Exception {
    startOnMock();

    HttpResponse<String> response = post(HELLO);

    assertThat(response.statusCode()).isEqualTo(200);
    MockOpenAiUpstream.Received got = mock.received().getFirst();
    assertThat(got.path()).isEqualTo("/v1/chat/completions");
    assertThat(got.headers()).containsEntry("authorization", "Bearer sk-test");
    assertThat(got.json()).isEqualTo(JSON.readTree(HELLO));
    JsonNode body = JSON.readTree(response.body());
    assertThat(body.at("/choices/0/message/content").asText()).isEqualTo(MockOpenAiUpstream.REPLY);
    assertThat(body.at("/usage/prompt_tokens_details/cached_tokens").asLong()).isEqualTo(1_000);
    assertThat(response.headers().firstValue("x-tollgate-cost-usd")).contains(MOCK_COST);
    UsageEvent event = event(response);
    assertThat(event.provider()).isEqualTo("openai");
    assertThat(event.outcome()).isEqualTo(UsageEvent.Outcome.SUCCESS);
    assertThat(event.actualCost()).isEqualTo(Money.ofUsd(MOCK_COST));
    assertThat(gateway.accounting().engine().status(Scope.GLOBAL).getFirst().spent())
        .isEqualTo(Money.ofUsd(MOCK_COST).nanos());
    assertNothingReservedOrLeaked();
  }

  @Test
  void anOutputBoundCappedByABudgetIsForwarded() throws Exception {
    startWith(
        "providers:\n  openai: {api_key_env: TEST_OPENAI_KEY, base_url: \""
            + mock.baseUrl()
            + "\"}\n"
            + "budgets:\n  define:\n    - {id: tiny, scope: global, limit_usd: 0.001,"
            + " period: daily, cap_output: true, emergency_reserve_percent: 0}\n");

    HttpResponse<String> response = post(HELLO);

    assertThat(response.statusCode()).isEqualTo(200);
    JsonNode sent = mock.received().getFirst().json();
    // $0.001 left at $0.60 per 1M output tokens is about 1,666 tokens, far below the model's
    // 16,384.
    assertThat(sent.get("max_tokens").asLong()).isBetween(1_000L, 1_700L);
    ((com.fasterxml.jackson.databind.node.ObjectNode) sent).remove("max_tokens");
    assertThat(sent).isEqualTo(JSON.readTree(HELLO));
  }

  @Test
  void aProviderPrefixIsStrippedFromTheUpstreamModel() throws Exception {
    startOnMock();

    HttpResponse<String> response =
        post(HELLO.replace("\"gpt-4o-mini\"", "\"openai/gpt-4o-mini\""));

    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(mock.received().getFirst().json().get("model").asText()).isEqualTo("gpt-4o-mini");
  }

  @Test
  void aStreamPassesEveryChunkThroughAndIsMeteredFromTheUsageChunk() throws Exception {
    startOnMock();

    HttpResponse<String> response = post(HELLO.replace("{", "{\"stream\":true,"));

    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(response.headers().firstValue("content-type")).contains("text/event-stream");
    JsonNode sent = mock.received().getFirst().json();
    assertThat(sent.at("/stream_options/include_usage").asBoolean()).isTrue();
    List<String> events =
        response
            .body()
            .lines()
            .filter(l -> l.startsWith("data: "))
            .map(l -> l.substring(6))
            .toList();
    // Role, three pieces, finish reason; the usage chunk the client did not ask for is kept back.
    assertThat(events).hasSize(6).last().isEqualTo("[DONE]");
    StringBuilder text = new StringBuilder();
    for (String e : events.subList(0, 5)) {
      JsonNode chunk = JSON.readTree(e);
      assertThat(chunk.get("object").asText()).isEqualTo("chat.completion.chunk");
      assertThat(chunk.has("usage")).isFalse();
      text.append(chunk.at("/choices/0/delta/content").asText(""));
    }
    assertThat(text).hasToString(MockOpenAiUpstream.REPLY);
    assertThat(response.body()).contains(": x-tollgate-cost-usd " + MOCK_COST);
    UsageEvent event = event(response);
    assertThat(event.provider()).isEqualTo("openai");
    assertThat(event.actualCost()).isEqualTo(Money.ofUsd(MOCK_COST));
    assertNothingReservedOrLeaked();
  }

  @Test
  void aStreamWhoseClientAskedForUsageGetsTheUsageChunk() throws Exception {
    startOnMock();

    HttpResponse<String> response =
        post(HELLO.replace("{", "{\"stream\":true,\"stream_options\":{\"include_usage\":true},"));

    assertThat(response.body()).contains("\"cached_tokens\":1000").contains("data: [DONE]");
    assertThat(event(response).actualCost()).isEqualTo(Money.ofUsd(MOCK_COST));
  }

  @Test
  void aClientThatLeavesMidStreamCutsTheUpstreamAndIsBilledForThePromptAndTheTextRelayed()
      throws Exception {
    startOnMock();
    mock.streamInterval(Duration.ofMillis(300));
    String body = HELLO.replace("{", "{\"stream\":true,");
    String id;
    try (Socket socket = new Socket("127.0.0.1", gateway.port())) {
      socket.setSoTimeout(10_000);
      OutputStream out = socket.getOutputStream();
      out.write(
          ("POST /v1/chat/completions HTTP/1.1\r\nhost: 127.0.0.1\r\n"
                  + "authorization: Bearer "
                  + key
                  + "\r\ncontent-type: application/json\r\ncontent-length: "
                  + body.getBytes(StandardCharsets.UTF_8).length
                  + "\r\n\r\n"
                  + body)
              .getBytes(StandardCharsets.UTF_8));
      out.flush();
      BufferedReader in =
          new BufferedReader(
              new InputStreamReader(socket.getInputStream(), StandardCharsets.UTF_8));
      String requestId = null;
      for (String line = in.readLine(); line != null; line = in.readLine()) {
        if (line.toLowerCase(java.util.Locale.ROOT).startsWith("x-tollgate-request-id:")) {
          requestId = line.substring(line.indexOf(':') + 1).strip();
        }
        if (line.contains("data: ")) {
          break; // The first chunk arrived; now leave.
        }
      }
      id = requestId;
    }
    assertThat(id).isNotNull();

    long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
    // The event is durable first, and the reservation settles only after that (on the request's
    // event loop), so wait for both: the ledger showing the event does not mean it has settled.
    while ((mock.cutStreams() == 0
            || gateway.accounting().ledger().event(id).isEmpty()
            || gateway.accounting().engine().activeReservations() > 0)
        && System.nanoTime() < deadline) {
      Thread.sleep(20);
    }
    assertThat(mock.cutStreams()).isEqualTo(1);
    UsageEvent event = gateway.accounting().ledger().event(id).orElseThrow();
    // The provider bills the prompt it read and what it generated before the cut: recording $0
    // for a cut stream is the metering bug Tollgate exists to avoid. No usage chunk came, so the
    // cost is the input estimate plus the relayed text, marked as an estimate.
    assertThat(event.outcome()).isEqualTo(UsageEvent.Outcome.CANCELLED);
    assertThat(event.provider()).isEqualTo("openai");
    assertThat(event.costState()).isEqualTo(UsageEvent.CostState.ESTIMATED);
    assertThat(event.usage().inputTokens()).isPositive();
    assertThat(event.billable()).isTrue();
    assertThat(event.actualCost().nanos()).isPositive();
    BudgetStatus global = gateway.accounting().engine().status(Scope.GLOBAL).getFirst();
    assertThat(global.spent()).isEqualTo(event.actualCost().nanos());
    assertNothingReservedOrLeaked();
  }

  @Test
  void aSlowReaderPausesTheUpstreamAndStillGetsEveryChunk() throws Exception {
    startOnMock();
    // 10,000 chunks of 8 KB: 80 MB, several times what the socket buffers on the way can hold.
    String piece = "x".repeat(8_192);
    mock.streamPieces(java.util.Collections.nCopies(10_000, piece));
    String body = HELLO.replace("{", "{\"stream\":true,");
    try (Socket socket = new Socket("127.0.0.1", gateway.port())) {
      socket.setSoTimeout(20_000);
      socket.getOutputStream().write(request(body).getBytes(StandardCharsets.UTF_8));
      // The client reads nothing for 3 s: the upstream must be paused, not drained into the
      // gateway's memory (without the pause, the mock sends all 80 MB in well under a second).
      Thread.sleep(3_000);
      assertThat(mock.sawBackpressure()).isTrue();
      assertThat(mock.finishedStreams()).isZero();
      BufferedReader in =
          new BufferedReader(
              new InputStreamReader(socket.getInputStream(), StandardCharsets.UTF_8));
      int content = 0;
      String id = null;
      for (String line = in.readLine(); line != null; line = in.readLine()) {
        if (line.toLowerCase(java.util.Locale.ROOT).startsWith("x-tollgate-request-id:")) {
          id = line.substring(line.indexOf(':') + 1).strip();
        } else if (line.contains(piece)) {
          content++;
        } else if (line.equals("data: [DONE]")) {
          break;
        }
      }
      assertThat(content).isEqualTo(10_000);
      assertThat(event(id).actualCost()).isEqualTo(Money.ofUsd(MOCK_COST));
    }
    assertNothingReservedOrLeaked();
  }

  private String request(String body) {
    return "POST /v1/chat/completions HTTP/1.1\r\nhost: 127.0.0.1\r\n"
        + "authorization: Bearer "
        + key
        + "\r\ncontent-type: application/json\r\ncontent-length: "
        + body.getBytes(StandardCharsets.UTF_8).length
        + "\r\n\r\n"
        + body;
  }

  @Test
  void anUpstream500IsA502CarryingTheUpstreamsErrorAndTheReservationReleased() throws Exception {
    startOnMock();
    mock.failWith(500, "server_error");

    HttpResponse<String> response = post(HELLO);

    // A 500 from Tollgate would mean a bug in Tollgate: the upstream's 500 is a bad gateway.
    assertThat(response.statusCode()).isEqualTo(502);
    assertThat(response.headers().firstValue("x-tollgate-upstream-status")).hasValue("500");
    assertThat(JSON.readTree(response.body()).at("/error/type").asText()).isEqualTo("server_error");
    assertReleased(response);
  }

  @Test
  void aStreamRefusedWith429IsPassedThroughAsJson() throws Exception {
    startOnMock();
    mock.failWith(429, "rate_limit_exceeded");

    HttpResponse<String> response = post(HELLO.replace("{", "{\"stream\":true,"));

    assertThat(response.statusCode()).isEqualTo(429);
    assertThat(response.body()).contains("rate_limit_exceeded");
    assertReleased(response);
  }

  @Test
  void anUpstreamSlowerThanTheTimeoutIsA504() throws Exception {
    start(
        "  openai: {api_key_env: TEST_OPENAI_KEY, timeout_seconds: 1, base_url: \""
            + mock.baseUrl()
            + "\"}\n");
    mock.delay(Duration.ofMillis(2_500));

    HttpResponse<String> response = post(HELLO);

    assertThat(response.statusCode()).isEqualTo(504);
    JsonNode error = JSON.readTree(response.body()).get("error");
    assertThat(error.get("type").asText()).isEqualTo("upstream_timeout");
    assertThat(error.get("message").asText()).contains("1 s").doesNotContain("sk-test");
    assertReleased(response);
  }

  @Test
  void aRefusedConnectionIsA502() throws Exception {
    int closed;
    try (ServerSocket socket = new ServerSocket(0)) {
      closed = socket.getLocalPort();
    }
    start(
        "  openai: {api_key_env: TEST_OPENAI_KEY, base_url: \"http://127.0.0.1:"
            + closed
            + "/v1\"}\n");

    HttpResponse<String> response = post(HELLO);

    assertThat(response.statusCode()).isEqualTo(502);
    assertThat(JSON.readTree(response.body()).at("/error/type").asText())
        .isEqualTo("upstream_error");
    assertReleased(response);
  }

  @Test
  void aModelWhoseProviderIsNotConfiguredIsA400NamingTheVariable() throws Exception {
    startOnMock();

    HttpResponse<String> response = post(HELLO.replace("gpt-4o-mini", "claude-sonnet-4-5"));

    assertThat(response.statusCode()).isEqualTo(400);
    String message = JSON.readTree(response.body()).at("/error/message").asText();
    assertThat(message)
        .contains("claude-sonnet-4-5")
        .contains("no provider serving anthropic is configured")
        .contains("ANTHROPIC_API_KEY");
    assertThat(mock.received()).isEmpty();
  }
}

package dev.tollgate.provider.anthropic;

import static org.assertj.core.api.Assertions.assertThat;

import com.anthropic.core.http.HttpResponseFor;
import com.anthropic.core.http.StreamResponse;
import com.anthropic.helpers.MessageAccumulator;
import com.anthropic.models.messages.Message;
import com.anthropic.models.messages.MessageCreateParams;
import com.anthropic.models.messages.RawMessageStreamEvent;
import com.anthropic.models.messages.StopReason;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tollgate.ledger.UsageEvent;
import dev.tollgate.money.Money;
import dev.tollgate.testkit.MockAnthropicUpstream;
import dev.tollgate.testkit.MockUpstream.Received;
import dev.tollgate.translate.TwoUpstreams;
import dev.tollgate.usage.UsageKind;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The gateway in front of {@link MockAnthropicUpstream} as a native {@code kind: anthropic} entry:
 * the official Anthropic SDK and raw HTTP on {@code /v1/messages}.
 */
class AnthropicProviderTest {

  private static final ObjectMapper JSON = new ObjectMapper();

  /**
   * The mock's usage at claude-sonnet-4-5's prices per 1M tokens: 1,000 input at $3, 2,000 cache
   * writes (5 minutes) at $3.75, 3,000 cache reads at $0.30 and 50 output at $15 are 3,000 + 7,500
   * + 900 + 750 micro-dollars: $0.01215. Priced as OpenAI's usage would say it (6,000 prompt tokens
   * of which 3,000 cached), the cache writes would cost $0.006 instead of $0.0075.
   */
  static final Money SONNET_COST = Money.ofUsd("0.01215");

  private static final String HELLO =
      "{\"model\":\"claude-sonnet-4-5\",\"max_tokens\":256,"
          + "\"messages\":[{\"role\":\"user\",\"content\":\"Hello\"}]}";

  @TempDir Path dir;

  private final TwoUpstreams env = new TwoUpstreams();

  @AfterEach
  void stop() {
    env.close();
  }

  private static MessageCreateParams hello() {
    return MessageCreateParams.builder()
        .model("claude-sonnet-4-5")
        .maxTokens(256)
        .system("Be brief.")
        .addUserMessage("Hello")
        .putAdditionalHeader("anthropic-beta", "prompt-caching-2024-07-31")
        .build();
  }

  @Test
  void theSdkGetsTheUpstreamMessageAndTheLedgerPricesItsCacheWritesAndReadsExactly()
      throws Exception {
    env.start(dir, "");

    HttpResponseFor<Message> raw = env.anthropicSdk().messages().withRawResponse().create(hello());
    Message message = raw.parse();

    assertThat(message.content().getFirst().asText().text()).isEqualTo(MockAnthropicUpstream.REPLY);
    assertThat(message.stopReason()).contains(StopReason.END_TURN);
    assertThat(message.usage().cacheCreationInputTokens()).contains(2_000L);
    Received got = env.anthropic.received().getFirst();
    assertThat(got.path()).isEqualTo("/v1/messages");
    assertThat(got.headers())
        .containsEntry("x-api-key", "sk-ant-test")
        .containsEntry("anthropic-version", "2023-06-01")
        .containsEntry("anthropic-beta", "prompt-caching-2024-07-31")
        .doesNotContainKey("authorization");
    assertThat(got.json().get("system").asText()).isEqualTo("Be brief.");
    assertThat(got.body()).doesNotContain("x_tollgate");
    UsageEvent event = env.event(raw.headers().values("x-tollgate-request-id").getFirst());
    assertThat(event.provider()).isEqualTo("anthropic");
    assertThat(event.usage().count(UsageKind.CACHE_WRITE_5M)).isEqualTo(2_000);
    assertThat(event.usage().count(UsageKind.CACHE_READ)).isEqualTo(3_000);
    assertThat(event.actualCost()).isEqualTo(SONNET_COST);
    assertThat(raw.headers().values("x-tollgate-cost-usd")).containsExactly("0.01215");
    assertThat(raw.headers().values("x-tollgate-model")).containsExactly("claude-sonnet-4-5");
    env.assertSpentExactly(SONNET_COST.nanos());
  }

  @Test
  void theSdkStreamsTheUpstreamEventsAndTheStreamIsPricedExactly() throws Exception {
    env.start(dir, "");
    MessageAccumulator accumulator = MessageAccumulator.create();

    try (StreamResponse<RawMessageStreamEvent> stream =
        env.anthropicSdk().messages().createStreaming(hello())) {
      stream.stream().forEach(accumulator::accumulate);
    }

    Message message = accumulator.message();
    assertThat(message.content().getFirst().asText().text()).isEqualTo(MockAnthropicUpstream.REPLY);
    assertThat(message.usage().outputTokens()).isEqualTo(50);
    assertThat(env.anthropic.received().getFirst().json().get("stream").asBoolean()).isTrue();
    assertThat(env.anthropic.finishedStreams()).isEqualTo(1);
    env.assertSpentExactly(SONNET_COST.nanos());
  }

  @Test
  void aProviderPrefixIsStrippedFromTheUpstreamModel() throws Exception {
    env.start(dir, "");

    HttpResponse<String> response =
        env.post("/v1/messages", HELLO.replace("claude-sonnet", "anthropic/claude-sonnet"));

    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(env.anthropic.received().getFirst().json().get("model").asText())
        .isEqualTo("claude-sonnet-4-5");
  }

  @Test
  void countTokensIsAskedOfAnthropicForClaudeAndEstimatedForOtherModels() throws Exception {
    env.start(dir, "");
    env.anthropic.usage(4_321, 0, 0, 1);
    String count =
        "{\"model\":\"claude-sonnet-4-5\",\"messages\":[{\"role\":\"user\",\"content\":\"Hello\"}]}";

    HttpResponse<String> claude =
        env.post("/v1/messages/count_tokens", count, "anthropic-beta", "token-counting-2024-11-01");
    HttpResponse<String> gpt =
        env.post("/v1/messages/count_tokens", count.replace("claude-sonnet-4-5", "gpt-4o-mini"));

    assertThat(claude.statusCode()).isEqualTo(200);
    assertThat(JSON.readTree(claude.body()).get("input_tokens").asLong()).isEqualTo(4_321);
    Received got = env.anthropic.received().getFirst();
    assertThat(got.path()).isEqualTo("/v1/messages/count_tokens");
    assertThat(got.headers())
        .containsEntry("x-api-key", "sk-ant-test")
        .containsEntry("anthropic-beta", "token-counting-2024-11-01");
    // "Hello": ceil(5/4) = 2, + 4 for the message + 3 for the reply.
    assertThat(JSON.readTree(gpt.body()).get("input_tokens").asLong()).isEqualTo(9);
    assertThat(env.openai.received()).isEmpty();
    env.assertSpentExactly(0);
  }

  @Test
  void anOverloadedUpstreamIsPassedThroughAndTheReservationReleased() throws Exception {
    env.start(dir, "");
    env.anthropic.failWith(529, "overloaded_error");

    HttpResponse<String> plain = env.post("/v1/messages", HELLO);
    HttpResponse<String> stream = env.post("/v1/messages", HELLO.replace("{", "{\"stream\":true,"));

    for (HttpResponse<String> response : java.util.List.of(plain, stream)) {
      assertThat(response.statusCode()).isEqualTo(529);
      assertThat(JSON.readTree(response.body()).at("/error/type").asText())
          .isEqualTo("overloaded_error");
      assertThat(env.event(response).billable()).isFalse();
    }
    env.assertSpentExactly(0);
  }

  @Test
  void anErrorEventMidStreamEndsTheClientsStreamWithItAndIsBilledAsAnEstimate() throws Exception {
    env.start(dir, "");
    env.anthropic.errorEventAfter(4, "overloaded_error");

    HttpResponse<String> response =
        env.post("/v1/messages", HELLO.replace("{", "{\"stream\":true,"));

    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(response.body())
        .contains("event: message_start", "\"text\":\"Hello \"")
        .contains("event: error")
        .contains("overloaded_error")
        .doesNotContain("message_stop");
    assertCutStreamBilled(env.event(response), UsageEvent.Outcome.ERROR);
  }

  @Test
  void anUpstreamThatDropsTheConnectionMidStreamIsBilledAsAnEstimate() throws Exception {
    env.start(dir, "");
    env.anthropic.cutAfter(5);

    HttpResponse<String> response =
        env.post("/v1/messages", HELLO.replace("{", "{\"stream\":true,"));

    assertThat(response.body()).contains("\"text\":\"Hello \"").contains("event: error");
    assertCutStreamBilled(env.event(response), UsageEvent.Outcome.ERROR);
  }

  @Test
  void aClientThatLeavesMidStreamCutsTheUpstreamAndIsBilledAsAnEstimate() throws Exception {
    env.start(dir, "");
    env.anthropic.streamInterval(Duration.ofMillis(300));
    String id = null;
    try (Socket socket = streamOverSocket()) {
      BufferedReader in =
          new BufferedReader(
              new InputStreamReader(socket.getInputStream(), StandardCharsets.UTF_8));
      for (String line = in.readLine(); line != null; line = in.readLine()) {
        if (line.toLowerCase(Locale.ROOT).startsWith("x-tollgate-request-id:")) {
          id = line.substring(line.indexOf(':') + 1).strip();
        }
        if (line.contains("text_delta")) {
          break; // Some text arrived; now leave.
        }
      }
    }
    assertThat(id).isNotNull();
    long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
    // The event is durable before the reservation settles (post-hooks run in reverse): wait for
    // both.
    while ((env.anthropic.cutStreams() == 0
            || env.gateway().accounting().ledger().event(id).isEmpty()
            || env.gateway().accounting().engine().activeReservations() > 0)
        && System.nanoTime() < deadline) {
      Thread.sleep(20);
    }
    assertThat(env.anthropic.cutStreams()).isEqualTo(1);
    assertCutStreamBilled(env.event(id), UsageEvent.Outcome.CANCELLED);
  }

  @Test
  void aSlowReaderPausesTheUpstreamAndStillGetsEveryEvent() throws Exception {
    env.start(dir, "");
    // 5,000 deltas of 8 KB: 40 MB, several times what the socket buffers on the way can hold.
    String piece = "x".repeat(8_192);
    env.anthropic.text(java.util.Collections.nCopies(5_000, piece));
    try (Socket socket = streamOverSocket()) {
      // The client reads nothing for 3 s: the upstream must be paused, not drained into memory.
      Thread.sleep(3_000);
      assertThat(env.anthropic.sawBackpressure()).isTrue();
      assertThat(env.anthropic.finishedStreams()).isZero();
      BufferedReader in =
          new BufferedReader(
              new InputStreamReader(socket.getInputStream(), StandardCharsets.UTF_8));
      int deltas = 0;
      for (String line = in.readLine(); line != null; line = in.readLine()) {
        if (line.contains(piece)) {
          deltas++;
        } else if (line.contains("message_stop")) {
          break;
        }
      }
      assertThat(deltas).isEqualTo(5_000);
    }
    env.assertSpentExactly(SONNET_COST.nanos());
  }

  /** A raw socket that has asked for {@link #HELLO} streamed, to read (or not) as a test likes. */
  private Socket streamOverSocket() throws java.io.IOException {
    String body = HELLO.replace("{", "{\"stream\":true,");
    Socket socket = new Socket("127.0.0.1", env.gateway().port());
    socket.setSoTimeout(20_000);
    OutputStream out = socket.getOutputStream();
    out.write(
        ("POST /v1/messages HTTP/1.1\r\nhost: 127.0.0.1\r\nx-api-key: "
                + env.gateway().demoKeySecret().orElseThrow()
                + "\r\ncontent-type: application/json\r\ncontent-length: "
                + body.getBytes(StandardCharsets.UTF_8).length
                + "\r\n\r\n"
                + body)
            .getBytes(StandardCharsets.UTF_8));
    out.flush();
    return socket;
  }

  private void assertCutStreamBilled(UsageEvent event, UsageEvent.Outcome outcome) {
    assertThat(event.outcome()).isEqualTo(outcome);
    assertThat(event.provider()).isEqualTo("anthropic");
    assertThat(event.costState()).isEqualTo(UsageEvent.CostState.ESTIMATED);
    assertThat(event.usage().count(UsageKind.OUTPUT)).isPositive();
    assertThat(event.actualCost().nanos()).isPositive();
    env.assertSpentExactly(event.actualCost().nanos());
  }

  @Test
  void anUpstreamSlowerThanTheTimeoutIsA504() throws Exception {
    env.startWith(
        dir,
        "  anthropic: {api_key_env: TEST_ANTHROPIC_KEY, timeout_seconds: 1, base_url: \""
            + env.anthropic.baseUrl()
            + "\"}\n",
        "");
    env.anthropic.delay(Duration.ofMillis(2_500));

    HttpResponse<String> slow = env.post("/v1/messages", HELLO);

    assertThat(slow.statusCode()).isEqualTo(504);
    JsonNode error = JSON.readTree(slow.body());
    assertThat(error.get("type").asText()).isEqualTo("error");
    assertThat(error.at("/error/type").asText()).isEqualTo("timeout_error");
    assertThat(error.at("/error/message").asText()).contains("1 s").doesNotContain("sk-ant");
    env.assertSpentExactly(0);
  }

  @Test
  void anUnreachableUpstreamIsA502() throws Exception {
    int closed;
    try (ServerSocket socket = new ServerSocket(0)) {
      closed = socket.getLocalPort();
    }
    env.startWith(
        dir,
        "  anthropic: {api_key_env: TEST_ANTHROPIC_KEY, base_url: \"http://127.0.0.1:"
            + closed
            + "\"}\n",
        "");

    HttpResponse<String> down = env.post("/v1/messages", HELLO);

    assertThat(down.statusCode()).isEqualTo(502);
    assertThat(JSON.readTree(down.body()).at("/error/message").asText())
        .contains("could not be reached");
    env.assertSpentExactly(0);
  }
}

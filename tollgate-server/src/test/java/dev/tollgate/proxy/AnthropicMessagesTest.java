package dev.tollgate.proxy;

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
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Black-box: the real gateway on a random port, driven over HTTP like any Anthropic client. */
class AnthropicMessagesTest {

  private static final ObjectMapper JSON = new ObjectMapper();

  private static final String HELLO =
      """
      {"model":"claude-3-5-haiku","max_tokens":1024,"system":"Be brief.",
       "messages":[{"role":"user","content":[{"type":"text","text":"Hello"}]}]}""";

  // Input: "Hello" is 5 chars -> ceil(5/4) = 2, + 4 for the message + 3 for the reply = 9;
  // the system "Be brief." is 9 chars -> ceil(9/4) = 3, + 4 as a message = 7; together 16.
  // Output: "This is Tollgate's simulated provider. You said: Hello" is 54 chars -> 14.
  // claude-3-5-haiku: $0.8 / 1M input, $4 / 1M output.
  // 16 x 0.8 = 12.8 and 14 x 4 = 56 micro-dollars: $0.0000688.
  private static final String COST = "0.0000688";

  @TempDir Path dir;

  private final HttpClient client =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
  private Gateway gateway;
  private String key;

  @AfterEach
  void stop() {
    if (gateway != null) {
      gateway.close();
    }
  }

  private void start(Map<String, String> env) throws Exception {
    TollgateConfig config =
        ConfigLoader.load(Optional.empty(), env, dir)
            .withServer("127.0.0.1", 0)
            .withDataDir(dir.resolve("data"));
    gateway = Gateway.start(config, InstantSource.system());
    key = gateway.demoKeySecret().orElseThrow();
  }

  private HttpResponse<String> post(String path, String body, String... headers) throws Exception {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + gateway.port() + path))
            .timeout(Duration.ofSeconds(10))
            .header("content-type", "application/json")
            .header("anthropic-version", "2023-06-01")
            .POST(HttpRequest.BodyPublishers.ofString(body));
    if (headers.length > 0) {
      request.headers(headers);
    }
    return client.send(request.build(), HttpResponse.BodyHandlers.ofString());
  }

  private HttpResponse<String> messages(String body) throws Exception {
    return post("/v1/messages", body, "x-api-key", key);
  }

  private static JsonNode error(HttpResponse<String> response) throws Exception {
    JsonNode body = JSON.readTree(response.body());
    assertThat(body.get("type").asText()).isEqualTo("error");
    return body.get("error");
  }

  @Test
  void aClaudeModelGetsAPricedAnthropicAnswerThatIsInTheLedgerAndTheBudget() throws Exception {
    start(Map.of());

    HttpResponse<String> response = messages(HELLO);

    assertThat(response.statusCode()).isEqualTo(200);
    JsonNode body = JSON.readTree(response.body());
    assertThat(body.get("id").asText()).startsWith("msg_");
    assertThat(body.get("type").asText()).isEqualTo("message");
    assertThat(body.get("role").asText()).isEqualTo("assistant");
    assertThat(body.get("model").asText()).isEqualTo("claude-3-5-haiku");
    assertThat(body.at("/content/0/type").asText()).isEqualTo("text");
    assertThat(body.at("/content/0/text").asText())
        .isEqualTo("This is Tollgate's simulated provider. You said: Hello");
    assertThat(body.get("stop_reason").asText()).isEqualTo("end_turn");
    assertThat(body.get("stop_sequence").isNull()).isTrue();
    assertThat(body.at("/usage/input_tokens").asLong()).isEqualTo(16);
    assertThat(body.at("/usage/output_tokens").asLong()).isEqualTo(14);
    assertThat(body.at("/usage/cache_creation_input_tokens").asLong()).isZero();
    assertThat(body.at("/usage/cache_read_input_tokens").asLong()).isZero();
    assertThat(response.headers().firstValue("x-tollgate-cost-usd")).contains(COST);
    assertThat(response.headers().firstValue("x-tollgate-model")).contains("claude-3-5-haiku");
    String id = response.headers().firstValue("x-tollgate-request-id").orElseThrow();

    UsageEvent event = gateway.accounting().ledger().event(id).orElseThrow();
    assertThat(event.actualCost()).isEqualTo(Money.ofUsd(COST));
    assertThat(event.costState()).isEqualTo(UsageEvent.CostState.EXACT);
    assertThat(event.outcome()).isEqualTo(UsageEvent.Outcome.SUCCESS);
    assertThat(event.who().virtualKey()).isEqualTo("demo");
    assertThat(event.provider()).isEqualTo("simulated");
    assertThat(event.modelUsed()).isEqualTo("claude-3-5-haiku");
    BudgetStatus global = gateway.accounting().engine().status(Scope.GLOBAL).getFirst();
    assertThat(global.spent()).isEqualTo(Money.ofUsd(COST).nanos());
    assertThat(global.reserved()).isZero();
    assertThat(gateway.accounting().engine().activeReservations()).isZero();
  }

  @Test
  void aBearerKeyWorksAndMetadataUserIdIsTheEndUser() throws Exception {
    start(Map.of());
    String body = HELLO.replace("{\"model\"", "{\"metadata\":{\"user_id\":\"alice\"},\"model\"");

    HttpResponse<String> response = post("/v1/messages", body, "authorization", "Bearer " + key);

    assertThat(response.statusCode()).isEqualTo(200);
    String id = response.headers().firstValue("x-tollgate-request-id").orElseThrow();
    assertThat(gateway.accounting().ledger().event(id).orElseThrow().who().endUser())
        .isEqualTo("alice");
  }

  @Test
  void maxTokensCutsTheReplyWithStopReasonMaxTokens() throws Exception {
    start(Map.of());

    JsonNode body = JSON.readTree(messages(HELLO.replace("1024", "5")).body());

    assertThat(body.get("stop_reason").asText()).isEqualTo("max_tokens");
    assertThat(body.at("/usage/output_tokens").asLong()).isEqualTo(5);
    assertThat(body.at("/content/0/text").asText()).hasSize(20);
  }

  @Test
  void aMissingMaxTokensIsA400InAnthropicShapeNamingIt() throws Exception {
    start(Map.of());

    HttpResponse<String> response = messages(HELLO.replace("\"max_tokens\":1024,", ""));

    assertThat(response.statusCode()).isEqualTo(400);
    JsonNode error = error(response);
    assertThat(error.get("type").asText()).isEqualTo("invalid_request_error");
    assertThat(error.get("message").asText()).isEqualTo("max_tokens: Field required");
    assertThat(gateway.accounting().engine().activeReservations()).isZero();
  }

  @Test
  void aBadKeyIsA401AuthenticationError() throws Exception {
    start(Map.of());

    HttpResponse<String> response = post("/v1/messages", HELLO, "x-api-key", "tg-nope");

    assertThat(response.statusCode()).isEqualTo(401);
    assertThat(error(response).get("type").asText()).isEqualTo("authentication_error");
    assertThat(post("/v1/messages", HELLO).statusCode()).isEqualTo(401);
  }

  @Test
  void anUnknownModelIsA404NotFoundError() throws Exception {
    start(Map.of());

    HttpResponse<String> response = messages(HELLO.replace("claude-3-5-haiku", "claude-nope-9"));

    assertThat(response.statusCode()).isEqualTo(404);
    JsonNode error = error(response);
    assertThat(error.get("type").asText()).isEqualTo("not_found_error");
    assertThat(error.get("message").asText()).contains("claude-nope-9");
  }

  @Test
  void anExhaustedBudgetIsA402BudgetExceededWithRetryAfter() throws Exception {
    // $0.000001 a day: 1,024 output tokens at $4 / 1M alone are $0.004096.
    start(Map.of("DAILY_BUDGET", "0.000001"));

    HttpResponse<String> response = messages(HELLO);

    assertThat(response.statusCode()).isEqualTo(402);
    JsonNode error = error(response);
    assertThat(error.get("type").asText()).isEqualTo("budget_exceeded");
    assertThat(error.get("message").asText()).isNotBlank();
    long retry = Long.parseLong(response.headers().firstValue("retry-after").orElseThrow());
    assertThat(retry).isBetween(1L, 86_400L);
    assertThat(gateway.accounting().engine().activeReservations()).isZero();
  }

  /** The (event name, data) pairs of an SSE body, and its comments as ("", comment). */
  private static List<Map.Entry<String, JsonNode>> events(String sse) throws Exception {
    List<Map.Entry<String, JsonNode>> events = new ArrayList<>();
    for (String block : sse.split("\n\n")) {
      if (block.startsWith(":")) {
        events.add(Map.entry("", JSON.getNodeFactory().textNode(block.substring(1).strip())));
        continue;
      }
      String[] lines = block.split("\n");
      assertThat(lines[0]).startsWith("event: ");
      assertThat(lines[1]).startsWith("data: ");
      String name = lines[0].substring(7);
      JsonNode data = JSON.readTree(lines[1].substring(6));
      assertThat(data.get("type").asText()).isEqualTo(name);
      events.add(Map.entry(name, data));
    }
    return events;
  }

  @Test
  void aStreamSendsAnthropicsEventsAndIsMeteredBeforeMessageStop() throws Exception {
    start(Map.of());

    HttpResponse<String> response = messages(HELLO.replace("{", "{\"stream\":true,"));

    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(response.headers().firstValue("content-type")).contains("text/event-stream");
    List<Map.Entry<String, JsonNode>> events = events(response.body());
    assertThat(events.stream().map(Map.Entry::getKey))
        .containsExactly(
            "message_start",
            "content_block_start",
            "ping",
            "content_block_delta",
            "content_block_delta",
            "content_block_delta",
            "content_block_stop",
            "message_delta",
            "",
            "",
            "message_stop");
    JsonNode start = events.get(0).getValue().get("message");
    assertThat(start.get("id").asText()).startsWith("msg_");
    assertThat(start.get("content")).isEmpty();
    assertThat(start.get("stop_reason").isNull()).isTrue();
    assertThat(start.at("/usage/input_tokens").asLong()).isEqualTo(16);
    StringBuilder text = new StringBuilder();
    for (Map.Entry<String, JsonNode> e : events) {
      if (e.getKey().equals("content_block_delta")) {
        assertThat(e.getValue().at("/delta/type").asText()).isEqualTo("text_delta");
        text.append(e.getValue().at("/delta/text").asText());
      }
    }
    assertThat(text).hasToString("This is Tollgate's simulated provider. You said: Hello");
    JsonNode delta = events.get(7).getValue();
    assertThat(delta.at("/delta/stop_reason").asText()).isEqualTo("end_turn");
    assertThat(delta.at("/usage/output_tokens").asLong()).isEqualTo(14);
    assertThat(events.get(8).getValue().asText()).isEqualTo("x-tollgate-cost-usd " + COST);
    // The default global budget is the only one, so it is the tightest.
    BudgetStatus global = gateway.accounting().engine().status(Scope.GLOBAL).getFirst();
    assertThat(events.get(9).getValue().asText())
        .isEqualTo(
            "x-tollgate-budget-remaining-usd "
                + Money.ofNanos(global.remaining()).toUsd().toPlainString());
    String id = response.headers().firstValue("x-tollgate-request-id").orElseThrow();
    UsageEvent event = gateway.accounting().ledger().event(id).orElseThrow();
    assertThat(event.actualCost()).isEqualTo(Money.ofUsd(COST));
    assertThat(event.costState()).isEqualTo(UsageEvent.CostState.EXACT);
    assertThat(gateway.accounting().engine().status(Scope.GLOBAL).getFirst().reserved()).isZero();
  }

  @Test
  void countTokensUsesTheEstimatorAndIsNeitherMeteredNorReserved() throws Exception {
    start(Map.of());
    String body = HELLO.replace("\"max_tokens\":1024,", "");

    HttpResponse<String> response = post("/v1/messages/count_tokens", body, "x-api-key", key);

    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(JSON.readTree(response.body()).get("input_tokens").asLong()).isEqualTo(16);
    assertThat(response.headers().firstValue("x-tollgate-cost-usd")).isEmpty();
    String id = response.headers().firstValue("x-tollgate-request-id").orElseThrow();
    assertThat(gateway.accounting().ledger().event(id)).isEmpty();
    assertThat(gateway.accounting().engine().status(Scope.GLOBAL).getFirst().spent()).isZero();
    HttpResponse<String> anonymous = post("/v1/messages/count_tokens", body);
    assertThat(anonymous.statusCode()).isEqualTo(401);
    assertThat(error(anonymous).get("type").asText()).isEqualTo("authentication_error");
  }
}

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
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.InstantSource;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Black-box: the real gateway on a random port, driven over HTTP like any OpenAI client. */
class ChatCompletionsTest {

  private static final ObjectMapper JSON = new ObjectMapper();

  private static final String HELLO =
      "{\"model\":\"gpt-4o-mini\",\"messages\":[{\"role\":\"user\",\"content\":\"Hello\"}]}";

  @TempDir Path dir;

  private final HttpClient client =
      HttpClient.newBuilder()
          .version(HttpClient.Version.HTTP_1_1)
          .connectTimeout(Duration.ofSeconds(5))
          .build();
  private Gateway gateway;
  private String key;

  @AfterEach
  void stop() {
    if (gateway != null) {
      gateway.close();
    }
  }

  private void start(String yaml, Map<String, String> env) throws Exception {
    Optional<Path> file =
        yaml == null
            ? Optional.empty()
            : Optional.of(Files.writeString(dir.resolve("tollgate.yaml"), yaml));
    TollgateConfig config =
        ConfigLoader.load(file, env, dir)
            .withServer("127.0.0.1", 0)
            .withDataDir(dir.resolve("data"));
    gateway = Gateway.start(config, InstantSource.system());
    key = gateway.demoKeySecret().orElseThrow();
  }

  private HttpResponse<String> post(String body, String... headers) throws Exception {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(
                URI.create("http://127.0.0.1:" + gateway.port() + "/v1/chat/completions"))
            .timeout(Duration.ofSeconds(10))
            .header("content-type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofString(body));
    if (headers.length > 0) {
      request.headers(headers);
    }
    return client.send(request.build(), HttpResponse.BodyHandlers.ofString());
  }

  private HttpResponse<String> postWithKey(String body) throws Exception {
    return post(body, "authorization", "Bearer " + key);
  }

  @Test
  void theDemoKeyGetsAPricedOpenAiAnswerThatIsInTheLedgerAndTheBudget() throws Exception {
    start(null, Map.of());

    HttpResponse<String> response = postWithKey(HELLO);

    assertThat(response.statusCode()).isEqualTo(200);
    JsonNode body = JSON.readTree(response.body());
    assertThat(body.get("id").asText()).startsWith("chatcmpl-");
    assertThat(body.get("object").asText()).isEqualTo("chat.completion");
    assertThat(body.get("model").asText()).isEqualTo("gpt-4o-mini");
    assertThat(body.at("/choices/0/message/role").asText()).isEqualTo("assistant");
    assertThat(body.at("/choices/0/message/content").asText())
        .isEqualTo("This is Tollgate's simulated provider. You said: Hello");
    assertThat(body.at("/choices/0/finish_reason").asText()).isEqualTo("stop");
    // Prompt: "Hello" is 5 chars -> ceil(5/4) = 2, + 4 for the message + 3 for the reply = 9.
    // Completion: the reply is 49 + 5 = 54 chars -> ceil(54/4) = 14.
    assertThat(body.at("/usage/prompt_tokens").asLong()).isEqualTo(9);
    assertThat(body.at("/usage/completion_tokens").asLong()).isEqualTo(14);
    assertThat(body.at("/usage/total_tokens").asLong()).isEqualTo(23);
    assertThat(body.at("/usage/prompt_tokens_details/cached_tokens").asLong()).isZero();
    assertThat(body.at("/usage/completion_tokens_details/reasoning_tokens").asLong()).isZero();
    // gpt-4o-mini: $0.15 / 1M input, $0.60 / 1M output.
    // 9 x 0.15 = 1.35 and 14 x 0.60 = 8.40 micro-dollars: $0.00000975.
    assertThat(response.headers().firstValue("x-tollgate-cost-usd")).contains("0.00000975");
    assertThat(response.headers().firstValue("x-tollgate-model")).contains("gpt-4o-mini");
    String id = response.headers().firstValue("x-tollgate-request-id").orElseThrow();

    UsageEvent event = gateway.accounting().ledger().event(id).orElseThrow();
    assertThat(event.actualCost()).isEqualTo(Money.ofUsd("0.00000975"));
    assertThat(event.outcome()).isEqualTo(UsageEvent.Outcome.SUCCESS);
    assertThat(event.who().virtualKey()).isEqualTo("demo");
    assertThat(event.who().team()).isEqualTo("demo");
    assertThat(event.provider()).isEqualTo("simulated");
    assertThat(event.modelUsed()).isEqualTo("gpt-4o-mini");
    BudgetStatus global = gateway.accounting().engine().status(Scope.GLOBAL).getFirst();
    assertThat(global.spent()).isEqualTo(Money.ofUsd("0.00000975").nanos());
    assertThat(global.reserved()).isZero();
    assertThat(gateway.accounting().engine().activeReservations()).isZero();
  }

  @Test
  void xApiKeyWorksAndTheEndUserAndTagsAreAttributed() throws Exception {
    start(null, Map.of());
    String body =
        "{\"model\":\"gpt-4o-mini\",\"user\":\"alice\",\"messages\":[{\"role\":\"user\",\"content\":\"Hi\"}]}";

    HttpResponse<String> response = post(body, "x-api-key", key, "x-tollgate-tags", "a, b");

    assertThat(response.statusCode()).isEqualTo(200);
    String id = response.headers().firstValue("x-tollgate-request-id").orElseThrow();
    UsageEvent event = gateway.accounting().ledger().event(id).orElseThrow();
    assertThat(event.who().endUser()).isEqualTo("alice");
    assertThat(event.who().tags()).containsExactly("a", "b");
  }

  @Test
  void aBadKeyIsA401InOpenAiShape() throws Exception {
    start(null, Map.of());

    HttpResponse<String> response = post(HELLO, "authorization", "Bearer tg-nope");

    assertThat(response.statusCode()).isEqualTo(401);
    JsonNode error = JSON.readTree(response.body()).get("error");
    assertThat(error.get("type").asText()).isEqualTo("invalid_request_error");
    assertThat(error.get("code").asText()).isEqualTo("invalid_api_key");
    assertThat(error.get("param").isNull()).isTrue();
    assertThat(post(HELLO).statusCode()).isEqualTo(401);
  }

  @Test
  void anUnknownModelIsA404NamingIt() throws Exception {
    start(null, Map.of());

    HttpResponse<String> response = postWithKey(HELLO.replace("gpt-4o-mini", "no-such-model-9"));

    assertThat(response.statusCode()).isEqualTo(404);
    JsonNode error = JSON.readTree(response.body()).get("error");
    assertThat(error.get("code").asText()).isEqualTo("model_not_found");
    assertThat(error.get("message").asText()).contains("no-such-model-9");
    assertThat(gateway.accounting().engine().activeReservations()).isZero();
  }

  @Test
  void anExhaustedBudgetIsA402WithTheReasonAndRetryAfter() throws Exception {
    // $0.000001 a day: not even the input of "Hello" plus 4,096 output tokens fits.
    start(null, Map.of("DAILY_BUDGET", "0.000001"));

    HttpResponse<String> response = postWithKey(HELLO);

    assertThat(response.statusCode()).isEqualTo(402);
    JsonNode error = JSON.readTree(response.body()).get("error");
    assertThat(error.get("type").asText()).isEqualTo("budget_exceeded");
    assertThat(error.get("code").asText()).isEqualTo("budget_exceeded");
    assertThat(error.get("message").asText()).isNotBlank();
    long retry = Long.parseLong(response.headers().firstValue("retry-after").orElseThrow());
    assertThat(retry).isBetween(1L, 86_400L);
    assertThat(gateway.accounting().engine().activeReservations()).isZero();
    // The denial is in the ledger for reports, and counts against nothing.
    String id = response.headers().firstValue("x-tollgate-request-id").orElseThrow();
    // The denial is appended without waiting for the disk: poll for it briefly.
    java.util.Optional<dev.tollgate.ledger.UsageEvent> found = java.util.Optional.empty();
    for (int i = 0; i < 100 && found.isEmpty(); i++) {
      found = gateway.accounting().ledger().event(id);
      if (found.isEmpty()) {
        Thread.sleep(50);
      }
    }
    dev.tollgate.ledger.UsageEvent denied = found.orElseThrow();
    assertThat(denied.outcome()).isEqualTo(dev.tollgate.ledger.UsageEvent.Outcome.DENIED);
    assertThat(denied.billable()).isFalse();
    assertThat(denied.who().virtualKey()).isNotEmpty();
    assertThat(gateway.accounting().engine().status("global-daily").spent()).isZero();
  }

  @Test
  void malformedInputIsA400NamingTheProblem() throws Exception {
    start(null, Map.of());

    HttpResponse<String> invalid = postWithKey("{\"model\": ");
    assertThat(invalid.statusCode()).isEqualTo(400);
    assertThat(JSON.readTree(invalid.body()).at("/error/message").asText())
        .contains("not valid JSON");

    HttpResponse<String> noMessages = postWithKey("{\"model\":\"gpt-4o-mini\"}");
    assertThat(noMessages.statusCode()).isEqualTo(400);
    assertThat(JSON.readTree(noMessages.body()).at("/error/param").asText()).isEqualTo("messages");

    HttpResponse<String> badModel = postWithKey(HELLO.replace("\"gpt-4o-mini\"", "42"));
    assertThat(badModel.statusCode()).isEqualTo(400);
    assertThat(JSON.readTree(badModel.body()).at("/error/param").asText()).isEqualTo("model");

    HttpResponse<String> negative = postWithKey(HELLO.replace("{", "{\"max_tokens\":-1,"));
    assertThat(negative.statusCode()).isEqualTo(400);
    assertThat(JSON.readTree(negative.body()).at("/error/param").asText()).isEqualTo("max_tokens");
  }

  @Test
  void maxTokensAboveWhatAHardCappedBudgetAffordsIsCapped() throws Exception {
    // Input 8 tokens (o200k: 3 + "user" 1 + "Hello" 1 + 3) x $0.15/1M = 1.2 µ$; each output token
    // 0.6 µ$. A $0.000005 budget with a 0% reserve affords floor((5 - 1.2) / 0.6) = 6 output
    // tokens, far below max_tokens 1000; the simulated provider bills 9 + 6 tokens, 4.95 µ$.
    String yaml =
        """
        budgets:
          define:
            - id: tiny
              scope: global
              limit_usd: 0.000005
              period: daily
              enforcement: hard
              cap_output: true
              emergency_reserve_percent: 0
        """;
    start(yaml, Map.of());

    HttpResponse<String> response = postWithKey(HELLO.replaceFirst("\\{", "{\"max_tokens\":1000,"));

    assertThat(response.statusCode()).isEqualTo(200);
    JsonNode body = JSON.readTree(response.body());
    assertThat(body.at("/choices/0/finish_reason").asText()).isEqualTo("length");
    assertThat(body.at("/usage/completion_tokens").asLong()).isEqualTo(6);
    BudgetStatus tiny = gateway.accounting().engine().status("tiny");
    assertThat(tiny.spent()).isLessThanOrEqualTo(Money.ofUsd("0.000005").nanos());
    assertThat(tiny.reserved()).isZero();
  }

  private static java.util.List<JsonNode> chunks(String sse) throws Exception {
    java.util.List<JsonNode> chunks = new java.util.ArrayList<>();
    for (String event : sse.split("\n\n")) {
      if (event.startsWith("data: {")) {
        chunks.add(JSON.readTree(event.substring(6)));
      }
    }
    return chunks;
  }

  @Test
  void aStreamPassesChunksThroughAndEndsWithUsageThenDoneOnceTheLedgerHasTheEvent()
      throws Exception {
    start(null, Map.of());
    String body =
        HELLO.replace("{", "{\"stream\":true,\"stream_options\":{\"include_usage\":true},");

    HttpResponse<String> response = postWithKey(body);

    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(response.headers().firstValue("content-type")).contains("text/event-stream");
    assertThat(response.body()).endsWith("data: [DONE]\n\n");
    java.util.List<JsonNode> chunks = chunks(response.body());
    StringBuilder content = new StringBuilder();
    for (JsonNode c : chunks) {
      assertThat(c.get("object").asText()).isEqualTo("chat.completion.chunk");
      content.append(c.at("/choices/0/delta/content").asText(""));
    }
    assertThat(content).hasToString("This is Tollgate's simulated provider. You said: Hello");
    JsonNode last = chunks.getLast();
    assertThat(last.get("choices")).isEmpty();
    assertThat(last.at("/usage/total_tokens").asLong()).isEqualTo(23);
    assertThat(response.body()).contains(": x-tollgate-cost-usd 0.00000975");
    String id = response.headers().firstValue("x-tollgate-request-id").orElseThrow();
    UsageEvent event = gateway.accounting().ledger().event(id).orElseThrow();
    assertThat(event.actualCost()).isEqualTo(Money.ofUsd("0.00000975"));
    assertThat(event.costState()).isEqualTo(UsageEvent.CostState.EXACT);
  }

  @Test
  void aStreamWithoutIncludeUsageIsStillMeteredExactly() throws Exception {
    start(null, Map.of());

    HttpResponse<String> response = postWithKey(HELLO.replace("{", "{\"stream\":true,"));

    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(chunks(response.body())).allSatisfy(c -> assertThat(c.has("usage")).isFalse());
    assertThat(response.body()).endsWith("data: [DONE]\n\n");
    String id = response.headers().firstValue("x-tollgate-request-id").orElseThrow();
    UsageEvent event = gateway.accounting().ledger().event(id).orElseThrow();
    assertThat(event.actualCost()).isEqualTo(Money.ofUsd("0.00000975"));
    assertThat(event.costState()).isEqualTo(UsageEvent.CostState.EXACT);
    assertThat(gateway.accounting().engine().status(Scope.GLOBAL).getFirst().reserved()).isZero();
  }

  @Test
  void theDemoKeyStillWorksAfterARestartThatDoesNotShowItAgain() throws Exception {
    start(null, Map.of());
    gateway.close();
    TollgateConfig config =
        TollgateConfig.defaults(dir).withServer("127.0.0.1", 0).withDataDir(dir.resolve("data"));

    gateway = Gateway.start(config, InstantSource.system());

    assertThat(gateway.demoKeySecret()).isEmpty();
    assertThat(postWithKey(HELLO).statusCode()).isEqualTo(200);
  }

  @Test
  void theBudgetRemainingIsAHeaderOnAnswersAndTheLastCommentOfAStream() throws Exception {
    start(
        """
        budgets:
          define:
            - id: team-cap
              scope: team:demo
              limit_usd: 0.5
              period: daily
              enforcement: hard
            - id: wide
              scope: global
              limit_usd: 100
              period: daily
              enforcement: soft
        """,
        Map.of());

    HttpResponse<String> plain = postWithKey(HELLO);
    HttpResponse<String> stream = postWithKey(HELLO.replaceFirst("\\{", "{\"stream\":true,"));

    // team-cap is the tighter: $0.5 less two answers of $0.00000975, nothing left reserved.
    assertThat(plain.headers().firstValue("x-tollgate-budget-remaining-usd"))
        .contains("0.49999025");
    assertThat(stream.body())
        .endsWith(": x-tollgate-budget-remaining-usd 0.4999805\n\ndata: [DONE]\n\n");
  }

  @Test
  void everyOneOfNChoicesIsReservedAtTheFullOutputBound() throws Exception {
    // Worst case of one choice: 8 x 0.15 + 20 x 0.6 = 13.2 µ$; of three: 1.2 + 36 = 37.2 µ$.
    start(
        """
        budgets:
          define:
            - id: small
              scope: global
              limit_usd: 0.00002
              period: daily
              enforcement: hard
              emergency_reserve_percent: 0
        """,
        Map.of());
    String bounded = HELLO.replaceFirst("\\{", "{\"max_tokens\":20,");

    HttpResponse<String> three = postWithKey(bounded.replaceFirst("\\{", "{\"n\":3,"));
    HttpResponse<String> one = postWithKey(bounded);

    assertThat(three.statusCode()).isEqualTo(402);
    assertThat(JSON.readTree(three.body()).at("/error/message").asText())
        .contains("needs up to $0.000037");
    assertThat(one.statusCode()).isEqualTo(200);
  }

  @Test
  void aLongPromptIsCountedExactlyOffTheEventLoop() throws Exception {
    start(null, Map.of());
    String text = "The quick brown fox jumps over the lazy dog. ".repeat(600);
    String body =
        "{\"model\":\"gpt-4o-mini\",\"max_tokens\":10,\"messages\":[{\"role\":\"user\","
            + "\"content\":\""
            + text
            + "\"}]}";
    assertThat(body.length()).isGreaterThan(InputTokens.INLINE_BYTES);
    long exact =
        dev.tollgate.tokens.OpenAiTokenizer.forModel("openai", "gpt-4o-mini")
            .orElseThrow()
            .chat(JSON.readTree(body).get("messages"), null);

    HttpResponse<String> response = postWithKey(body);

    assertThat(response.statusCode()).isEqualTo(200);
    String id = response.headers().firstValue("x-tollgate-request-id").orElseThrow();
    UsageEvent event = gateway.accounting().ledger().event(id).orElseThrow();
    // Reserved: the exact input at $0.15/1M plus 10 output tokens at $0.60/1M, in nano-dollars.
    assertThat(event.estimatedCost()).isEqualTo(Money.ofNanos(exact * 150 + 10 * 600));
    assertThat(exact).isLessThan(text.length() / 4);
  }
}

package dev.tollgate.translate;

import static org.assertj.core.api.Assertions.assertThat;

import com.anthropic.core.http.HttpResponseFor;
import com.anthropic.helpers.MessageAccumulator;
import com.anthropic.models.messages.Message;
import com.anthropic.models.messages.MessageCreateParams;
import com.anthropic.models.messages.RawMessageStreamEvent;
import com.anthropic.models.messages.StopReason;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.openai.core.JsonValue;
import com.openai.core.http.StreamResponse;
import com.openai.models.FunctionDefinition;
import com.openai.models.FunctionParameters;
import com.openai.models.chat.completions.ChatCompletion;
import com.openai.models.chat.completions.ChatCompletionChunk;
import com.openai.models.chat.completions.ChatCompletionCreateParams;
import dev.tollgate.ledger.UsageEvent;
import dev.tollgate.money.Money;
import dev.tollgate.testkit.MockAnthropicUpstream;
import dev.tollgate.testkit.MockOpenAiUpstream;
import dev.tollgate.usage.UsageKind;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Each SDK on a model whose provider speaks the other format: the OpenAI SDK on Claude (a native
 * {@code anthropic} entry on {@link MockAnthropicUpstream}) and the Anthropic SDK on gpt-4o-mini
 * (an {@code openai} entry on {@link MockOpenAiUpstream}). The ledger must price the upstream's own
 * usage to the nano-dollar.
 */
class TranslationGatewayTest {

  private static final ObjectMapper JSON = new ObjectMapper();

  /** The Anthropic mock's usage at claude-sonnet-4-5's prices; see AnthropicProviderTest. */
  private static final Money SONNET_COST = Money.ofUsd("0.01215");

  /**
   * The Anthropic mock's usage at claude-haiku-4-5's $1, $1.25 (cache write), $0.10 (cache read)
   * and $5 per 1M: 1,000 + 2,500 + 300 + 250 micro-dollars.
   */
  private static final Money HAIKU_COST = Money.ofUsd("0.00405");

  /** The OpenAI mock's usage at gpt-4o-mini's prices; see OpenAiCompatibleProviderTest. */
  private static final Money MINI_COST = Money.ofUsd("0.000135");

  private static final String CHAT =
      "{\"model\":\"claude-sonnet-4-5\",\"messages\":[{\"role\":\"user\",\"content\":\"Hello\"}]}";

  @TempDir Path dir;

  private final TwoUpstreams env = new TwoUpstreams();

  @AfterEach
  void stop() {
    env.close();
  }

  private static ChatCompletionCreateParams.Builder chat(String model) {
    return ChatCompletionCreateParams.builder()
        .model(model)
        .addSystemMessage("Be brief.")
        .addUserMessage("Hello");
  }

  @Test
  void theOpenAiSdkGetsAClaudeAnswerPricedFromAnthropicsOwnUsageCacheWritesIncluded()
      throws Exception {
    env.start(dir, "");

    var raw =
        env.openAiSdk()
            .chat()
            .completions()
            .withRawResponse()
            .create(chat("claude-sonnet-4-5").build());
    ChatCompletion completion = raw.parse();

    assertThat(completion.choices().getFirst().message().content())
        .contains(MockAnthropicUpstream.REPLY);
    assertThat(completion.choices().getFirst().finishReason())
        .isEqualTo(ChatCompletion.Choice.FinishReason.STOP);
    // Every input token is a prompt token for the client: 1,000 + 2,000 + 3,000.
    assertThat(completion.usage().orElseThrow().promptTokens()).isEqualTo(6_000);
    JsonNode sent = env.anthropic.received().getFirst().json();
    assertThat(sent.at("/system/0/text").asText()).isEqualTo("Be brief.");
    assertThat(sent.at("/messages/0/content/0/text").asText()).isEqualTo("Hello");
    // No bound given: the model's maximum output, which is what the gateway reserved for.
    assertThat(sent.get("max_tokens").asLong()).isEqualTo(64_000);
    UsageEvent event = env.event(raw.headers().values("x-tollgate-request-id").getFirst());
    assertThat(event.provider()).isEqualTo("anthropic");
    assertThat(event.usage().count(UsageKind.CACHE_WRITE_5M)).isEqualTo(2_000);
    assertThat(event.actualCost()).isEqualTo(SONNET_COST);
    assertThat(raw.headers().values("x-tollgate-model")).containsExactly("claude-sonnet-4-5");
    env.assertSpentExactly(SONNET_COST.nanos());
  }

  @Test
  void theOpenAiSdkStreamsAClaudeToolCallAndTheStreamIsPricedExactly() throws Exception {
    env.start(dir, "");
    env.anthropic
        .text(List.of())
        .toolUse("toolu_1", "get_weather", List.of("{\"city\":", "\"Paris\"}"));
    ChatCompletionCreateParams params =
        chat("claude-sonnet-4-5")
            .addFunctionTool(
                FunctionDefinition.builder()
                    .name("get_weather")
                    .parameters(
                        FunctionParameters.builder()
                            .putAdditionalProperty("type", JsonValue.from("object"))
                            .build())
                    .build())
            .build();
    StringBuilder arguments = new StringBuilder();
    String[] name = {""};
    ChatCompletionChunk.Choice.FinishReason[] finish = {null};

    var raw = env.openAiSdk().chat().completions().withRawResponse().createStreaming(params);
    try (StreamResponse<ChatCompletionChunk> stream = raw.parse()) {
      stream.stream()
          .flatMap(c -> c.choices().stream())
          .forEach(
              choice -> {
                choice.finishReason().ifPresent(f -> finish[0] = f);
                for (var call : choice.delta().toolCalls().orElse(List.of())) {
                  call.function().flatMap(f -> f.name()).ifPresent(n -> name[0] = n);
                  call.function().flatMap(f -> f.arguments()).ifPresent(arguments::append);
                }
              });
    }

    assertThat(name[0]).isEqualTo("get_weather");
    assertThat(arguments).hasToString("{\"city\":\"Paris\"}");
    assertThat(finish[0]).isEqualTo(ChatCompletionChunk.Choice.FinishReason.TOOL_CALLS);
    JsonNode sent = env.anthropic.received().getFirst().json();
    assertThat(sent.at("/tools/0/name").asText()).isEqualTo("get_weather");
    assertThat(sent.get("stream").asBoolean()).isTrue();
    UsageEvent event = env.event(raw.headers().values("x-tollgate-request-id").getFirst());
    assertThat(event.actualCost()).isEqualTo(SONNET_COST);
    assertThat(event.costState()).isEqualTo(UsageEvent.CostState.EXACT);
    env.assertSpentExactly(SONNET_COST.nanos());
  }

  @Test
  void theAnthropicSdkGetsAnOpenAiModelsAnswerPricedFromOpenAisOwnUsage() throws Exception {
    env.start(dir, "");

    HttpResponseFor<Message> raw =
        env.anthropicSdk()
            .messages()
            .withRawResponse()
            .create(
                MessageCreateParams.builder()
                    .model("gpt-4o-mini")
                    .maxTokens(300)
                    .system("Be brief.")
                    .addUserMessage("Hello")
                    .build());
    Message message = raw.parse();

    assertThat(message.content().getFirst().asText().text()).isEqualTo(MockOpenAiUpstream.REPLY);
    assertThat(message.stopReason()).contains(StopReason.END_TURN);
    assertThat(message.usage().inputTokens()).isEqualTo(200);
    assertThat(message.usage().cacheReadInputTokens()).contains(1_000L);
    JsonNode sent = env.openai.received().getFirst().json();
    assertThat(sent.at("/messages/0/role").asText()).isEqualTo("system");
    assertThat(sent.get("max_completion_tokens").asLong()).isEqualTo(300);
    UsageEvent event = env.event(raw.headers().values("x-tollgate-request-id").getFirst());
    assertThat(event.provider()).isEqualTo("openai");
    assertThat(event.actualCost()).isEqualTo(MINI_COST);
    env.assertSpentExactly(MINI_COST.nanos());
  }

  @Test
  void theAnthropicSdkStreamsAnOpenAiModelsAnswer() throws Exception {
    env.start(dir, "");
    MessageAccumulator accumulator = MessageAccumulator.create();

    try (com.anthropic.core.http.StreamResponse<RawMessageStreamEvent> stream =
        env.anthropicSdk()
            .messages()
            .createStreaming(
                MessageCreateParams.builder()
                    .model("gpt-4o-mini")
                    .maxTokens(300)
                    .addUserMessage("Hello")
                    .build())) {
      stream.stream().forEach(accumulator::accumulate);
    }

    Message message = accumulator.message();
    assertThat(message.content().getFirst().asText().text()).isEqualTo(MockOpenAiUpstream.REPLY);
    assertThat(message.stopReason()).contains(StopReason.END_TURN);
    assertThat(message.usage().outputTokens()).isEqualTo(50);
    assertThat(
            env.openai.received().getFirst().json().at("/stream_options/include_usage").asBoolean())
        .isTrue();
    env.assertSpentExactly(MINI_COST.nanos());
  }

  @Test
  void anOverloadedClaudeReachesAnOpenAiClientAsA503InOpenAisShape() throws Exception {
    env.start(dir, "");
    env.anthropic.failWith(529, "overloaded_error");

    HttpResponse<String> plain = env.post("/v1/chat/completions", CHAT);
    HttpResponse<String> stream =
        env.post("/v1/chat/completions", CHAT.replace("{", "{\"stream\":true,"));

    for (HttpResponse<String> response : List.of(plain, stream)) {
      assertThat(response.statusCode()).isEqualTo(503);
      JsonNode error = JSON.readTree(response.body()).get("error");
      assertThat(error.get("type").asText()).isEqualTo("overloaded_error");
      assertThat(error.get("message").asText()).contains("mock was told to fail");
      assertThat(env.event(response).billable()).isFalse();
    }
    env.assertSpentExactly(0);
  }

  @Test
  void aClaudeRefusalWith400ReachesAnOpenAiClientAsA400() throws Exception {
    env.start(dir, "");
    env.anthropic.failWith(400, "invalid_request_error");

    HttpResponse<String> response = env.post("/v1/chat/completions", CHAT);

    assertThat(response.statusCode()).isEqualTo(400);
    assertThat(JSON.readTree(response.body()).at("/error/type").asText())
        .isEqualTo("invalid_request_error");
    env.assertSpentExactly(0);
  }

  @Test
  void anUntranslatableParameterIsA400InTheClientsFormatAndNothingGoesUpstream() throws Exception {
    env.start(dir, "");

    HttpResponse<String> chat =
        env.post("/v1/chat/completions", CHAT.replace("{", "{\"n\":3,\"max_tokens\":10,"));
    HttpResponse<String> messages =
        env.post(
            "/v1/messages",
            "{\"model\":\"gpt-4o-mini\",\"max_tokens\":10,\"top_k\":5,"
                + "\"messages\":[{\"role\":\"user\",\"content\":\"Hi\"}]}");

    assertThat(chat.statusCode()).isEqualTo(400);
    assertThat(JSON.readTree(chat.body()).at("/error/param").asText()).isEqualTo("n");
    assertThat(messages.statusCode()).isEqualTo(400);
    JsonNode error = JSON.readTree(messages.body());
    assertThat(error.get("type").asText()).isEqualTo("error");
    assertThat(error.at("/error/message").asText()).startsWith("top_k:");
    assertThat(env.anthropic.received()).isEmpty();
    assertThat(env.openai.received()).isEmpty();
    env.assertSpentExactly(0);
  }

  @Test
  void aTranslatedStreamCutMidWayIsBilledAsAnEstimateNeverZero() throws Exception {
    env.start(dir, "");
    env.anthropic.cutAfter(5);

    HttpResponse<String> response =
        env.post("/v1/chat/completions", CHAT.replace("{", "{\"stream\":true,"));

    assertThat(response.body()).contains("Hello ").doesNotContain("[DONE]");
    UsageEvent event = env.event(response);
    assertThat(event.outcome()).isEqualTo(UsageEvent.Outcome.ERROR);
    assertThat(event.costState()).isEqualTo(UsageEvent.CostState.ESTIMATED);
    assertThat(event.usage().count(UsageKind.OUTPUT)).isPositive();
    assertThat(event.actualCost().nanos()).isPositive();
    env.assertSpentExactly(event.actualCost().nanos());
  }

  @Test
  void anAdaptiveBudgetFallsBackFromGpt4oToClaudeThroughTranslationWhileStreaming()
      throws Exception {
    env.start(
        dir,
        "budgets:\n  define:\n    - {id: lean, scope: global, limit_usd: 10, period: daily,"
            + " enforcement: adaptive, fallback_percent: 1, fallback_models: [claude-haiku-4-5]}\n");

    HttpResponse<String> response =
        env.post(
            "/v1/chat/completions",
            CHAT.replace("claude-sonnet-4-5", "gpt-4o").replace("{", "{\"stream\":true,"));

    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(response.headers().firstValue("x-tollgate-model")).contains("claude-haiku-4-5");
    assertThat(response.body()).contains("chat.completion.chunk", "mock Claude", "data: [DONE]");
    assertThat(env.openai.received()).isEmpty();
    assertThat(env.anthropic.received().getFirst().json().get("model").asText())
        .isEqualTo("claude-haiku-4-5");
    UsageEvent event = env.event(response);
    assertThat(event.fallbackFrom()).isEqualTo("gpt-4o");
    assertThat(event.provider()).isEqualTo("anthropic");
    assertThat(event.modelUsed()).isEqualTo("claude-haiku-4-5");
    assertThat(event.actualCost()).isEqualTo(HAIKU_COST);
    env.assertSpentExactly(HAIKU_COST.nanos());
  }
}

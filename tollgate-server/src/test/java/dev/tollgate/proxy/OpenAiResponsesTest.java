package dev.tollgate.proxy;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.openai.client.OpenAIClient;
import com.openai.client.okhttp.OpenAIOkHttpClient;
import com.openai.core.http.HttpResponseFor;
import com.openai.core.http.StreamResponse;
import com.openai.models.responses.Response;
import com.openai.models.responses.ResponseCreateParams;
import com.openai.models.responses.ResponseStatus;
import com.openai.models.responses.ResponseStreamEvent;
import dev.tollgate.budget.BudgetStatus;
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
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Black-box: {@code POST /v1/responses} on the real gateway over the simulated provider, with the
 * official OpenAI SDK and a plain HTTP client.
 */
class OpenAiResponsesTest {

  private static final ObjectMapper JSON = new ObjectMapper();

  private static final String REPLY = "This is Tollgate's simulated provider. You said: Hello";

  /**
   * Input: "Be brief." (3 tokens + 4) and "Hello" (2 + 4) + 3 = 16 tokens; output: the 54
   * characters of {@link #REPLY}, 14 tokens. At gpt-4o-mini's $0.15 and $0.60 per 1M: 16 x 150 + 14
   * x 600 = 10,800 nano-dollars.
   */
  private static final long COST_NANOS = 10_800;

  private static final String BODY =
      "{\"model\":\"gpt-4o-mini\",\"instructions\":\"Be brief.\",\"input\":\"Hello\"";

  @TempDir Path dir;

  private Gateway gateway;

  @AfterEach
  void stop() {
    gateway.close();
  }

  private void start(String yaml) throws Exception {
    Files.writeString(dir.resolve("tollgate.yaml"), yaml);
    TollgateConfig config =
        ConfigLoader.load(Optional.of(dir.resolve("tollgate.yaml")), Map.of(), dir)
            .withServer("127.0.0.1", 0)
            .withDataDir(dir.resolve("data"));
    gateway = Gateway.start(config, InstantSource.system());
  }

  private OpenAIClient sdk() {
    return OpenAIOkHttpClient.builder()
        .baseUrl("http://127.0.0.1:" + gateway.port() + "/v1")
        .apiKey(gateway.demoKeySecret().orElseThrow())
        .maxRetries(0)
        .build();
  }

  private HttpResponse<String> post(String body) throws Exception {
    HttpRequest request =
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + gateway.port() + "/v1/responses"))
            .timeout(Duration.ofSeconds(20))
            .header("authorization", "Bearer " + gateway.demoKeySecret().orElseThrow())
            .POST(HttpRequest.BodyPublishers.ofString(body))
            .build();
    return HttpClient.newHttpClient().send(request, HttpResponse.BodyHandlers.ofString());
  }

  private UsageEvent event(String requestId) {
    return gateway.accounting().ledger().event(requestId).orElseThrow();
  }

  private static ResponseCreateParams hello() {
    return ResponseCreateParams.builder()
        .model("gpt-4o-mini")
        .instructions("Be brief.")
        .input("Hello")
        .build();
  }

  @Test
  void theSdkGetsASimulatedResponseWithUsagePricedByHand() throws Exception {
    start("");

    HttpResponseFor<Response> raw = sdk().responses().withRawResponse().create(hello());
    Response response = raw.parse();

    assertThat(response.status()).contains(ResponseStatus.COMPLETED);
    assertThat(response.output().getFirst().asMessage().content().getFirst().asOutputText().text())
        .isEqualTo(REPLY);
    assertThat(response.usage().orElseThrow().inputTokens()).isEqualTo(16);
    assertThat(response.usage().orElseThrow().outputTokens()).isEqualTo(14);
    UsageEvent event = event(raw.headers().values("x-tollgate-request-id").getFirst());
    assertThat(event.actualCost()).isEqualTo(Money.ofNanos(COST_NANOS));
    assertThat(event.provider()).isEqualTo("simulated");
  }

  @Test
  void theSdkStreamsASimulatedResponseEndingWithResponseCompleted() throws Exception {
    start("");
    StringBuilder text = new StringBuilder();
    List<String> types = new ArrayList<>();
    String requestId;
    try (HttpResponseFor<StreamResponse<ResponseStreamEvent>> raw =
        sdk().responses().withRawResponse().createStreaming(hello())) {
      requestId = raw.headers().values("x-tollgate-request-id").getFirst();
      raw.parse().stream()
          .forEach(
              e -> {
                e.outputTextDelta().ifPresent(d -> text.append(d.delta()));
                e.completed().ifPresent(c -> types.add("completed"));
                e.created().ifPresent(c -> types.add("created"));
              });
    }

    assertThat(text).hasToString(REPLY);
    assertThat(types).containsExactly("created", "completed");
    assertThat(event(requestId).actualCost()).isEqualTo(Money.ofNanos(COST_NANOS));
  }

  @Test
  void theStreamsEventsComeInOrderAndTheCostPrecedesTheHeldBackCompletedEvent() throws Exception {
    start("");

    HttpResponse<String> response = post(BODY + ",\"stream\":true}");

    assertThat(response.headers().firstValue("content-type")).contains("text/event-stream");
    List<String> names = new ArrayList<>();
    for (String block : response.body().split("\n\n")) {
      if (block.startsWith("event: ")) {
        names.add(block.substring(7, block.indexOf('\n')));
        JsonNode data = JSON.readTree(block.substring(block.indexOf("data: ") + 6));
        assertThat(data.path("type").asText()).isEqualTo(names.getLast());
        assertThat(data.path("sequence_number").asInt()).isEqualTo(names.size() - 1);
      }
    }
    assertThat(names)
        .startsWith(
            "response.created",
            "response.in_progress",
            "response.output_item.added",
            "response.content_part.added",
            "response.output_text.delta")
        .endsWith(
            "response.output_text.done",
            "response.content_part.done",
            "response.output_item.done",
            "response.completed");
    assertThat(response.body())
        .contains(": x-tollgate-cost-usd 0.0000108\n\nevent: response.completed\n");
  }

  @Test
  void maxOutputTokensAboveWhatAHardCappedBudgetAffordsIsCappedAndTheResponseIsIncomplete()
      throws Exception {
    // Input 16 tokens x 150 n$ = 2,400 n$; each output token 600 n$. A $0.000005 budget with a 0%
    // reserve affords floor((5,000 - 2,400) / 600) = 4 output tokens, far below 1000.
    start(
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
        """);

    HttpResponse<String> response = post(BODY + ",\"max_output_tokens\":1000}");

    assertThat(response.statusCode()).isEqualTo(200);
    JsonNode body = JSON.readTree(response.body());
    assertThat(body.path("status").asText()).isEqualTo("incomplete");
    assertThat(body.at("/incomplete_details/reason").asText()).isEqualTo("max_output_tokens");
    assertThat(body.at("/usage/output_tokens").asLong()).isEqualTo(4);
    BudgetStatus tiny = gateway.accounting().engine().status("tiny");
    assertThat(tiny.spent()).isEqualTo(2_400 + 4 * 600);
    assertThat(tiny.reserved()).isZero();
  }

  @Test
  void aStreamCutByMaxOutputTokensEndsWithResponseIncompleteAndItsUsageIsBilled() throws Exception {
    start("");

    HttpResponse<String> response = post(BODY + ",\"max_output_tokens\":4,\"stream\":true}");

    String last = response.body().substring(response.body().lastIndexOf("event: "));
    assertThat(last).startsWith("event: response.incomplete\n");
    JsonNode data = JSON.readTree(last.substring(last.indexOf("data: ") + 6));
    assertThat(data.at("/response/usage/output_tokens").asLong()).isEqualTo(4);
    UsageEvent event = event(response.headers().firstValue("x-tollgate-request-id").orElseThrow());
    assertThat(event.costState()).isEqualTo(UsageEvent.CostState.EXACT);
    assertThat(event.actualCost()).isEqualTo(Money.ofNanos(2_400 + 4 * 600));
  }

  @Test
  void badInputIsRefusedWith400NamingTheField() throws Exception {
    start("");

    for (String[] bad :
        new String[][] {
          {"{\"model\":\"gpt-4o-mini\"}", "input", "Missing required parameter: 'input'."},
          {"{\"model\":\"gpt-4o-mini\",\"input\":[]}", "input", "non-empty"},
          {
            "{\"model\":\"gpt-4o-mini\",\"input\":[\"x\"]}", "input", "'input[0]' must be an object"
          },
          {"{\"input\":\"Hi\"}", "model", "Missing required parameter: 'model'."},
          {BODY + ",\"max_output_tokens\":0}", "max_output_tokens", "integer >= 1"},
          {BODY + ",\"instructions\":7}", "instructions", "must be a string"},
          {BODY + ",\"stream\":\"yes\"}", "stream", "must be a boolean"},
          {"{\"model\":", null, "not valid JSON"}
        }) {
      HttpResponse<String> response = post(bad[0]);

      assertThat(response.statusCode()).as(bad[0]).isEqualTo(400);
      JsonNode error = JSON.readTree(response.body()).path("error");
      assertThat(error.path("type").asText()).isEqualTo("invalid_request_error");
      assertThat(error.path("param").isNull() ? null : error.path("param").asText())
          .as(bad[0])
          .isEqualTo(bad[1]);
      assertThat(error.path("message").asText()).as(bad[0]).contains(bad[2]);
    }
  }

  @Test
  void anUnknownModelIsRefusedWith404InOpenAisFormat() throws Exception {
    start("");

    HttpResponse<String> response = post("{\"model\":\"gpt-99\",\"input\":\"Hi\"}");

    assertThat(response.statusCode()).isEqualTo(404);
    JsonNode error = JSON.readTree(response.body()).path("error");
    assertThat(error.path("code").asText()).isEqualTo("model_not_found");
    assertThat(error.path("message").asText()).contains("gpt-99");
  }
}

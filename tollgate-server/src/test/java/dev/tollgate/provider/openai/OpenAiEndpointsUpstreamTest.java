package dev.tollgate.provider.openai;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.openai.client.OpenAIClient;
import com.openai.client.okhttp.OpenAIOkHttpClient;
import com.openai.core.http.HttpResponseFor;
import com.openai.core.http.StreamResponse;
import com.openai.errors.BadRequestException;
import com.openai.errors.InternalServerException;
import com.openai.errors.NotFoundException;
import com.openai.models.completions.Completion;
import com.openai.models.completions.CompletionCreateParams;
import com.openai.models.embeddings.CreateEmbeddingResponse;
import com.openai.models.embeddings.EmbeddingCreateParams;
import com.openai.models.responses.Response;
import com.openai.models.responses.ResponseCreateParams;
import com.openai.models.responses.ResponseStreamEvent;
import dev.tollgate.budget.Scope;
import dev.tollgate.config.ConfigLoader;
import dev.tollgate.config.TollgateConfig;
import dev.tollgate.ledger.UsageEvent;
import dev.tollgate.money.Money;
import dev.tollgate.server.Gateway;
import dev.tollgate.testkit.MockOpenAiUpstream;
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
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The official OpenAI SDK's {@code responses()}, {@code completions()} and {@code embeddings()}
 * through the gateway to {@link MockOpenAiUpstream}, configured as the {@code openai} entry. Each
 * ledger cost is the mock's usage priced by hand.
 */
class OpenAiEndpointsUpstreamTest {

  /**
   * The mock's Responses usage: 1,200 input tokens of which 1,000 cached, 50 output. At
   * gpt-4o-mini's $0.15, $0.075 (cache read) and $0.60 per 1M: 30 + 75 + 30 = 135 micro-dollars.
   */
  private static final long RESPONSES_NANOS = 135_000;

  /** The mock's completion usage, 1,200 prompt and 50 completion tokens: 180 + 30 micro-dollars. */
  private static final long COMPLETIONS_NANOS = 210_000;

  /** 1,200 prompt tokens of text-embedding-3-small at $0.02 per 1M: 24 micro-dollars. */
  private static final long EMBEDDINGS_NANOS = 24_000;

  @TempDir Path dir;

  private MockOpenAiUpstream mock;
  private Gateway gateway;
  private OpenAIClient sdk;

  @BeforeEach
  void start() throws Exception {
    mock = MockOpenAiUpstream.start();
    startWith(
        "providers:\n  openai: {api_key_env: TEST_OPENAI_KEY, base_url: \""
            + mock.baseUrl()
            + "\"}\n  groq: {api_key_env: TEST_OPENAI_KEY, base_url: \""
            + mock.baseUrl()
            + "\"}\n"
            // These tests are about what each endpoint passes through, one upstream call each;
            // retries and breakers have their own tests (RoutingTest).
            + "routing: {retries: 0, circuit_breaker: {failures: 1000}}\n");
  }

  private void startWith(String yaml) throws Exception {
    Path file = Files.writeString(dir.resolve("tollgate.yaml"), yaml);
    TollgateConfig config =
        ConfigLoader.load(Optional.of(file), Map.of("TEST_OPENAI_KEY", "sk-test"), dir)
            .withServer("127.0.0.1", 0)
            .withDataDir(dir.resolve("data"));
    gateway = Gateway.start(config, InstantSource.system());
    sdk =
        OpenAIOkHttpClient.builder()
            .baseUrl("http://127.0.0.1:" + gateway.port() + "/v1")
            .apiKey(gateway.demoKeySecret().orElseThrow())
            .maxRetries(0)
            .build();
  }

  @AfterEach
  void stop() {
    gateway.close();
    mock.close();
  }

  private UsageEvent event(String requestId) {
    return gateway.accounting().ledger().event(requestId).orElseThrow();
  }

  private static String requestId(HttpResponseFor<?> response) {
    return response.headers().values("x-tollgate-request-id").getFirst();
  }

  private void assertNothingReserved() {
    assertThat(gateway.accounting().engine().status(Scope.GLOBAL).getFirst().reserved()).isZero();
    assertThat(gateway.accounting().engine().activeReservations()).isZero();
  }

  private static ResponseCreateParams hello() {
    return ResponseCreateParams.builder()
        .model("gpt-4o-mini")
        .input("Hello")
        .instructions("Be brief.")
        .maxOutputTokens(200)
        .build();
  }

  @Test
  void theSdkGetsAResponseFromTheUpstreamPricedToTheNanoDollar() {
    HttpResponseFor<Response> raw = sdk.responses().withRawResponse().create(hello());
    Response response = raw.parse();

    assertThat(response.output().getFirst().asMessage().content().getFirst().asOutputText().text())
        .isEqualTo(MockOpenAiUpstream.REPLY);
    assertThat(response.usage().orElseThrow().inputTokens()).isEqualTo(1_200);
    MockOpenAiUpstream.Received got = mock.received().getFirst();
    assertThat(got.path()).isEqualTo("/v1/responses");
    assertThat(got.headers()).containsEntry("authorization", "Bearer sk-test");
    assertThat(got.json().path("input").asText()).isEqualTo("Hello");
    assertThat(got.json().path("max_output_tokens").asLong()).isEqualTo(200);
    UsageEvent event = event(requestId(raw));
    assertThat(event.actualCost()).isEqualTo(Money.ofNanos(RESPONSES_NANOS));
    assertThat(event.costState()).isEqualTo(UsageEvent.CostState.EXACT);
    assertThat(event.provider()).isEqualTo("openai");
    assertThat(raw.headers().values("x-tollgate-cost-usd")).containsExactly("0.000135");
    assertNothingReserved();
  }

  @Test
  void theSdkStreamsAResponseAndTheUsageOfResponseCompletedIsBilled() {
    StringBuilder text = new StringBuilder();
    long[] usage = {-1};
    String requestId;
    try (HttpResponseFor<StreamResponse<ResponseStreamEvent>> raw =
        sdk.responses().withRawResponse().createStreaming(hello())) {
      requestId = requestId(raw);
      raw.parse().stream()
          .forEach(
              e -> {
                e.outputTextDelta().ifPresent(d -> text.append(d.delta()));
                e.completed()
                    .ifPresent(c -> usage[0] = c.response().usage().orElseThrow().outputTokens());
              });
    }

    assertThat(text).hasToString(MockOpenAiUpstream.REPLY);
    assertThat(usage[0]).isEqualTo(50);
    assertThat(mock.received().getFirst().json().path("stream").asBoolean()).isTrue();
    UsageEvent event = event(requestId);
    assertThat(event.actualCost()).isEqualTo(Money.ofNanos(RESPONSES_NANOS));
    assertThat(event.costState()).isEqualTo(UsageEvent.CostState.EXACT);
    assertNothingReserved();
  }

  @Test
  void aResponseStreamCutBeforeItsUsageIsBilledFromTheRelayedTextAsEstimated() throws Exception {
    mock.cutBeforeUsage(true);

    HttpResponse<String> response =
        post("/v1/responses", "{\"model\":\"gpt-4o-mini\",\"input\":\"Hello\",\"stream\":true}");

    assertThat(response.body()).contains("response.output_text.delta");
    assertThat(response.body()).doesNotContain("response.completed");
    assertThat(response.body()).contains("event: error");
    UsageEvent event = event(response.headers().firstValue("x-tollgate-request-id").orElseThrow());
    assertThat(event.costState()).isEqualTo(UsageEvent.CostState.ESTIMATED);
    // "Hello from the mock upstream." is 29 characters: 8 output tokens; the input is estimated.
    assertThat(event.usage().count(dev.tollgate.usage.UsageKind.OUTPUT)).isEqualTo(8);
    assertThat(event.actualCost().nanos()).isPositive();
    assertNothingReserved();
  }

  @Test
  void aResponseStreamEndingInResponseFailedWithoutUsageIsBilledFromTheRelayedText()
      throws Exception {
    mock.failResponseStreams(true);

    HttpResponse<String> response =
        post("/v1/responses", "{\"model\":\"gpt-4o-mini\",\"input\":\"Hello\",\"stream\":true}");

    // The client gets the upstream's own terminal event, after the ledger has the estimate.
    assertThat(response.body()).endsWith("\n\n").contains("event: response.failed\n");
    assertThat(response.body()).doesNotContain("event: error");
    UsageEvent event = event(response.headers().firstValue("x-tollgate-request-id").orElseThrow());
    assertThat(event.costState()).isEqualTo(UsageEvent.CostState.ESTIMATED);
    assertThat(event.outcome()).isEqualTo(UsageEvent.Outcome.ERROR);
    assertThat(event.usage().count(dev.tollgate.usage.UsageKind.OUTPUT)).isEqualTo(8);
    assertThat(event.actualCost().nanos()).isPositive();
    assertNothingReserved();
  }

  @Test
  void theSdkGetsATextCompletionFromTheUpstream() {
    HttpResponseFor<Completion> raw =
        sdk.completions()
            .withRawResponse()
            .create(
                CompletionCreateParams.builder()
                    .model(CompletionCreateParams.Model.of("gpt-4o-mini"))
                    .prompt("Say hello")
                    .maxTokens(30)
                    .build());

    assertThat(raw.parse().choices().getFirst().text()).isEqualTo(MockOpenAiUpstream.REPLY);
    assertThat(mock.received().getFirst().path()).isEqualTo("/v1/completions");
    assertThat(event(requestId(raw)).actualCost()).isEqualTo(Money.ofNanos(COMPLETIONS_NANOS));
    assertNothingReserved();
  }

  @Test
  void theSdkGetsEmbeddingsFromTheUpstream() {
    HttpResponseFor<CreateEmbeddingResponse> raw =
        sdk.embeddings()
            .withRawResponse()
            .create(
                EmbeddingCreateParams.builder()
                    .model("text-embedding-3-small")
                    .input("Embed me")
                    .build());

    CreateEmbeddingResponse embeddings = raw.parse();
    assertThat(embeddings.data().getFirst().embedding()).containsExactly(0.5f, -0.5f, 0.5f, -0.5f);
    assertThat(embeddings.usage().promptTokens()).isEqualTo(1_200);
    assertThat(mock.received().getFirst().path()).isEqualTo("/v1/embeddings");
    UsageEvent event = event(requestId(raw));
    assertThat(event.actualCost()).isEqualTo(Money.ofNanos(EMBEDDINGS_NANOS));
    assertThat(event.costState()).isEqualTo(UsageEvent.CostState.EXACT);
    assertNothingReserved();
  }

  @Test
  void anUpstreamErrorIsPassedThroughOnEveryEndpointWithTheReservationReleased() throws Exception {
    mock.failWith(500, "server_error");

    for (String[] call :
        new String[][] {
          {"/v1/responses", "{\"model\":\"gpt-4o-mini\",\"input\":\"Hi\"}"},
          {"/v1/responses", "{\"model\":\"gpt-4o-mini\",\"input\":\"Hi\",\"stream\":true}"},
          {"/v1/completions", "{\"model\":\"gpt-4o-mini\",\"prompt\":\"Hi\"}"},
          {"/v1/embeddings", "{\"model\":\"text-embedding-3-small\",\"input\":\"Hi\"}"}
        }) {
      HttpResponse<String> response = post(call[0], call[1]);

      // The upstream's 500 is a bad gateway: a 500 from Tollgate would mean a bug in Tollgate.
      assertThat(response.statusCode()).as(call[1]).isEqualTo(502);
      assertThat(response.headers().firstValue("x-tollgate-upstream-status")).hasValue("500");
      assertThat(response.body()).as(call[1]).contains("The mock upstream was told to fail");
      UsageEvent event =
          event(response.headers().firstValue("x-tollgate-request-id").orElseThrow());
      assertThat(event.outcome()).isEqualTo(UsageEvent.Outcome.ERROR);
      assertThat(event.billable()).isFalse();
    }
    assertThat(gateway.accounting().engine().status(Scope.GLOBAL).getFirst().spent()).isZero();
    assertNothingReserved();
    assertThatThrownBy(() -> sdk.responses().create(hello()))
        .isInstanceOf(InternalServerException.class);
  }

  @Test
  void aResponsesRequestWithoutInputIsRefusedWith400NamingTheField() {
    assertThatThrownBy(
            () ->
                sdk.responses().create(ResponseCreateParams.builder().model("gpt-4o-mini").build()))
        .isInstanceOf(BadRequestException.class)
        .hasMessageContaining("Missing required parameter: 'input'");
    assertThat(mock.received()).isEmpty();
  }

  @Test
  void anUnknownModelIsRefusedWith404ModelNotFound() {
    assertThatThrownBy(
            () ->
                sdk.responses()
                    .create(ResponseCreateParams.builder().model("gpt-99").input("Hi").build()))
        .isInstanceOf(NotFoundException.class)
        .hasMessageContaining("gpt-99");
    assertThat(mock.received()).isEmpty();
  }

  @Test
  void aModelWhoseProviderHasNoResponsesApiIsRefusedWith400NamingIt() throws Exception {
    HttpResponse<String> response =
        post("/v1/responses", "{\"model\":\"llama-3.3-70b-versatile\",\"input\":\"Hi\"}");

    assertThat(response.statusCode()).isEqualTo(400);
    assertThat(response.body())
        .contains("invalid_request_error", "llama-3.3-70b-versatile", "'groq'", "responses: true");
    assertThat(mock.received()).isEmpty();
    assertNothingReserved();
  }

  private HttpResponse<String> post(String path, String body) throws Exception {
    HttpRequest request =
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + gateway.port() + path))
            .timeout(Duration.ofSeconds(20))
            .header("content-type", "application/json")
            .header("authorization", "Bearer " + gateway.demoKeySecret().orElseThrow())
            .POST(HttpRequest.BodyPublishers.ofString(body))
            .build();
    return HttpClient.newHttpClient().send(request, HttpResponse.BodyHandlers.ofString());
  }
}

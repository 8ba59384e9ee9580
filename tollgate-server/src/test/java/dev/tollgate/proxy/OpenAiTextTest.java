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

/**
 * Black-box: {@code GET /v1/models}, {@code POST /v1/embeddings} and {@code POST /v1/completions}
 * on the real gateway on a random port, over the simulated provider.
 */
class OpenAiTextTest {

  private static final ObjectMapper JSON = new ObjectMapper();

  /** The bundled catalog has no embedding model yet, so the tests price one by override. */
  private static final String EMBEDDING_PRICE =
      """
      pricing:
        overrides:
          - provider: openai
            id: text-embedding-3-small
            prices:
              - input: 0.02
                output: 0
      """;

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

  private void start(String yaml) throws Exception {
    Optional<Path> file =
        yaml == null
            ? Optional.empty()
            : Optional.of(Files.writeString(dir.resolve("tollgate.yaml"), yaml));
    TollgateConfig config =
        ConfigLoader.load(file, Map.of(), dir)
            .withServer("127.0.0.1", 0)
            .withDataDir(dir.resolve("data"));
    gateway = Gateway.start(config, InstantSource.system());
    key = gateway.demoKeySecret().orElseThrow();
  }

  private HttpRequest.Builder request(String path, String... headers) {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + gateway.port() + path))
            .timeout(Duration.ofSeconds(10));
    if (headers.length > 0) {
      request.headers(headers);
    }
    return request;
  }

  private HttpResponse<String> post(String path, String body) throws Exception {
    HttpRequest request =
        request(path, "authorization", "Bearer " + key, "content-type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofString(body))
            .build();
    return client.send(request, HttpResponse.BodyHandlers.ofString());
  }

  private HttpResponse<String> get(String path, String... headers) throws Exception {
    return client.send(request(path, headers).GET().build(), HttpResponse.BodyHandlers.ofString());
  }

  private void assertSettled() {
    assertThat(gateway.accounting().engine().activeReservations()).isZero();
    BudgetStatus global = gateway.accounting().engine().status(Scope.GLOBAL).getFirst();
    assertThat(global.reserved()).isZero();
  }

  @Test
  void theModelListNeedsAKeyAndListsTheCatalog() throws Exception {
    start(null);

    HttpResponse<String> anonymous = get("/v1/models");
    HttpResponse<String> response = get("/v1/models", "authorization", "Bearer " + key);

    assertThat(anonymous.statusCode()).isEqualTo(401);
    assertThat(JSON.readTree(anonymous.body()).at("/error/code").asText())
        .isEqualTo("invalid_api_key");
    assertThat(response.statusCode()).isEqualTo(200);
    JsonNode body = JSON.readTree(response.body());
    assertThat(body.get("object").asText()).isEqualTo("list");
    JsonNode mini = null;
    for (JsonNode model : body.get("data")) {
      if ("gpt-4o-mini".equals(model.get("id").asText())) {
        mini = model;
      }
    }
    assertThat(mini).isNotNull();
    assertThat(mini.get("object").asText()).isEqualTo("model");
    assertThat(mini.get("owned_by").asText()).isEqualTo("openai");
    assertThat(mini.get("created").asLong()).isPositive();
    assertThat(body.get("data").size()).isGreaterThan(50);
    assertThat(response.headers().firstValue("x-tollgate-cost-usd")).isEmpty();
  }

  @Test
  void anEmbeddingIsPricedOnItsInputAndInTheLedger() throws Exception {
    start(EMBEDDING_PRICE);

    HttpResponse<String> response =
        post(
            "/v1/embeddings",
            "{\"model\":\"text-embedding-3-small\",\"input\":[\"Hello world\",\"Hi\"]}");

    assertThat(response.statusCode()).isEqualTo(200);
    JsonNode body = JSON.readTree(response.body());
    assertThat(body.get("object").asText()).isEqualTo("list");
    assertThat(body.get("model").asText()).isEqualTo("text-embedding-3-small");
    assertThat(body.get("data").size()).isEqualTo(2);
    assertThat(body.at("/data/0/object").asText()).isEqualTo("embedding");
    assertThat(body.at("/data/1/index").asInt()).isEqualTo(1);
    assertThat(body.at("/data/0/embedding").size()).isEqualTo(8);
    // "Hello world" is 11 chars -> ceil(11/4) = 3 tokens; "Hi" -> 1; no per-message overhead.
    assertThat(body.at("/usage/prompt_tokens").asLong()).isEqualTo(4);
    assertThat(body.at("/usage/total_tokens").asLong()).isEqualTo(4);
    assertThat(body.get("usage").has("completion_tokens")).isFalse();
    // text-embedding-3-small at $0.02 / 1M input: 4 x 0.02 = 0.08 micro-dollars.
    assertThat(response.headers().firstValue("x-tollgate-cost-usd")).contains("0.00000008");
    String id = response.headers().firstValue("x-tollgate-request-id").orElseThrow();
    UsageEvent event = gateway.accounting().ledger().event(id).orElseThrow();
    assertThat(event.actualCost()).isEqualTo(Money.ofUsd("0.00000008"));
    assertThat(event.outcome()).isEqualTo(UsageEvent.Outcome.SUCCESS);
    assertThat(event.costState()).isEqualTo(UsageEvent.CostState.EXACT);
    assertThat(event.modelUsed()).isEqualTo("text-embedding-3-small");
    assertSettled();
  }

  @Test
  void embeddingsAreDeterministicAndHonourDimensions() throws Exception {
    start(EMBEDDING_PRICE);
    String request =
        "{\"model\":\"text-embedding-3-small\",\"input\":\"same text\",\"dimensions\":3}";

    JsonNode first = JSON.readTree(post("/v1/embeddings", request).body());
    JsonNode second = JSON.readTree(post("/v1/embeddings", request).body());

    assertThat(first.at("/data/0/embedding").size()).isEqualTo(3);
    assertThat(first.at("/data/0/embedding")).isEqualTo(second.at("/data/0/embedding"));
  }

  @Test
  void anEmbeddingModelMissingFromTheCatalogIsRefusedByDefault() throws Exception {
    start(null);

    HttpResponse<String> response =
        post("/v1/embeddings", "{\"model\":\"acme-embed-9\",\"input\":\"Hi\"}");

    assertThat(response.statusCode()).isEqualTo(404);
    assertThat(JSON.readTree(response.body()).at("/error/code").asText())
        .isEqualTo("model_not_found");
    assertSettled();
  }

  @Test
  void aTextCompletionIsPricedLikeChatAndInTheLedger() throws Exception {
    start(null);

    HttpResponse<String> response =
        post("/v1/completions", "{\"model\":\"gpt-4o-mini\",\"prompt\":\"Hello\"}");

    assertThat(response.statusCode()).isEqualTo(200);
    JsonNode body = JSON.readTree(response.body());
    assertThat(body.get("object").asText()).isEqualTo("text_completion");
    assertThat(body.get("id").asText()).startsWith("cmpl-");
    assertThat(body.at("/choices/0/text").asText())
        .isEqualTo("This is Tollgate's simulated provider. You said: Hello");
    assertThat(body.at("/choices/0/logprobs").isNull()).isTrue();
    assertThat(body.at("/choices/0/finish_reason").asText()).isEqualTo("stop");
    // Prompt: "Hello" -> ceil(5/4) = 2. Completion: 54 chars -> 14, under the default 16.
    assertThat(body.at("/usage/prompt_tokens").asLong()).isEqualTo(2);
    assertThat(body.at("/usage/completion_tokens").asLong()).isEqualTo(14);
    assertThat(body.at("/usage/total_tokens").asLong()).isEqualTo(16);
    // gpt-4o-mini: 2 x 0.15 = 0.30 and 14 x 0.60 = 8.40 micro-dollars: $0.0000087.
    String id = response.headers().firstValue("x-tollgate-request-id").orElseThrow();
    UsageEvent event = gateway.accounting().ledger().event(id).orElseThrow();
    assertThat(event.actualCost()).isEqualTo(Money.ofUsd("0.0000087"));
    assertThat(new java.math.BigDecimal(response.headers().firstValue("x-tollgate-cost-usd").get()))
        .isEqualByComparingTo("0.0000087");
    assertThat(event.provider()).isEqualTo("simulated");
    assertSettled();
  }

  @Test
  void theDefaultMaxTokensOfSixteenCutsALongCompletion() throws Exception {
    start(null);
    String prompt = "x".repeat(60);

    JsonNode body =
        JSON.readTree(
            post("/v1/completions", "{\"model\":\"gpt-4o-mini\",\"prompt\":\"" + prompt + "\"}")
                .body());

    // The reply would be 49 + 60 = 109 chars, 28 tokens; 16 tokens keep 64 chars.
    assertThat(body.at("/choices/0/finish_reason").asText()).isEqualTo("length");
    assertThat(body.at("/usage/completion_tokens").asLong()).isEqualTo(16);
    assertThat(body.at("/choices/0/text").asText()).hasSize(64);
  }

  @Test
  void aMissingInputOrPromptIsA400NamingTheField() throws Exception {
    start(EMBEDDING_PRICE);

    HttpResponse<String> embeddings =
        post("/v1/embeddings", "{\"model\":\"text-embedding-3-small\"}");
    HttpResponse<String> completions = post("/v1/completions", "{\"model\":\"gpt-4o-mini\"}");
    HttpResponse<String> badInput =
        post("/v1/embeddings", "{\"model\":\"text-embedding-3-small\",\"input\":[\"a\",3.5]}");

    assertThat(embeddings.statusCode()).isEqualTo(400);
    assertThat(JSON.readTree(embeddings.body()).at("/error/param").asText()).isEqualTo("input");
    assertThat(JSON.readTree(embeddings.body()).at("/error/message").asText()).contains("'input'");
    assertThat(completions.statusCode()).isEqualTo(400);
    assertThat(JSON.readTree(completions.body()).at("/error/param").asText()).isEqualTo("prompt");
    assertThat(badInput.statusCode()).isEqualTo(400);
    assertThat(JSON.readTree(badInput.body()).at("/error/param").asText()).isEqualTo("input");
    assertSettled();
  }
}

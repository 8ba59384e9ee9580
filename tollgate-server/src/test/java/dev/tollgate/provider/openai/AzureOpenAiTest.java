package dev.tollgate.provider.openai;

import static org.assertj.core.api.Assertions.assertThat;

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
 * A {@code kind: azure-openai} entry in front of {@link MockOpenAiUpstream}, which answers at
 * Azure's paths: every endpoint reaches the model's deployment with the {@code api-key} header and
 * the {@code api-version} query, and is priced at the catalog's OpenAI price.
 */
class AzureOpenAiTest {

  /** gpt-4o-mini at $0.15 / $0.075 (cache read) / $0.60 per 1M: 30 + 75 + 30 micro-dollars. */
  private static final long CHAT_NANOS = 135_000;

  @TempDir Path dir;

  private MockOpenAiUpstream mock;
  private Gateway gateway;
  private String key;

  @BeforeEach
  void start() throws Exception {
    mock = MockOpenAiUpstream.start();
    String yaml =
        """
        providers:
          azure:
            kind: azure-openai
            base_url: "%s"
            api_key_env: TEST_AZURE_KEY
            api_version: "2024-10-21"
            deployments: {gpt-4o-mini: acme-mini-prod}
        """
            .formatted(mock.rootUrl());
    Path file = Files.writeString(dir.resolve("tollgate.yaml"), yaml);
    TollgateConfig config =
        ConfigLoader.load(Optional.of(file), Map.of("TEST_AZURE_KEY", "az-secret"), dir)
            .withServer("127.0.0.1", 0)
            .withDataDir(dir.resolve("data"));
    gateway = Gateway.start(config, InstantSource.system());
    key = gateway.demoKeySecret().orElseThrow();
  }

  @AfterEach
  void stop() {
    gateway.close();
    mock.close();
  }

  private HttpResponse<String> post(String path, String body) throws Exception {
    HttpRequest request =
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + gateway.port() + path))
            .timeout(Duration.ofSeconds(20))
            .header("content-type", "application/json")
            .header("authorization", "Bearer " + key)
            .POST(HttpRequest.BodyPublishers.ofString(body))
            .build();
    return HttpClient.newHttpClient().send(request, HttpResponse.BodyHandlers.ofString());
  }

  private UsageEvent event(HttpResponse<String> response) {
    String id = response.headers().firstValue("x-tollgate-request-id").orElseThrow();
    return gateway.accounting().ledger().event(id).orElseThrow();
  }

  private MockOpenAiUpstream.Received last() {
    return mock.received().getLast();
  }

  @Test
  void aChatCompletionGoesToTheDeploymentWithTheApiKeyHeaderAndApiVersion() throws Exception {
    HttpResponse<String> response =
        post(
            "/v1/chat/completions",
            "{\"model\":\"gpt-4o-mini\",\"messages\":[{\"role\":\"user\",\"content\":\"Hi\"}]}");

    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(last().path()).isEqualTo("/openai/deployments/acme-mini-prod/chat/completions");
    assertThat(last().query()).isEqualTo("api-version=2024-10-21");
    assertThat(last().headers()).containsEntry("api-key", "az-secret");
    assertThat(last().headers()).doesNotContainKey("authorization");
    UsageEvent event = event(response);
    assertThat(event.provider()).isEqualTo("azure");
    assertThat(event.modelUsed()).isEqualTo("gpt-4o-mini");
    assertThat(event.actualCost()).isEqualTo(Money.ofNanos(CHAT_NANOS));
  }

  @Test
  void completionsAndEmbeddingsGoToTheirDeploymentsAModelWithoutOneByItsOwnName() throws Exception {
    HttpResponse<String> completion =
        post("/v1/completions", "{\"model\":\"gpt-4o-mini\",\"prompt\":\"Hi\"}");
    assertThat(completion.statusCode()).isEqualTo(200);
    assertThat(last().path()).isEqualTo("/openai/deployments/acme-mini-prod/completions");
    assertThat(last().query()).isEqualTo("api-version=2024-10-21");

    HttpResponse<String> embedding =
        post("/v1/embeddings", "{\"model\":\"text-embedding-3-small\",\"input\":\"Hi\"}");
    assertThat(embedding.statusCode()).isEqualTo(200);
    assertThat(last().path()).isEqualTo("/openai/deployments/text-embedding-3-small/embeddings");
    assertThat(last().headers()).containsEntry("api-key", "az-secret");
    // 1,200 prompt tokens at text-embedding-3-small's $0.02 per 1M.
    assertThat(event(embedding).actualCost()).isEqualTo(Money.ofNanos(24_000));
  }

  @Test
  void aResponseGoesToTheResponsesPathWithTheDeploymentAsItsModel() throws Exception {
    HttpResponse<String> response =
        post("/v1/responses", "{\"model\":\"gpt-4o-mini\",\"input\":\"Hi\"}");

    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(last().path()).isEqualTo("/openai/responses");
    assertThat(last().query()).isEqualTo("api-version=2024-10-21");
    assertThat(last().json().path("model").asText()).isEqualTo("acme-mini-prod");
    assertThat(last().headers()).containsEntry("api-key", "az-secret");
    assertThat(event(response).actualCost()).isEqualTo(Money.ofNanos(CHAT_NANOS));
  }
}

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
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A local server (Ollama, or anything that speaks OpenAI's format) configured with {@code
 * catalog_provider: ollama} and no key: its models are free on purpose, so a request is recorded as
 * an exact $0, never as unpriced, and it needs no key.
 */
class LocalServerTest {

  @TempDir Path dir;

  @Test
  void aLocalOllamaModelIsServedWithoutAKeyAndRecordedAtAnExactZero() throws Exception {
    try (MockOpenAiUpstream mock = MockOpenAiUpstream.start()) {
      String yaml =
          "providers:\n  local: {base_url: \"" + mock.baseUrl() + "\", catalog_provider: ollama}\n";
      Path file = Files.writeString(dir.resolve("tollgate.yaml"), yaml);
      TollgateConfig config =
          ConfigLoader.load(Optional.of(file), Map.of(), dir)
              .withServer("127.0.0.1", 0)
              .withDataDir(dir.resolve("data"));
      try (Gateway gateway = Gateway.start(config, InstantSource.system())) {
        HttpRequest request =
            HttpRequest.newBuilder(
                    URI.create("http://127.0.0.1:" + gateway.port() + "/v1/chat/completions"))
                .timeout(Duration.ofSeconds(20))
                .header("authorization", "Bearer " + gateway.demoKeySecret().orElseThrow())
                .POST(
                    HttpRequest.BodyPublishers.ofString(
                        "{\"model\":\"ollama/llama3.1\",\"messages\":[{\"role\":\"user\","
                            + "\"content\":\"Hi\"}]}"))
                .build();
        HttpResponse<String> response =
            HttpClient.newHttpClient().send(request, HttpResponse.BodyHandlers.ofString());

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("x-tollgate-cost-usd")).contains("0");
        assertThat(mock.received().getFirst().json().path("model").asText()).isEqualTo("llama3.1");
        assertThat(mock.received().getFirst().headers()).doesNotContainKey("authorization");
        String id = response.headers().firstValue("x-tollgate-request-id").orElseThrow();
        UsageEvent event = gateway.accounting().ledger().event(id).orElseThrow();
        assertThat(event.provider()).isEqualTo("local");
        assertThat(event.costState()).isEqualTo(UsageEvent.CostState.EXACT);
        assertThat(event.actualCost()).isEqualTo(Money.ZERO);
        assertThat(event.usage().promptTokens()).isEqualTo(1_200);
      }
    }
  }
}

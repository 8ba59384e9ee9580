package dev.tollgate.translate;

import static org.assertj.core.api.Assertions.assertThat;

import com.anthropic.client.AnthropicClient;
import com.anthropic.client.okhttp.AnthropicOkHttpClient;
import com.openai.client.OpenAIClient;
import com.openai.client.okhttp.OpenAIOkHttpClient;
import dev.tollgate.budget.Scope;
import dev.tollgate.config.ConfigLoader;
import dev.tollgate.config.TollgateConfig;
import dev.tollgate.ledger.UsageEvent;
import dev.tollgate.server.Gateway;
import dev.tollgate.testkit.MockAnthropicUpstream;
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

/**
 * A real gateway configured with an {@code anthropic} entry on a {@link MockAnthropicUpstream}
 * ({@code TEST_ANTHROPIC_KEY=sk-ant-test}) and an {@code openai} entry on a {@link
 * MockOpenAiUpstream} ({@code TEST_OPENAI_KEY=sk-test}), with clients of both SDKs and a plain HTTP
 * client on it. For the black-box tests of the Anthropic adapter and of translation.
 */
public final class TwoUpstreams implements AutoCloseable {

  public final MockAnthropicUpstream anthropic = MockAnthropicUpstream.start();
  public final MockOpenAiUpstream openai = MockOpenAiUpstream.start();
  private final HttpClient http = HttpClient.newHttpClient();
  private Gateway gateway;
  private String key;

  /** Starts the gateway in {@code dir}; {@code extra} is appended to tollgate.yaml. */
  public TwoUpstreams start(Path dir, String extra) throws Exception {
    return startWith(
        dir,
        "  anthropic: {api_key_env: TEST_ANTHROPIC_KEY, base_url: \""
            + anthropic.baseUrl()
            + "\"}\n",
        extra);
  }

  /** Starts with {@code anthropicEntry} as the anthropic line of the providers section. */
  public TwoUpstreams startWith(Path dir, String anthropicEntry, String extra) throws Exception {
    String yaml =
        "providers:\n"
            + anthropicEntry
            + "  openai: {api_key_env: TEST_OPENAI_KEY, base_url: \""
            + openai.baseUrl()
            + "\"}\n"
            + extra;
    Path file = Files.writeString(dir.resolve("tollgate.yaml"), yaml);
    TollgateConfig config =
        ConfigLoader.load(
                Optional.of(file),
                Map.of("TEST_ANTHROPIC_KEY", "sk-ant-test", "TEST_OPENAI_KEY", "sk-test"),
                dir)
            .withServer("127.0.0.1", 0)
            .withDataDir(dir.resolve("data"));
    gateway = Gateway.start(config, InstantSource.system());
    key = gateway.demoKeySecret().orElseThrow();
    return this;
  }

  public Gateway gateway() {
    return gateway;
  }

  /** The official Anthropic SDK on the gateway, with the demo key and no retries. */
  public AnthropicClient anthropicSdk() {
    return AnthropicOkHttpClient.builder()
        .baseUrl("http://127.0.0.1:" + gateway.port())
        .apiKey(key)
        .maxRetries(0)
        .build();
  }

  /** The official OpenAI SDK on the gateway, with the demo key and no retries. */
  public OpenAIClient openAiSdk() {
    return OpenAIOkHttpClient.builder()
        .baseUrl("http://127.0.0.1:" + gateway.port() + "/v1")
        .apiKey(key)
        .maxRetries(0)
        .build();
  }

  /** POSTs {@code body} to {@code path} with the demo key and {@code headers} (name, value…). */
  public HttpResponse<String> post(String path, String body, String... headers) throws Exception {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + gateway.port() + path))
            .timeout(Duration.ofSeconds(20))
            .header("content-type", "application/json")
            .header("authorization", "Bearer " + key)
            .POST(HttpRequest.BodyPublishers.ofString(body));
    for (int i = 0; i < headers.length; i += 2) {
      request.header(headers[i], headers[i + 1]);
    }
    return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
  }

  /** The ledger event of a response's request. */
  public UsageEvent event(HttpResponse<String> response) {
    return event(response.headers().firstValue("x-tollgate-request-id").orElseThrow());
  }

  /** The ledger event of {@code requestId}. */
  public UsageEvent event(String requestId) {
    return gateway.accounting().ledger().event(requestId).orElseThrow();
  }

  /** Asserts that no reservation is left and that the global budget spent exactly {@code nanos}. */
  public void assertSpentExactly(long nanos) {
    var global = gateway.accounting().engine().status(Scope.GLOBAL).getFirst();
    assertThat(global.reserved()).isZero();
    assertThat(global.spent()).isEqualTo(nanos);
    assertThat(gateway.accounting().engine().activeReservations()).isZero();
  }

  @Override
  public void close() {
    if (gateway != null) {
      gateway.close();
    }
    anthropic.close();
    openai.close();
  }
}

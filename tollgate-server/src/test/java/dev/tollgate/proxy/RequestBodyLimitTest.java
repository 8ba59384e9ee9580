package dev.tollgate.proxy;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tollgate.config.ConfigLoader;
import dev.tollgate.config.TollgateConfig;
import dev.tollgate.proxy.openai.OpenAiCodec;
import dev.tollgate.server.Gateway;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
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
 * A body above the limit is refused with 413 in the endpoint's own error format, never read whole.
 */
class RequestBodyLimitTest {

  @TempDir Path dir;

  private final HttpClient client = HttpClient.newHttpClient();
  private Gateway gateway;

  @BeforeEach
  void start() {
    TollgateConfig config =
        ConfigLoader.load(Optional.empty(), Map.of(), dir)
            .withServer("127.0.0.1", 0)
            .withDataDir(dir.resolve("data"));
    gateway = Gateway.start(config, InstantSource.system());
  }

  @AfterEach
  void stop() {
    gateway.close();
  }

  private HttpResponse<String> post(String path, int bytes) throws Exception {
    HttpRequest request =
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + gateway.port() + path))
            .timeout(Duration.ofSeconds(20))
            .header("content-type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofString("x".repeat(bytes)))
            .build();
    return client.send(request, HttpResponse.BodyHandlers.ofString());
  }

  @Test
  void anOversizedChatCompletionIsRefusedWith413InOpenAiFormat() throws Exception {
    HttpResponse<String> response = post("/v1/chat/completions", OpenAiCodec.MAX_BODY_BYTES + 1);
    assertThat(response.statusCode()).isEqualTo(413);
    assertThat(response.body()).contains("\"code\":\"request_too_large\"", "larger than");
  }

  @Test
  void anOversizedMessageIsRefusedWith413InAnthropicFormat() throws Exception {
    HttpResponse<String> response = post("/v1/messages", OpenAiCodec.MAX_BODY_BYTES + 1);
    assertThat(response.statusCode()).isEqualTo(413);
    assertThat(response.body()).contains("\"type\":\"error\"", "request_too_large");
  }

  @Test
  void aBodyAtTheLimitIsReadAndJudgedOnItsContent() throws Exception {
    HttpResponse<String> response = post("/v1/embeddings", OpenAiCodec.MAX_BODY_BYTES);
    // not JSON, so a 400 naming the problem: the size was fine
    assertThat(response.statusCode()).isEqualTo(400);
  }
}

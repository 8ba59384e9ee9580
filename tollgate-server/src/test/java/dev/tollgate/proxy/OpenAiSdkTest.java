package dev.tollgate.proxy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.openai.client.OpenAIClient;
import com.openai.client.okhttp.OpenAIOkHttpClient;
import com.openai.errors.UnauthorizedException;
import com.openai.models.chat.completions.ChatCompletion;
import com.openai.models.chat.completions.ChatCompletionCreateParams;
import dev.tollgate.config.TollgateConfig;
import dev.tollgate.server.Gateway;
import java.nio.file.Path;
import java.time.InstantSource;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The official OpenAI Java SDK, pointed at Tollgate, works unchanged with a virtual key. */
class OpenAiSdkTest {

  @TempDir Path dir;

  private Gateway gateway;

  @BeforeEach
  void start() {
    TollgateConfig config = TollgateConfig.defaults(dir).withServer("127.0.0.1", 0);
    gateway = Gateway.start(config, InstantSource.system());
  }

  @AfterEach
  void stop() {
    gateway.close();
  }

  private OpenAIClient client(String key) {
    return OpenAIOkHttpClient.builder()
        .baseUrl("http://127.0.0.1:" + gateway.port() + "/v1")
        .apiKey(key)
        .maxRetries(0)
        .build();
  }

  @Test
  void theSdkGetsAChatCompletionWithUsage() {
    OpenAIClient client = client(gateway.demoKeySecret().orElseThrow());

    ChatCompletion completion =
        client
            .chat()
            .completions()
            .create(
                ChatCompletionCreateParams.builder()
                    .model("gpt-4o-mini")
                    .addUserMessage("Hello")
                    .build());

    assertThat(completion.model()).isEqualTo("gpt-4o-mini");
    assertThat(completion.choices().getFirst().message().content())
        .contains("This is Tollgate's simulated provider. You said: Hello");
    assertThat(completion.usage().orElseThrow().totalTokens()).isEqualTo(23);
  }

  @Test
  void theSdkListsTheModels() {
    OpenAIClient client = client(gateway.demoKeySecret().orElseThrow());

    assertThat(client.models().list().data())
        .anySatisfy(m -> assertThat(m.id()).isEqualTo("gpt-4o-mini"));
  }

  @Test
  void theSdkSeesABadKeyAsUnauthorized() {
    OpenAIClient client = client("tg-not-a-key");

    assertThatThrownBy(
            () ->
                client
                    .chat()
                    .completions()
                    .create(
                        ChatCompletionCreateParams.builder()
                            .model("gpt-4o-mini")
                            .addUserMessage("Hello")
                            .build()))
        .isInstanceOf(UnauthorizedException.class);
  }

  @Test
  void theSdkStreamsAChatCompletion() {
    OpenAIClient client = client(gateway.demoKeySecret().orElseThrow());
    StringBuilder content = new StringBuilder();

    try (com.openai.core.http.StreamResponse<com.openai.models.chat.completions.ChatCompletionChunk>
        stream =
            client
                .chat()
                .completions()
                .createStreaming(
                    ChatCompletionCreateParams.builder()
                        .model("gpt-4o-mini")
                        .addUserMessage("Hello")
                        .build())) {
      stream.stream()
          .forEach(c -> c.choices().forEach(ch -> ch.delta().content().ifPresent(content::append)));
    }

    assertThat(content).hasToString("This is Tollgate's simulated provider. You said: Hello");
  }
}

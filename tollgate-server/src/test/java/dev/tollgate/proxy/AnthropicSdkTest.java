package dev.tollgate.proxy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.anthropic.client.AnthropicClient;
import com.anthropic.client.okhttp.AnthropicOkHttpClient;
import com.anthropic.core.http.StreamResponse;
import com.anthropic.errors.UnauthorizedException;
import com.anthropic.helpers.MessageAccumulator;
import com.anthropic.models.messages.Message;
import com.anthropic.models.messages.MessageCountTokensParams;
import com.anthropic.models.messages.MessageCreateParams;
import com.anthropic.models.messages.RawMessageStreamEvent;
import com.anthropic.models.messages.StopReason;
import dev.tollgate.config.TollgateConfig;
import dev.tollgate.server.Gateway;
import java.nio.file.Path;
import java.time.InstantSource;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The official Anthropic Java SDK, pointed at Tollgate, works unchanged with a virtual key. */
class AnthropicSdkTest {

  private static final String REPLY = "This is Tollgate's simulated provider. You said: Hello";

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

  private AnthropicClient client(String key) {
    return AnthropicOkHttpClient.builder()
        .baseUrl("http://127.0.0.1:" + gateway.port())
        .apiKey(key)
        .maxRetries(0)
        .build();
  }

  private static MessageCreateParams hello() {
    return MessageCreateParams.builder()
        .model("claude-3-5-haiku")
        .maxTokens(1024)
        .addUserMessage("Hello")
        .build();
  }

  @Test
  void theSdkGetsAMessageWithUsage() {
    Message message = client(gateway.demoKeySecret().orElseThrow()).messages().create(hello());

    assertThat(message.id()).startsWith("msg_");
    assertThat(message.model().asString()).isEqualTo("claude-3-5-haiku");
    assertThat(message.content().getFirst().asText().text()).isEqualTo(REPLY);
    assertThat(message.stopReason()).contains(StopReason.END_TURN);
    // "Hello": ceil(5/4) = 2, + 4 for the message + 3 for the reply = 9; the reply is 14.
    assertThat(message.usage().inputTokens()).isEqualTo(9);
    assertThat(message.usage().outputTokens()).isEqualTo(14);
  }

  @Test
  void theSdkSeesABadKeyAsUnauthorized() {
    assertThatThrownBy(() -> client("tg-not-a-key").messages().create(hello()))
        .isInstanceOf(UnauthorizedException.class);
  }

  @Test
  void theSdkStreamsAMessage() {
    AnthropicClient client = client(gateway.demoKeySecret().orElseThrow());
    MessageAccumulator accumulator = MessageAccumulator.create();

    try (StreamResponse<RawMessageStreamEvent> stream =
        client.messages().createStreaming(hello())) {
      stream.stream().forEach(accumulator::accumulate);
    }

    Message message = accumulator.message();
    assertThat(message.content().getFirst().asText().text()).isEqualTo(REPLY);
    assertThat(message.stopReason()).contains(StopReason.END_TURN);
    assertThat(message.usage().inputTokens()).isEqualTo(9);
    assertThat(message.usage().outputTokens()).isEqualTo(14);
  }

  @Test
  void theSdkCountsTokens() {
    AnthropicClient client = client(gateway.demoKeySecret().orElseThrow());

    long tokens =
        client
            .messages()
            .countTokens(
                MessageCountTokensParams.builder()
                    .model("claude-3-5-haiku")
                    .addUserMessage("Hello")
                    .build())
            .inputTokens();

    assertThat(tokens).isEqualTo(9);
  }
}

package dev.tollgate.translate;

import static dev.tollgate.translate.Golden.json;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tollgate.provider.ChatCall;
import dev.tollgate.provider.MessagesProvider;
import dev.tollgate.provider.NativeUsage;
import dev.tollgate.provider.Provider;
import dev.tollgate.provider.ProviderResponse;
import dev.tollgate.usage.ApiFormat;
import dev.tollgate.usage.UsageExtractor;
import dev.tollgate.usage.UsageFormatException;
import io.vertx.core.Future;
import io.vertx.core.Handler;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * A translated stream whose upstream never reported usage must not be metered as 0 tokens: the
 * translation tells the meter an empty native usage, which it cannot read and so charges at the
 * worst case, as it does a native stream without usage.
 */
class TranslatedUsageTest {

  private final List<NativeUsage> told = new ArrayList<>();

  private ChatCall call(String body) {
    return new ChatCall("r-1", "m", json(body), told::add);
  }

  @Test
  void anOpenAiStreamWithoutAUsageChunkIsToldAsAnUnreadableUsage() {
    Provider noUsage =
        new Provider() {
          @Override
          public String id() {
            return "openai";
          }

          @Override
          public Future<ProviderResponse> chat(ChatCall call) {
            throw new UnsupportedOperationException();
          }

          @Override
          public Future<Void> chatStream(ChatCall call, Handler<ObjectNode> chunks) {
            chunks.handle(
                json("{\"id\":\"c\",\"choices\":[{\"index\":0,\"delta\":{\"content\":\"Hi\"}}]}"));
            chunks.handle(
                json(
                    "{\"id\":\"c\",\"choices\":[{\"index\":0,\"delta\":{},\"finish_reason\":\"stop\"}]}"));
            return Future.succeededFuture();
          }
        };
    List<String> events = new ArrayList<>();

    Translation.messagesOn(noUsage, "max_tokens")
        .messagesStream(
            call(
                "{\"model\":\"m\",\"max_tokens\":5,\"messages\":[{\"role\":\"user\",\"content\":\"Hi\"}]}"),
            e -> events.add(e.name()));

    assertThat(events).endsWith("message_delta", "message_stop");
    assertThat(told).singleElement().satisfies(u -> assertUnreadable(u, ApiFormat.OPENAI_CHAT));
  }

  @Test
  void anAnthropicStreamWithoutUsageIsToldAsAnUnreadableUsage() {
    MessagesProvider noUsage =
        new MessagesProvider() {
          @Override
          public String id() {
            return "anthropic";
          }

          @Override
          public Future<ProviderResponse> messages(ChatCall call) {
            throw new UnsupportedOperationException();
          }

          @Override
          public Future<Void> messagesStream(ChatCall call, Handler<Event> events) {
            events.handle(
                Event.of(json("{\"type\":\"message_start\",\"message\":{\"id\":\"x\"}}")));
            events.handle(Event.of(json("{\"type\":\"message_stop\"}")));
            return Future.succeededFuture();
          }
        };

    Translation.chatOn(noUsage, m -> 10, InstantSource.system())
        .chatStream(
            call("{\"model\":\"m\",\"messages\":[{\"role\":\"user\",\"content\":\"Hi\"}]}"),
            c -> {});

    assertThat(told)
        .singleElement()
        .satisfies(u -> assertUnreadable(u, ApiFormat.ANTHROPIC_MESSAGES));
  }

  private static void assertUnreadable(NativeUsage usage, ApiFormat format) {
    assertThat(usage.format()).isEqualTo(format);
    assertThatThrownBy(() -> UsageExtractor.of(format).fromUsage(usage.usage()))
        .isInstanceOf(UsageFormatException.class);
  }
}

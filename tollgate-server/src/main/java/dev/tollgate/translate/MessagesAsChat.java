package dev.tollgate.translate;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tollgate.provider.ChatCall;
import dev.tollgate.provider.MessagesProvider;
import dev.tollgate.provider.NativeUsage;
import dev.tollgate.provider.Provider;
import dev.tollgate.provider.ProviderResponse;
import dev.tollgate.provider.UpstreamStatusException;
import dev.tollgate.usage.ApiFormat;
import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.http.HttpServerResponse;
import java.time.InstantSource;
import java.util.function.ToLongFunction;

/**
 * A Messages upstream (Anthropic's API) serving OpenAI chat completions: the request is translated
 * by {@link ChatToMessages}, the answer by {@link Replies} or, streamed, by {@link EventsToChunks},
 * and errors by {@link Errors}. The upstream's native usage goes to the call's {@link
 * ChatCall#nativeUsage()}, so cache writes are metered as such.
 */
final class MessagesAsChat implements Provider {

  private final MessagesProvider upstream;
  private final ToLongFunction<String> defaultMaxTokens;
  private final InstantSource clock;

  MessagesAsChat(
      MessagesProvider upstream, ToLongFunction<String> defaultMaxTokens, InstantSource clock) {
    this.upstream = upstream;
    this.defaultMaxTokens = defaultMaxTokens;
    this.clock = clock;
  }

  @Override
  public String id() {
    return upstream.id();
  }

  @Override
  public Future<ProviderResponse> chat(ChatCall call) {
    ObjectNode request =
        ChatToMessages.request(call.body(), defaultMaxTokens.applyAsLong(call.model()));
    return upstream
        .messages(call.withBody(request))
        .map(
            r -> {
              if (!r.ok()) {
                return Errors.anthropicToOpenAi(r);
              }
              report(call, r.body().get("usage"));
              return new ProviderResponse(r.status(), Replies.messageToChat(r.body(), now()));
            });
  }

  @Override
  public Future<Void> chatStream(ChatCall call, Handler<ObjectNode> chunks) {
    return chatStream(call, chunks, null);
  }

  @Override
  public Future<Void> chatStream(
      ChatCall call, Handler<ObjectNode> chunks, HttpServerResponse client) {
    ObjectNode request =
        ChatToMessages.request(call.body(), defaultMaxTokens.applyAsLong(call.model()));
    request.put("stream", true);
    EventsToChunks stream = new EventsToChunks(now());
    return upstream
        .messagesStream(
            call.withBody(request),
            event -> stream.next(event.name(), event.data()).forEach(chunks::handle),
            client)
        .transform(
            done -> {
              if (done.succeeded()) {
                report(call, stream.hasUsage() ? stream.nativeUsage() : null);
                return Future.succeededFuture();
              }
              if (done.cause() instanceof UpstreamStatusException refused) {
                return Future.failedFuture(
                    new UpstreamStatusException(Errors.anthropicToOpenAi(refused.response())));
              }
              return Future.failedFuture(done.cause());
            });
  }

  /**
   * Tells the call the upstream's usage. An answer without one is told as an empty usage, which the
   * meter cannot read and so charges at the reserved worst case, as it does a native answer without
   * usage: the translated usage would otherwise say 0 tokens.
   */
  private static void report(ChatCall call, JsonNode usage) {
    JsonNode counts =
        usage != null && usage.isObject() ? usage : JsonNodeFactory.instance.objectNode();
    call.nativeUsage().handle(new NativeUsage(ApiFormat.ANTHROPIC_MESSAGES, counts));
  }

  private long now() {
    return clock.instant().getEpochSecond();
  }
}

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

/**
 * An OpenAI-compatible upstream serving Anthropic Messages requests: the request is translated by
 * {@link MessagesToChat}, the answer by {@link Replies} or, streamed, by {@link ChunksToEvents},
 * and errors by {@link Errors}. The upstream's native usage goes to the call's {@link
 * ChatCall#nativeUsage()}.
 */
final class ChatAsMessages implements MessagesProvider {

  private final Provider upstream;
  private final String boundField;

  ChatAsMessages(Provider upstream, String boundField) {
    this.upstream = upstream;
    this.boundField = boundField;
  }

  @Override
  public String id() {
    return upstream.id();
  }

  @Override
  public Future<ProviderResponse> messages(ChatCall call) {
    ObjectNode request = MessagesToChat.request(call.body(), boundField);
    return upstream
        .chat(call.withBody(request))
        .map(
            r -> {
              if (!r.ok()) {
                return Errors.openAiToAnthropic(r);
              }
              report(call, r.body().get("usage"));
              return new ProviderResponse(r.status(), Replies.chatToMessage(r.body()));
            });
  }

  @Override
  public Future<Void> messagesStream(ChatCall call, Handler<Event> events) {
    return messagesStream(call, events, null);
  }

  @Override
  public Future<Void> messagesStream(
      ChatCall call, Handler<Event> events, HttpServerResponse client) {
    ObjectNode request = MessagesToChat.request(call.body(), boundField);
    request.put("stream", true);
    request.putObject("stream_options").put("include_usage", true);
    ChunksToEvents stream = new ChunksToEvents();
    return upstream
        .chatStream(
            call.withBody(request),
            chunk -> stream.next(chunk).forEach(e -> events.handle(Event.of(e))),
            client)
        .transform(
            done -> {
              if (done.succeeded()) {
                stream.finish().forEach(e -> events.handle(Event.of(e)));
                report(call, stream.nativeUsage());
                return Future.succeededFuture();
              }
              if (done.cause() instanceof UpstreamStatusException refused) {
                return Future.failedFuture(
                    new UpstreamStatusException(Errors.openAiToAnthropic(refused.response())));
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
    call.nativeUsage().handle(new NativeUsage(ApiFormat.OPENAI_CHAT, counts));
  }
}

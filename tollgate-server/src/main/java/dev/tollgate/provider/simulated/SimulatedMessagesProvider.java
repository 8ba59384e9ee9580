package dev.tollgate.provider.simulated;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tollgate.provider.ChatCall;
import dev.tollgate.provider.MessagesProvider;
import dev.tollgate.provider.ProviderResponse;
import dev.tollgate.proxy.TokenEstimator;
import io.vertx.core.Future;
import io.vertx.core.Handler;

/**
 * The simulated provider's Anthropic flavour: the same reply as {@link SimulatedProvider}, in
 * Anthropic's Messages wire format. Input tokens are {@link TokenEstimator#anthropic} of the system
 * prompt and messages, output tokens those of the reply, at most {@code max_tokens} (then the reply
 * is cut and {@code stop_reason} is {@code max_tokens}). No cache is simulated.
 */
public final class SimulatedMessagesProvider implements MessagesProvider {

  private static final JsonNodeFactory JSON = JsonNodeFactory.instance;

  @Override
  public String id() {
    return SimulatedProvider.ID;
  }

  @Override
  public Future<ProviderResponse> messages(ChatCall call) {
    return Future.succeededFuture(new ProviderResponse(200, answer(call)));
  }

  /**
   * Streams the same answer as {@link #messages}, event by event as Anthropic sends them: {@code
   * message_start} (with the input usage and an output count of 1, as Anthropic reports it), one
   * text block in up to {@value SimulatedProvider#PIECES} deltas after a {@code ping}, then {@code
   * message_delta} with the stop reason and the cumulative output usage, and {@code message_stop}.
   */
  @Override
  public Future<Void> messagesStream(ChatCall call, Handler<Event> events) {
    ObjectNode whole = answer(call);
    String text = whole.at("/content/0/text").asText();
    ObjectNode start = whole.deepCopy();
    start.putArray("content");
    start.putNull("stop_reason");
    ((ObjectNode) start.get("usage")).put("output_tokens", 1);
    ObjectNode first = event("message_start");
    first.set("message", start);
    events.handle(Event.of(first));
    ObjectNode block = event("content_block_start").put("index", 0);
    block.putObject("content_block").put("type", "text").put("text", "");
    events.handle(Event.of(block));
    events.handle(Event.of(event("ping")));
    int step =
        Math.max(1, (text.length() + SimulatedProvider.PIECES - 1) / SimulatedProvider.PIECES);
    for (int i = 0; i < text.length(); i += step) {
      ObjectNode delta = event("content_block_delta").put("index", 0);
      delta
          .putObject("delta")
          .put("type", "text_delta")
          .put("text", text.substring(i, Math.min(text.length(), i + step)));
      events.handle(Event.of(delta));
    }
    events.handle(Event.of(event("content_block_stop").put("index", 0)));
    ObjectNode end = event("message_delta");
    end.putObject("delta")
        .put("stop_reason", whole.get("stop_reason").asText())
        .putNull("stop_sequence");
    end.putObject("usage").put("output_tokens", whole.at("/usage/output_tokens").asLong());
    events.handle(Event.of(end));
    events.handle(Event.of(event("message_stop")));
    return Future.succeededFuture();
  }

  /** The data of an event of {@code type}, to fill in. */
  private static ObjectNode event(String type) {
    return JSON.objectNode().put("type", type);
  }

  private ObjectNode answer(ChatCall call) {
    JsonNode messages = call.body().path("messages");
    String text = SimulatedProvider.reply(messages);
    long full = TokenEstimator.text(text);
    long bound = SimulatedProvider.maxTokens(call.body());
    long output = Math.min(full, bound);
    boolean cut = output < full;
    if (cut) {
      // Four characters a token, the estimator's own rule, so usage and text agree.
      long chars = Math.min(text.codePointCount(0, text.length()), output * 4);
      text = text.substring(0, text.offsetByCodePoints(0, (int) chars));
    }
    ObjectNode body = JSON.objectNode();
    body.put("id", "msg_" + call.requestId().replace("-", ""));
    body.put("type", "message");
    body.put("role", "assistant");
    body.put("model", call.model());
    body.putArray("content").addObject().put("type", "text").put("text", text);
    body.put("stop_reason", cut ? "max_tokens" : "end_turn");
    body.putNull("stop_sequence");
    ObjectNode usage = body.putObject("usage");
    usage.put("input_tokens", TokenEstimator.anthropic(call.body().get("system"), messages));
    usage.put("cache_creation_input_tokens", 0);
    usage.put("cache_read_input_tokens", 0);
    usage.put("output_tokens", output);
    return body;
  }
}

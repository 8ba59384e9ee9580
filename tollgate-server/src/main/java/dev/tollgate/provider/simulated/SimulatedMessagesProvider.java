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
import io.vertx.core.http.HttpServerResponse;
import java.util.ArrayList;
import java.util.List;

/**
 * The simulated provider's Anthropic flavour: the same reply as {@link SimulatedProvider}, in
 * Anthropic's Messages wire format. Input tokens are {@link TokenEstimator#anthropic} of the system
 * prompt and messages; the cache tokens of {@link SimulatedOptions} are reported beside them, as
 * Anthropic does ({@code input_tokens} excludes the cache). Output tokens are those of the reply,
 * at most {@code max_tokens} (then the reply is cut and {@code stop_reason} is {@code max_tokens}).
 * Latency, stream pacing and faults follow its options.
 */
public final class SimulatedMessagesProvider implements MessagesProvider {

  private static final JsonNodeFactory JSON = JsonNodeFactory.instance;

  private final Simulation simulation;

  /** A provider that answers at once and never fails. */
  public SimulatedMessagesProvider() {
    this(SimulatedOptions.DEFAULT);
  }

  /** A provider that behaves as {@code options} say. */
  public SimulatedMessagesProvider(SimulatedOptions options) {
    this.simulation = new Simulation(options);
  }

  @Override
  public String id() {
    return SimulatedProvider.ID;
  }

  @Override
  public Future<ProviderResponse> messages(ChatCall call) {
    return simulation.answer(Simulation::anthropicError, () -> answer(call));
  }

  /**
   * Streams the same answer as {@link #messages}, event by event as Anthropic sends them: {@code
   * message_start} (with the input and cache usage and an output count of 1, as Anthropic reports
   * it), one text block in {@link SimulatedOptions#streamChunks} deltas after a {@code ping}, then
   * {@code message_delta} with the stop reason and the cumulative output usage, and {@code
   * message_stop}.
   */
  @Override
  public Future<Void> messagesStream(ChatCall call, Handler<Event> events) {
    return messagesStream(call, events, null);
  }

  /** As {@link #messagesStream(ChatCall, Handler)}, stopping when {@code client} closes. */
  public Future<Void> messagesStream(
      ChatCall call, Handler<Event> events, HttpServerResponse client) {
    return simulation.stream(Simulation::anthropicError, () -> events(call), events, client);
  }

  private List<Event> events(ChatCall call) {
    ObjectNode whole = answer(call);
    String text = whole.at("/content/0/text").asText();
    ObjectNode start = whole.deepCopy();
    start.putArray("content");
    start.putNull("stop_reason");
    ((ObjectNode) start.get("usage")).put("output_tokens", 1);
    ObjectNode first = event("message_start");
    first.set("message", start);
    List<Event> all = new ArrayList<>();
    all.add(Event.of(first));
    ObjectNode block = event("content_block_start").put("index", 0);
    block.putObject("content_block").put("type", "text").put("text", "");
    all.add(Event.of(block));
    all.add(Event.of(event("ping")));
    for (String piece : SimulatedProvider.pieces(text, simulation.options().streamChunks())) {
      ObjectNode delta = event("content_block_delta").put("index", 0);
      delta.putObject("delta").put("type", "text_delta").put("text", piece);
      all.add(Event.of(delta));
    }
    all.add(Event.of(event("content_block_stop").put("index", 0)));
    ObjectNode end = event("message_delta");
    end.putObject("delta")
        .put("stop_reason", whole.get("stop_reason").asText())
        .putNull("stop_sequence");
    end.putObject("usage").put("output_tokens", whole.at("/usage/output_tokens").asLong());
    all.add(Event.of(end));
    all.add(Event.of(event("message_stop")));
    return all;
  }

  /** The data of an event of {@code type}, to fill in. */
  private static ObjectNode event(String type) {
    return JSON.objectNode().put("type", type);
  }

  private ObjectNode answer(ChatCall call) {
    JsonNode messages = call.body().path("messages");
    String text = simulation.text(SimulatedProvider.reply(messages));
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
    usage.put("cache_creation_input_tokens", simulation.options().cacheWriteTokens());
    usage.put("cache_read_input_tokens", simulation.options().cacheReadTokens());
    usage.put("output_tokens", output);
    return body;
  }
}

package dev.tollgate.provider.simulated;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tollgate.provider.ChatCall;
import dev.tollgate.provider.ProviderResponse;
import dev.tollgate.provider.ResponsesProvider;
import dev.tollgate.proxy.TokenEstimator;
import dev.tollgate.proxy.openai.ResponsesCodec;
import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.http.HttpServerResponse;
import java.time.InstantSource;

/**
 * The simulated provider's Responses API, in OpenAI's wire format, depending only on the request:
 * one assistant message whose text is {@link SimulatedProvider#reply} of the input (as {@link
 * ResponsesCodec#messages} reads it). Input tokens are {@link TokenEstimator#messages} of those
 * messages, output tokens those of the text, at most {@code max_output_tokens}; a cut answer is
 * {@code incomplete} with {@code incomplete_details.reason: max_output_tokens}. A stream sends the
 * documented events, the text in up to {@value SimulatedProvider#PIECES} deltas, and ends with
 * {@code response.completed} (or {@code response.incomplete}) carrying the whole response.
 */
public final class SimulatedResponsesProvider implements ResponsesProvider {

  private static final JsonNodeFactory JSON = JsonNodeFactory.instance;

  private final InstantSource clock;

  /** A provider that dates its answers by {@code clock}. */
  public SimulatedResponsesProvider(InstantSource clock) {
    this.clock = clock;
  }

  @Override
  public String id() {
    return SimulatedProvider.ID;
  }

  @Override
  public Future<ProviderResponse> responses(ChatCall call) {
    return Future.succeededFuture(new ProviderResponse(200, answer(call)));
  }

  @Override
  public Future<Void> responsesStream(
      ChatCall call, Handler<ObjectNode> events, HttpServerResponse client) {
    ObjectNode whole = answer(call);
    ObjectNode item = (ObjectNode) whole.at("/output/0");
    ObjectNode part = (ObjectNode) item.at("/content/0");
    String text = part.path("text").asText();
    String itemId = item.path("id").asText();
    int[] seq = {0};
    ObjectNode started = started(whole);
    events.handle(event("response.created", seq).set("response", started));
    events.handle(event("response.in_progress", seq).set("response", started));
    ObjectNode emptyItem = item.deepCopy().put("status", "in_progress");
    emptyItem.putArray("content");
    events.handle(
        event("response.output_item.added", seq).put("output_index", 0).set("item", emptyItem));
    ObjectNode emptyPart = part.deepCopy().put("text", "");
    events.handle(inItem("response.content_part.added", seq, itemId).set("part", emptyPart));
    for (String piece : SimulatedProvider.pieces(text, SimulatedOptions.DEFAULT.streamChunks())) {
      ObjectNode delta = inItem("response.output_text.delta", seq, itemId).put("delta", piece);
      delta.putArray("logprobs");
      events.handle(delta);
    }
    ObjectNode done = inItem("response.output_text.done", seq, itemId).put("text", text);
    done.putArray("logprobs");
    events.handle(done);
    events.handle(inItem("response.content_part.done", seq, itemId).set("part", part));
    events.handle(event("response.output_item.done", seq).put("output_index", 0).set("item", item));
    String terminal =
        "incomplete".equals(whole.path("status").asText())
            ? "response.incomplete"
            : "response.completed";
    events.handle(event(terminal, seq).set("response", whole));
    return Future.succeededFuture();
  }

  private static ObjectNode event(String type, int[] seq) {
    return JSON.objectNode().put("type", type).put("sequence_number", seq[0]++);
  }

  private static ObjectNode inItem(String type, int[] seq, String itemId) {
    return event(type, seq).put("item_id", itemId).put("output_index", 0).put("content_index", 0);
  }

  /** The response as {@code response.created} shows it: in progress, no output, no usage yet. */
  private static ObjectNode started(ObjectNode whole) {
    ObjectNode started = whole.deepCopy();
    started.put("status", "in_progress");
    started.putNull("incomplete_details");
    started.putArray("output");
    started.putNull("usage");
    return started;
  }

  /** A Responses usage: no cached or reasoning tokens in a simulated answer. */
  private static ObjectNode usage(long input, long output) {
    ObjectNode usage = JSON.objectNode();
    usage.put("input_tokens", input);
    usage.putObject("input_tokens_details").put("cached_tokens", 0);
    usage.put("output_tokens", output);
    usage.putObject("output_tokens_details").put("reasoning_tokens", 0);
    usage.put("total_tokens", input + output);
    return usage;
  }

  /** The one output item: an assistant message of {@code text}, incomplete if it was cut. */
  private static ObjectNode message(ChatCall call, String text, boolean cut) {
    ObjectNode item = JSON.objectNode();
    item.put("type", "message");
    item.put("id", "msg_" + call.requestId());
    item.put("status", cut ? "incomplete" : "completed");
    item.put("role", "assistant");
    ObjectNode part = item.putArray("content").addObject();
    part.put("type", "output_text");
    part.put("text", text);
    part.putArray("annotations");
    return item;
  }

  private ObjectNode answer(ChatCall call) {
    JsonNode messages = ResponsesCodec.messages(call.body());
    String text = SimulatedProvider.reply(messages);
    long full = TokenEstimator.text(text);
    JsonNode max = call.body().get(ResponsesCodec.MAX_OUTPUT_TOKENS);
    long bound = max != null && max.canConvertToLong() ? max.asLong() : Long.MAX_VALUE;
    long output = Math.min(full, bound);
    boolean cut = output < full;
    if (cut) {
      text = SimulatedProvider.cut(text, output);
    }
    long input = TokenEstimator.messages(messages);
    ObjectNode body = JSON.objectNode();
    body.put("id", "resp_" + call.requestId());
    body.put("object", "response");
    body.put("created_at", clock.millis() / 1000);
    body.put("status", cut ? "incomplete" : "completed");
    body.putNull("error");
    if (cut) {
      body.putObject("incomplete_details").put("reason", "max_output_tokens");
    } else {
      body.putNull("incomplete_details");
    }
    body.set(
        "instructions",
        call.body().path("instructions").isTextual()
            ? call.body().get("instructions")
            : JSON.nullNode());
    body.set("max_output_tokens", max == null ? JSON.nullNode() : max);
    body.put("model", call.model());
    body.putArray("output").add(message(call, text, cut));
    body.put("parallel_tool_calls", true);
    body.putNull("previous_response_id");
    body.put("temperature", 1.0);
    body.put("tool_choice", "auto");
    body.putArray("tools");
    body.put("top_p", 1.0);
    body.putObject("metadata");
    body.set("usage", usage(input, output));
    return body;
  }
}

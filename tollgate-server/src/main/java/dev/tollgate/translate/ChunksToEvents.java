package dev.tollgate.translate;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;

/**
 * OpenAI {@code chat.completion.chunk}s as an Anthropic Messages event stream, one stream per
 * instance: the first chunk opens {@code message_start}; content opens a text block and becomes
 * {@code text_delta}s; each new tool call closes the open block and opens a {@code tool_use} block
 * whose arguments become {@code input_json_delta}s; {@link #finish} closes the open block and sends
 * {@code message_delta} (stop reason and the usage of the last chunk) and {@code message_stop}.
 * OpenAI reports usage only at the end, so {@code message_start}'s counts are 0 and {@code
 * message_delta} carries them all. The last usage seen is kept as the native usage to meter. Only
 * the first choice is read: translated requests ask for one. Not thread-safe.
 */
public final class ChunksToEvents {

  private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

  private boolean started;
  private int blocks;
  private String open = "";
  private int openTool = -1;
  private String stopReason = "end_turn";
  private JsonNode usage;

  /** The events, each as its data (whose {@code type} is its name), for one chunk. */
  public List<ObjectNode> next(JsonNode chunk) {
    List<ObjectNode> events = new ArrayList<>();
    if (!started) {
      started = true;
      events.add(start(chunk));
    }
    if (chunk.path("usage").isObject()) {
      usage = chunk.get("usage");
    }
    JsonNode choice = chunk.path("choices").path(0);
    JsonNode delta = choice.path("delta");
    String text = delta.path("content").asText("");
    if (!text.isEmpty()) {
      if (!open.equals("text")) {
        close(events);
        ObjectNode block = event("content_block_start").put("index", blocks);
        block.putObject("content_block").put("type", "text").put("text", "");
        events.add(block);
        open = "text";
      }
      ObjectNode d = event("content_block_delta").put("index", blocks);
      d.putObject("delta").put("type", "text_delta").put("text", text);
      events.add(d);
    }
    for (JsonNode call : delta.path("tool_calls")) {
      tool(call, events);
    }
    String finish = choice.path("finish_reason").asText(null);
    if (finish != null) {
      stopReason = Replies.stopReason(finish);
    }
    return events;
  }

  /** The closing events: the open block's stop, {@code message_delta} and {@code message_stop}. */
  public List<ObjectNode> finish() {
    List<ObjectNode> events = new ArrayList<>();
    if (!started) {
      return events;
    }
    close(events);
    ObjectNode delta = event("message_delta");
    delta.putObject("delta").put("stop_reason", stopReason).putNull("stop_sequence");
    delta.set(
        "usage",
        usage == null ? NODES.objectNode().put("output_tokens", 0) : Replies.messagesUsage(usage));
    events.add(delta);
    events.add(event("message_stop"));
    return events;
  }

  /** The usage of the stream's last usage chunk, in OpenAI's format; null before it came. */
  public JsonNode nativeUsage() {
    return usage;
  }

  private void tool(JsonNode call, List<ObjectNode> events) {
    int index = call.path("index").asInt(0);
    if (!open.equals("tool_use") || index != openTool) {
      close(events);
      ObjectNode block = event("content_block_start").put("index", blocks);
      block
          .putObject("content_block")
          .put("type", "tool_use")
          .put("id", call.path("id").asText())
          .put("name", call.path("function").path("name").asText())
          .putObject("input");
      events.add(block);
      open = "tool_use";
      openTool = index;
    }
    String arguments = call.path("function").path("arguments").asText("");
    if (!arguments.isEmpty()) {
      ObjectNode d = event("content_block_delta").put("index", blocks);
      d.putObject("delta").put("type", "input_json_delta").put("partial_json", arguments);
      events.add(d);
    }
  }

  private void close(List<ObjectNode> events) {
    if (!open.isEmpty()) {
      events.add(event("content_block_stop").put("index", blocks));
      blocks++;
      open = "";
      openTool = -1;
    }
  }

  private static ObjectNode start(JsonNode chunk) {
    ObjectNode start = event("message_start");
    ObjectNode message = start.putObject("message");
    message.put("id", "msg_" + chunk.path("id").asText());
    message.put("type", "message");
    message.put("role", "assistant");
    message.put("model", chunk.path("model").asText());
    message.putArray("content");
    message.putNull("stop_reason");
    message.putNull("stop_sequence");
    message.putObject("usage").put("input_tokens", 0).put("output_tokens", 0);
    return start;
  }

  private static ObjectNode event(String type) {
    return NODES.objectNode().put("type", type);
  }
}

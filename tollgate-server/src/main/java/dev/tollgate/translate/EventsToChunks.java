package dev.tollgate.translate;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * An Anthropic Messages event stream as OpenAI {@code chat.completion.chunk}s, one stream per
 * instance: {@code message_start} is the role chunk, {@code text_delta}s are content chunks, a
 * {@code tool_use} block is a tool call (its id and name first, then its {@code input_json_delta}s
 * as arguments), {@code message_delta} is the finish-reason chunk, and {@code message_stop} is the
 * usage chunk (no choices). Thinking, pings and block stops produce nothing. The usage of {@code
 * message_start} updated by {@code message_delta}'s (whose counts are cumulative) is kept as the
 * native usage to meter. Not thread-safe.
 */
public final class EventsToChunks {

  private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

  private final long created;
  private final ObjectNode usage = NODES.objectNode();
  private final Map<Integer, Integer> toolIndex = new HashMap<>();
  private String id = "chatcmpl-";
  private String model = "";

  /** A translator whose chunks report {@code created} as their Unix time. */
  public EventsToChunks(long created) {
    this.created = created;
  }

  /** The chunks for one event of type {@code name} with {@code data}, in order. */
  public List<ObjectNode> next(String name, JsonNode data) {
    return switch (name) {
      case "message_start" -> start(data.path("message"));
      case "content_block_start" -> blockStart(data);
      case "content_block_delta" -> delta(data);
      case "message_delta" -> {
        merge(data.path("usage"));
        ObjectNode c = chunk(NODES.objectNode());
        ((ObjectNode) c.get("choices").get(0))
            .put(
                "finish_reason",
                Replies.finishReason(data.path("delta").path("stop_reason").asText(null)));
        yield List.of(c);
      }
      case "message_stop" -> {
        ObjectNode c = header();
        c.putArray("choices");
        c.set("usage", Replies.chatUsage(usage));
        yield List.of(c);
      }
      default -> List.of(); // ping, content_block_stop
    };
  }

  /** The usage the upstream reported so far, in Anthropic's format; empty before any. */
  public ObjectNode nativeUsage() {
    return usage;
  }

  /** Whether any usage came yet. */
  public boolean hasUsage() {
    return !usage.isEmpty();
  }

  private List<ObjectNode> start(JsonNode message) {
    id = "chatcmpl-" + message.path("id").asText();
    model = message.path("model").asText();
    merge(message.path("usage"));
    return List.of(chunk(NODES.objectNode().put("role", "assistant").put("content", "")));
  }

  private List<ObjectNode> blockStart(JsonNode data) {
    JsonNode block = data.path("content_block");
    switch (block.path("type").asText()) {
      case "tool_use" -> {
        int index = toolIndex.size();
        toolIndex.put(data.path("index").asInt(), index);
        ObjectNode call = NODES.objectNode().put("index", index);
        call.put("id", block.path("id").asText()).put("type", "function");
        call.putObject("function").put("name", block.path("name").asText()).put("arguments", "");
        ObjectNode delta = NODES.objectNode();
        delta.putArray("tool_calls").add(call);
        return List.of(chunk(delta));
      }
      case "text" -> {
        String text = block.path("text").asText("");
        return text.isEmpty() ? List.of() : List.of(chunk(NODES.objectNode().put("content", text)));
      }
      default -> {
        return List.of();
      }
    }
  }

  private List<ObjectNode> delta(JsonNode data) {
    JsonNode delta = data.path("delta");
    switch (delta.path("type").asText()) {
      case "text_delta" -> {
        return List.of(chunk(NODES.objectNode().put("content", delta.path("text").asText())));
      }
      case "input_json_delta" -> {
        Integer index = toolIndex.get(data.path("index").asInt());
        if (index == null) {
          return List.of();
        }
        ObjectNode call = NODES.objectNode().put("index", index);
        call.putObject("function").put("arguments", delta.path("partial_json").asText());
        ObjectNode d = NODES.objectNode();
        d.putArray("tool_calls").add(call);
        return List.of(chunk(d));
      }
      default -> {
        return List.of(); // thinking and signature deltas
      }
    }
  }

  private void merge(JsonNode counts) {
    if (counts instanceof ObjectNode object) {
      // Null counts in a message_delta mean "not reported here", not zero.
      object
          .properties()
          .forEach(
              e -> {
                if (!e.getValue().isNull()) {
                  usage.set(e.getKey(), e.getValue());
                }
              });
    }
  }

  private ObjectNode chunk(ObjectNode delta) {
    ObjectNode c = header();
    ObjectNode choice = c.putArray("choices").addObject().put("index", 0);
    choice.set("delta", delta);
    choice.putNull("logprobs");
    choice.putNull("finish_reason");
    return c;
  }

  private ObjectNode header() {
    ObjectNode c = NODES.objectNode();
    c.put("id", id);
    c.put("object", "chat.completion.chunk");
    c.put("created", created);
    c.put("model", model);
    return c;
  }
}

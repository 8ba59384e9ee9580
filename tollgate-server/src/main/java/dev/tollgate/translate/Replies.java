package dev.tollgate.translate;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * Whole answers between the formats: an Anthropic message as a {@code chat.completion} and back,
 * with their stop reasons and usage. Usage is translated so that a client's own accounting adds up,
 * but it is not what Tollgate meters: the meter prices the upstream's native usage.
 */
public final class Replies {

  private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

  private Replies() {}

  /**
   * The {@code chat.completion} for an Anthropic {@code message}.
   *
   * @param created the Unix time to report as {@code created}
   */
  public static ObjectNode messageToChat(JsonNode message, long created) {
    ObjectNode out = NODES.objectNode();
    out.put("id", "chatcmpl-" + message.path("id").asText());
    out.put("object", "chat.completion");
    out.put("created", created);
    out.put("model", message.path("model").asText());
    ObjectNode choice = out.putArray("choices").addObject().put("index", 0);
    ObjectNode reply = choice.putObject("message").put("role", "assistant");
    StringBuilder text = new StringBuilder();
    ArrayNode calls = NODES.arrayNode();
    for (JsonNode block : message.path("content")) {
      switch (block.path("type").asText()) {
        case "text" -> text.append(block.path("text").asText());
        case "tool_use" -> calls.add(ChatTools.toolCall(block));
        default -> {
          // Thinking and server-tool blocks have no place in a chat completion.
        }
      }
    }
    if (text.isEmpty() && !calls.isEmpty()) {
      reply.putNull("content");
    } else {
      reply.put("content", text.toString());
    }
    if (!calls.isEmpty()) {
      reply.set("tool_calls", calls);
    }
    reply.putNull("refusal");
    choice.putNull("logprobs");
    choice.put("finish_reason", finishReason(message.path("stop_reason").asText(null)));
    out.set("usage", chatUsage(message.path("usage")));
    return out;
  }

  /** The Anthropic {@code message} for a {@code chat.completion}'s first choice. */
  public static ObjectNode chatToMessage(JsonNode chat) {
    ObjectNode out = NODES.objectNode();
    out.put("id", "msg_" + chat.path("id").asText());
    out.put("type", "message");
    out.put("role", "assistant");
    out.put("model", chat.path("model").asText());
    ArrayNode content = out.putArray("content");
    JsonNode choice = chat.path("choices").path(0);
    JsonNode message = choice.path("message");
    String text = message.path("content").asText("");
    if (!text.isEmpty() || !message.has("tool_calls")) {
      content.addObject().put("type", "text").put("text", text);
    }
    for (JsonNode call : message.path("tool_calls")) {
      content.add(ChatTools.toolUse(call, "choices[0].message.tool_calls"));
    }
    out.put("stop_reason", stopReason(choice.path("finish_reason").asText(null)));
    out.putNull("stop_sequence");
    out.set("usage", messagesUsage(chat.path("usage")));
    return out;
  }

  /** OpenAI's {@code finish_reason} for Anthropic's {@code stop_reason} (null stays null). */
  public static String finishReason(String stopReason) {
    if (stopReason == null) {
      return null;
    }
    return switch (stopReason) {
      case "max_tokens", "model_context_window_exceeded" -> "length";
      case "tool_use" -> "tool_calls";
      case "refusal" -> "content_filter";
      default -> "stop"; // end_turn, stop_sequence, pause_turn
    };
  }

  /** Anthropic's {@code stop_reason} for OpenAI's {@code finish_reason} (null stays null). */
  public static String stopReason(String finishReason) {
    if (finishReason == null) {
      return null;
    }
    return switch (finishReason) {
      case "length" -> "max_tokens";
      case "tool_calls", "function_call" -> "tool_use";
      case "content_filter" -> "refusal";
      default -> "end_turn";
    };
  }

  /**
   * OpenAI's usage for Anthropic's: every input token (uncached, cache reads and cache writes) is a
   * prompt token, and the cache reads are its {@code cached_tokens}.
   */
  public static ObjectNode chatUsage(JsonNode usage) {
    long input = usage.path("input_tokens").asLong();
    long read = usage.path("cache_read_input_tokens").asLong();
    long write = usage.path("cache_creation_input_tokens").asLong();
    long output = usage.path("output_tokens").asLong();
    ObjectNode out = NODES.objectNode();
    out.put("prompt_tokens", input + read + write);
    out.put("completion_tokens", output);
    out.put("total_tokens", input + read + write + output);
    out.putObject("prompt_tokens_details").put("cached_tokens", read);
    return out;
  }

  /**
   * Anthropic's usage for OpenAI's: the uncached prompt tokens are {@code input_tokens}, the cached
   * ones {@code cache_read_input_tokens}; OpenAI reports no cache writes.
   */
  public static ObjectNode messagesUsage(JsonNode usage) {
    long prompt = usage.path("prompt_tokens").asLong();
    long cached = usage.path("prompt_tokens_details").path("cached_tokens").asLong();
    ObjectNode out = NODES.objectNode();
    out.put("input_tokens", prompt - cached);
    out.put("cache_creation_input_tokens", 0);
    out.put("cache_read_input_tokens", cached);
    out.put("output_tokens", usage.path("completion_tokens").asLong());
    return out;
  }
}

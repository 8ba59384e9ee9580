package dev.tollgate.translate;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tollgate.proxy.ProxyException;
import dev.tollgate.proxy.openai.OpenAiCodec;

/**
 * Tools between the formats: OpenAI's {@code function} tools and Anthropic's custom tools ({@code
 * parameters} is {@code input_schema}), {@code tool_choice} ({@code auto}, {@code none}, {@code
 * required} is {@code any}, a named function is {@code tool}), {@code parallel_tool_calls: false}
 * is {@code disable_parallel_tool_use: true}, and a tool call's {@code arguments} string is a
 * {@code tool_use} block's {@code input} object.
 */
final class ChatTools {

  private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

  private ChatTools() {}

  /** Sets {@code tools} and {@code tool_choice} of the Messages request {@code out}. */
  static void toAnthropic(ObjectNode chat, ObjectNode out) {
    JsonNode tools = chat.path("tools");
    if (tools.isArray() && !tools.isEmpty()) {
      ArrayNode converted = out.putArray("tools");
      for (int i = 0; i < tools.size(); i++) {
        JsonNode tool = tools.get(i);
        if (!"function".equals(tool.path("type").asText())) {
          throw ChatToMessages.refused(
              "tools[" + i + "].type", "only function tools can be sent to an Anthropic model");
        }
        JsonNode fn = tool.path("function");
        ObjectNode t = converted.addObject().put("name", fn.path("name").asText());
        if (fn.hasNonNull("description")) {
          t.set("description", fn.get("description"));
        }
        JsonNode schema = fn.get("parameters");
        t.set(
            "input_schema",
            schema != null && schema.isObject()
                ? schema
                : NODES.objectNode().put("type", "object"));
      }
    }
    ObjectNode choice = null;
    JsonNode given = chat.get("tool_choice");
    if (given != null && given.isTextual()) {
      choice =
          switch (given.textValue()) {
            case "none" -> NODES.objectNode().put("type", "none");
            case "required" -> NODES.objectNode().put("type", "any");
            default -> NODES.objectNode().put("type", "auto");
          };
    } else if (given != null && given.isObject()) {
      choice =
          NODES
              .objectNode()
              .put("type", "tool")
              .put("name", given.path("function").path("name").asText());
    }
    if (chat.path("parallel_tool_calls").isBoolean()
        && !chat.path("parallel_tool_calls").booleanValue()
        && out.has("tools")) {
      if (choice == null) {
        choice = NODES.objectNode().put("type", "auto");
      }
      choice.put("disable_parallel_tool_use", true);
    }
    if (choice != null && out.has("tools")) {
      out.set("tool_choice", choice);
    }
  }

  /** Sets {@code tools}, {@code tool_choice} and {@code parallel_tool_calls} of {@code out}. */
  static void toOpenAi(ObjectNode messages, ObjectNode out) {
    JsonNode tools = messages.path("tools");
    if (tools.isArray() && !tools.isEmpty()) {
      ArrayNode converted = out.putArray("tools");
      for (int i = 0; i < tools.size(); i++) {
        JsonNode tool = tools.get(i);
        String type = tool.path("type").asText("custom");
        if (!type.equals("custom") || !tool.has("input_schema")) {
          throw MessagesToChat.refused(
              "tools." + i, "only custom tools with an input_schema can be sent to this model");
        }
        ObjectNode fn = converted.addObject().put("type", "function").putObject("function");
        fn.put("name", tool.path("name").asText());
        if (tool.hasNonNull("description")) {
          fn.set("description", tool.get("description"));
        }
        fn.set("parameters", tool.get("input_schema"));
      }
    }
    JsonNode choice = messages.get("tool_choice");
    if (choice == null || !choice.isObject()) {
      return;
    }
    switch (choice.path("type").asText()) {
      case "any" -> out.put("tool_choice", "required");
      case "none" -> out.put("tool_choice", "none");
      case "tool" ->
          out.putObject("tool_choice")
              .put("type", "function")
              .putObject("function")
              .put("name", choice.path("name").asText());
      default -> out.put("tool_choice", "auto");
    }
    if (choice.path("disable_parallel_tool_use").asBoolean(false) && out.has("tools")) {
      out.put("parallel_tool_calls", false);
    }
  }

  /** Anthropic's {@code tool_use} block for an OpenAI tool call. */
  static ObjectNode toolUse(JsonNode call, String where) {
    JsonNode fn = call.path("function");
    String arguments = fn.path("arguments").asText("");
    JsonNode input;
    try {
      input = arguments.isBlank() ? NODES.objectNode() : OpenAiCodec.JSON.readTree(arguments);
    } catch (JsonProcessingException e) {
      input = null;
    }
    if (input == null || !input.isObject()) {
      throw ProxyException.badRequest(
          where + ".function.arguments",
          "'" + where + ".function.arguments' must be a JSON object encoded as a string.");
    }
    ObjectNode block = NODES.objectNode().put("type", "tool_use");
    block.put("id", call.path("id").asText());
    block.put("name", fn.path("name").asText());
    block.set("input", input);
    return block;
  }

  /** OpenAI's tool call for Anthropic's {@code tool_use} block. */
  static ObjectNode toolCall(JsonNode block) {
    ObjectNode call = NODES.objectNode();
    call.put("id", block.path("id").asText());
    call.put("type", "function");
    ObjectNode fn = call.putObject("function");
    fn.put("name", block.path("name").asText());
    JsonNode input = block.get("input");
    fn.put("arguments", input == null || input.isNull() ? "{}" : input.toString());
    return call;
  }
}

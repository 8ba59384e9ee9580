package dev.tollgate.translate;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tollgate.proxy.ProxyException;
import java.util.List;

/**
 * An OpenAI chat-completions request as an Anthropic Messages request. System and developer
 * messages become {@code system} (in their order; Anthropic has no system turn mid-conversation),
 * consecutive turns of one role are merged, {@code tool} messages become {@code tool_result} blocks
 * of a user turn, assistant {@code tool_calls} become {@code tool_use} blocks, and {@code
 * image_url} parts (data: URLs included) become {@code image} blocks. Parameters Anthropic has no
 * equivalent for are refused with 400 naming them, rather than silently dropped.
 */
public final class ChatToMessages {

  private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

  /** Parameters whose meaning would be lost: refused when set to anything but their default. */
  private static final List<String> REFUSED =
      List.of(
          "logprobs",
          "top_logprobs",
          "logit_bias",
          "audio",
          "prediction",
          "functions",
          "function_call",
          "reasoning_effort",
          "web_search_options");

  private ChatToMessages() {}

  /**
   * The Messages request for {@code chat}.
   *
   * @param defaultMaxTokens the {@code max_tokens} to send when the request names no bound, as
   *     Anthropic requires one (the gateway passes the bound it reserved for)
   * @throws ProxyException 400 naming the parameter that cannot be translated
   */
  public static ObjectNode request(ObjectNode chat, long defaultMaxTokens) {
    refuseUntranslatable(chat);
    ObjectNode out = NODES.objectNode();
    out.set("model", chat.get("model"));
    ArrayNode system = NODES.arrayNode();
    out.set("messages", messages(chat.path("messages"), system));
    if (!system.isEmpty()) {
      out.set("system", system);
    }
    JsonNode bound =
        chat.hasNonNull("max_completion_tokens")
            ? chat.get("max_completion_tokens")
            : chat.get("max_tokens");
    out.put("max_tokens", bound != null && !bound.isNull() ? bound.asLong() : defaultMaxTokens);
    JsonNode stop = chat.get("stop");
    if (stop != null && stop.isTextual()) {
      out.putArray("stop_sequences").add(stop.textValue());
    } else if (stop != null && stop.isArray() && !stop.isEmpty()) {
      out.set("stop_sequences", stop);
    }
    copy(chat, "temperature", out, "temperature");
    copy(chat, "top_p", out, "top_p");
    if (chat.hasNonNull("user")) {
      out.putObject("metadata").set("user_id", chat.get("user"));
    }
    ChatTools.toAnthropic(chat, out);
    if (chat.path("stream").asBoolean(false)) {
      out.put("stream", true);
    }
    return out;
  }

  private static void refuseUntranslatable(ObjectNode chat) {
    if (chat.path("n").asInt(1) != 1) {
      throw refused("n", "Anthropic models return one choice per request; 'n' must be 1");
    }
    for (String field : REFUSED) {
      JsonNode v = chat.get(field);
      if (v != null && !v.isNull() && !(v.isBoolean() && !v.booleanValue())) {
        throw refused(field, "Anthropic's Messages API has no equivalent of '" + field + "'");
      }
    }
    for (String penalty : List.of("presence_penalty", "frequency_penalty")) {
      if (chat.path(penalty).asDouble(0) != 0) {
        throw refused(penalty, "Anthropic's Messages API has no '" + penalty + "'");
      }
    }
    JsonNode format = chat.path("response_format").path("type");
    if (!format.isMissingNode() && !"text".equals(format.asText())) {
      throw refused(
          "response_format", "Anthropic's Messages API has no JSON mode; only 'text' is served");
    }
    for (JsonNode modality : chat.path("modalities")) {
      if (!"text".equals(modality.asText())) {
        throw refused("modalities", "Anthropic models answer in text only");
      }
    }
  }

  /** The turns of {@code messages}; system and developer content goes into {@code system}. */
  private static ArrayNode messages(JsonNode messages, ArrayNode system) {
    ArrayNode turns = NODES.arrayNode();
    for (int i = 0; i < messages.size(); i++) {
      JsonNode m = messages.get(i);
      String where = "messages[" + i + "]";
      String role = m.path("role").asText();
      switch (role) {
        case "system", "developer" -> system.addAll(textBlocks(m.get("content"), where));
        case "user" -> append(turns, "user", userBlocks(m.get("content"), where));
        case "assistant" -> append(turns, "assistant", assistantBlocks(m, where));
        case "tool" -> append(turns, "user", List.of(toolResult(m, where)));
        default ->
            throw ProxyException.badRequest(
                where + ".role",
                "'"
                    + where
                    + ".role' is '"
                    + role
                    + "', which cannot be sent to an Anthropic model (use system, developer,"
                    + " user, assistant or tool).");
      }
    }
    return turns;
  }

  /** Adds {@code blocks} as a turn of {@code role}, merged into the last turn if it has it too. */
  private static void append(ArrayNode turns, String role, List<ObjectNode> blocks) {
    if (blocks.isEmpty()) {
      return;
    }
    if (!turns.isEmpty() && role.equals(turns.get(turns.size() - 1).path("role").asText())) {
      ((ArrayNode) turns.get(turns.size() - 1).get("content")).addAll(blocks);
      return;
    }
    ObjectNode turn = turns.addObject().put("role", role);
    turn.putArray("content").addAll(blocks);
  }

  private static List<ObjectNode> userBlocks(JsonNode content, String where) {
    if (content == null || content.isNull() || content.isTextual()) {
      return textBlocks(content, where);
    }
    List<ObjectNode> blocks = new java.util.ArrayList<>();
    for (int j = 0; j < content.size(); j++) {
      JsonNode part = content.get(j);
      String type = part.path("type").asText();
      switch (type) {
        case "text" -> blocks.add(text(part.path("text").asText()));
        case "image_url" ->
            blocks.add(Images.toAnthropic(part.path("image_url"), where + ".content[" + j + "]"));
        default ->
            throw ProxyException.badRequest(
                where + ".content[" + j + "].type",
                "'"
                    + where
                    + ".content["
                    + j
                    + "]' is a '"
                    + type
                    + "' part, which Anthropic models cannot take (text and image_url can).");
      }
    }
    return blocks;
  }

  private static List<ObjectNode> assistantBlocks(JsonNode m, String where) {
    List<ObjectNode> blocks = new java.util.ArrayList<>(textBlocks(m.get("content"), where));
    JsonNode calls = m.path("tool_calls");
    for (int j = 0; j < calls.size(); j++) {
      blocks.add(ChatTools.toolUse(calls.get(j), where + ".tool_calls[" + j + "]"));
    }
    return blocks;
  }

  private static ObjectNode toolResult(JsonNode m, String where) {
    if (!m.path("tool_call_id").isTextual()) {
      throw ProxyException.badRequest(
          where + ".tool_call_id", "'" + where + ".tool_call_id' must be a string.");
    }
    ObjectNode block =
        NODES
            .objectNode()
            .put("type", "tool_result")
            .put("tool_use_id", m.get("tool_call_id").asText());
    ArrayNode content = block.putArray("content");
    content.addAll(textBlocks(m.get("content"), where));
    return block;
  }

  /** Text or text parts (refusals read as text) as text blocks; empty text is dropped. */
  static List<ObjectNode> textBlocks(JsonNode content, String where) {
    if (content == null || content.isNull()) {
      return List.of();
    }
    if (content.isTextual()) {
      return content.textValue().isEmpty() ? List.of() : List.of(text(content.textValue()));
    }
    List<ObjectNode> blocks = new java.util.ArrayList<>();
    for (int j = 0; j < content.size(); j++) {
      JsonNode part = content.get(j);
      String type = part.path("type").asText();
      if (!type.equals("text") && !type.equals("refusal")) {
        throw ProxyException.badRequest(
            where + ".content[" + j + "].type",
            "'" + where + ".content[" + j + "]' must be a text part here, got '" + type + "'.");
      }
      String text = part.path(type.equals("text") ? "text" : "refusal").asText();
      if (!text.isEmpty()) {
        blocks.add(text(text));
      }
    }
    return blocks;
  }

  private static ObjectNode text(String text) {
    return NODES.objectNode().put("type", "text").put("text", text);
  }

  private static void copy(ObjectNode from, String field, ObjectNode to, String as) {
    JsonNode v = from.get(field);
    if (v != null && !v.isNull()) {
      to.set(as, v);
    }
  }

  static ProxyException refused(String param, String why) {
    return ProxyException.badRequest(
        param, "'" + param + "' cannot be translated for this model: " + why + ".");
  }
}

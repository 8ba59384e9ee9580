package dev.tollgate.translate;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tollgate.proxy.ProxyException;
import dev.tollgate.proxy.TokenEstimator;

/**
 * An Anthropic Messages request as an OpenAI chat-completions request. {@code system} becomes the
 * first message, {@code tool_result} blocks become {@code tool} messages (before the rest of their
 * user turn, as OpenAI wants the results right after the calls), {@code tool_use} blocks become the
 * assistant's {@code tool_calls}, {@code image} blocks become {@code image_url} parts, and earlier
 * {@code thinking} blocks are dropped (they are Anthropic's own). Parameters OpenAI has no
 * equivalent for ({@code top_k}, {@code thinking}, documents, server tools) are refused with 400
 * naming them.
 */
public final class MessagesToChat {

  private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

  private MessagesToChat() {}

  /**
   * The chat-completions request for {@code messages}.
   *
   * @param boundField {@code max_completion_tokens} for OpenAI itself, {@code max_tokens} for the
   *     compatible servers that only know the older name
   * @throws ProxyException 400 naming the parameter that cannot be translated
   */
  public static ObjectNode request(ObjectNode messages, String boundField) {
    if (messages.hasNonNull("top_k")) {
      throw refused("top_k", "OpenAI's chat completions have no top_k");
    }
    JsonNode thinking = messages.path("thinking").path("type");
    if (!thinking.isMissingNode() && !"disabled".equals(thinking.asText())) {
      throw refused("thinking", "extended thinking is Anthropic's own");
    }
    ObjectNode out = NODES.objectNode();
    out.set("model", messages.get("model"));
    ArrayNode chat = out.putArray("messages");
    String system = TokenEstimator.contentText(messages.get("system"));
    if (messages.hasNonNull("system") && !system.isEmpty()) {
      chat.addObject().put("role", "system").put("content", system);
    }
    JsonNode turns = messages.path("messages");
    for (int i = 0; i < turns.size(); i++) {
      turn(turns.get(i), "messages." + i, chat);
    }
    out.set(boundField, messages.get("max_tokens"));
    JsonNode stop = messages.path("stop_sequences");
    if (stop.isArray() && !stop.isEmpty()) {
      out.set("stop", stop);
    }
    for (String field : new String[] {"temperature", "top_p"}) {
      if (messages.hasNonNull(field)) {
        out.set(field, messages.get(field));
      }
    }
    JsonNode user = messages.path("metadata").path("user_id");
    if (user.isTextual()) {
      out.put("user", user.textValue());
    }
    ChatTools.toOpenAi(messages, out);
    if (messages.path("stream").asBoolean(false)) {
      out.put("stream", true);
      out.putObject("stream_options").put("include_usage", true);
    }
    return out;
  }

  private static void turn(JsonNode turn, String where, ArrayNode chat) {
    String role = turn.path("role").asText();
    JsonNode content = turn.get("content");
    if (!role.equals("user") && !role.equals("assistant")) {
      throw ProxyException.badRequest(
          where + ".role", where + ".role: must be user or assistant, got '" + role + "'.");
    }
    if (content.isTextual()) {
      chat.addObject().put("role", role).put("content", content.textValue());
      return;
    }
    if (role.equals("assistant")) {
      assistant(content, where, chat);
      return;
    }
    ArrayNode parts = NODES.arrayNode();
    for (int j = 0; j < content.size(); j++) {
      JsonNode block = content.get(j);
      String at = where + ".content." + j;
      switch (block.path("type").asText()) {
        case "text" ->
            parts.addObject().put("type", "text").put("text", block.path("text").asText());
        case "image" -> parts.add(Images.toOpenAi(block, at));
        case "tool_result" ->
            chat.addObject()
                .put("role", "tool")
                .put("tool_call_id", block.path("tool_use_id").asText())
                .put("content", toolResultText(block, at));
        default -> throw unsupportedBlock(block, at);
      }
    }
    if (!parts.isEmpty()) {
      chat.addObject().put("role", "user").set("content", parts);
    }
  }

  private static void assistant(JsonNode content, String where, ArrayNode chat) {
    StringBuilder text = new StringBuilder();
    ArrayNode calls = NODES.arrayNode();
    for (int j = 0; j < content.size(); j++) {
      JsonNode block = content.get(j);
      switch (block.path("type").asText()) {
        case "text" -> text.append(block.path("text").asText());
        case "tool_use" -> calls.add(ChatTools.toolCall(block));
        case "thinking", "redacted_thinking" -> {
          // Anthropic's own reasoning record; another model cannot use it.
        }
        default -> throw unsupportedBlock(block, where + ".content." + j);
      }
    }
    ObjectNode message = chat.addObject().put("role", "assistant");
    if (text.isEmpty()) {
      message.putNull("content");
    } else {
      message.put("content", text.toString());
    }
    if (!calls.isEmpty()) {
      message.set("tool_calls", calls);
    }
  }

  /** A tool result's content as text; an image in it cannot go into an OpenAI tool message. */
  private static String toolResultText(JsonNode block, String where) {
    JsonNode content = block.get("content");
    if (content != null && content.isArray()) {
      for (int k = 0; k < content.size(); k++) {
        if (!"text".equals(content.get(k).path("type").asText())) {
          throw unsupportedBlock(content.get(k), where + ".content." + k);
        }
      }
    }
    String text = TokenEstimator.contentText(content);
    return block.path("is_error").asBoolean(false) && !text.startsWith("Error")
        ? "Error: " + text
        : text;
  }

  private static ProxyException unsupportedBlock(JsonNode block, String where) {
    return ProxyException.badRequest(
        where + ".type",
        where
            + ".type: a '"
            + block.path("type").asText()
            + "' block cannot be sent to an OpenAI-format model (text, image, tool_use and"
            + " tool_result can).");
  }

  static ProxyException refused(String param, String why) {
    return ProxyException.badRequest(
        param, param + ": cannot be translated for this model: " + why + ".");
  }
}

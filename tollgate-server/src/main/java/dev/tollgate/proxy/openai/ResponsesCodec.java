package dev.tollgate.proxy.openai;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tollgate.proxy.ProxyException;
import java.util.OptionalLong;

/**
 * Reads OpenAI's {@code /v1/responses} requests into a {@link ChatRequest}, so that they take the
 * chat path's auth, route, reserve and meter steps. Its {@code messages} are made up for the input
 * estimate and the simulated provider only: {@code instructions} as a system message, then a string
 * {@code input} as one user message, or each input item as one message (a message item's {@code
 * content}, a tool call's {@code arguments}, a tool result's {@code output}, any other item's
 * JSON). The rest of the body goes upstream untouched; the output bound is {@code
 * max_output_tokens}.
 */
public final class ResponsesCodec {

  /** The field that bounds a response's output, reasoning included. */
  public static final String MAX_OUTPUT_TOKENS = "max_output_tokens";

  private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

  private ResponsesCodec() {}

  /**
   * Parses a Responses request: {@code model} a non-empty string; {@code input} a non-empty string
   * or a non-empty array of objects; {@code instructions} a string; {@code max_output_tokens} an
   * integer {@code >= 1}; {@code stream} a boolean.
   *
   * @throws ProxyException 400 naming the field
   */
  public static ChatRequest decode(byte[] bytes) {
    ObjectNode body = TextCodec.object(bytes);
    String model = TextCodec.model(body);
    JsonNode input = body.get("input");
    if (input == null || input.isNull()) {
      throw ProxyException.badRequest("input", "Missing required parameter: 'input'.");
    }
    boolean text = input.isTextual() && !input.textValue().isEmpty();
    if (!text && !(input.isArray() && !input.isEmpty())) {
      throw ProxyException.badRequest(
          "input", "'input' must be a non-empty string or a non-empty array of input items.");
    }
    for (int i = 0; !text && i < input.size(); i++) {
      if (!input.get(i).isObject()) {
        throw ProxyException.badRequest("input", "'input[" + i + "]' must be an object.");
      }
    }
    JsonNode instructions = body.get("instructions");
    if (instructions != null && !instructions.isNull() && !instructions.isTextual()) {
      throw ProxyException.badRequest("instructions", "'instructions' must be a string.");
    }
    OptionalLong bound = OptionalLong.empty();
    JsonNode max = body.get(MAX_OUTPUT_TOKENS);
    if (max != null && !max.isNull()) {
      if (!max.isIntegralNumber() || !max.canConvertToLong() || max.longValue() < 1) {
        throw ProxyException.badRequest(
            MAX_OUTPUT_TOKENS, "'" + MAX_OUTPUT_TOKENS + "' must be an integer >= 1.");
      }
      bound = OptionalLong.of(max.longValue());
    }
    JsonNode stream = body.get("stream");
    if (stream != null && !stream.isNull() && !stream.isBoolean()) {
      throw ProxyException.badRequest("stream", "'stream' must be a boolean.");
    }
    return new ChatRequest(
        body,
        model,
        messages(body),
        bound,
        MAX_OUTPUT_TOKENS,
        stream != null && stream.asBoolean(),
        TextCodec.user(body));
  }

  /**
   * A Responses request's {@code instructions} and {@code input} as chat messages, for estimating
   * its input and for the simulated provider's reply.
   */
  public static ArrayNode messages(ObjectNode body) {
    ArrayNode messages = NODES.arrayNode();
    JsonNode instructions = body.get("instructions");
    if (instructions != null && instructions.isTextual()) {
      messages.add(message("system", instructions));
    }
    JsonNode input = body.path("input");
    if (input.isTextual()) {
      messages.add(message("user", input));
      return messages;
    }
    for (JsonNode item : input) {
      if (item.has("content")) {
        messages.add(message(item.path("role").asText("user"), item.get("content")));
      } else if (item.has("arguments")) {
        messages.add(message("assistant", item.get("arguments")));
      } else if (item.has("output")) {
        messages.add(message("tool", item.get("output")));
      } else {
        messages.add(message("user", NODES.textNode(item.toString())));
      }
    }
    return messages;
  }

  private static ObjectNode message(String role, JsonNode content) {
    ObjectNode message = NODES.objectNode().put("role", role);
    message.set("content", content);
    return message;
  }
}

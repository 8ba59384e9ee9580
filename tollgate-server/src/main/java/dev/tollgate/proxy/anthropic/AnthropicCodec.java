package dev.tollgate.proxy.anthropic;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tollgate.proxy.ProxyException;
import dev.tollgate.proxy.openai.ChatRequest;
import dev.tollgate.proxy.openai.OpenAiCodec;
import dev.tollgate.proxy.openai.SamplingParams;
import java.io.IOException;
import java.util.OptionalLong;

/**
 * Reads Anthropic Messages requests ({@code POST /v1/messages} and its {@code count_tokens}) into
 * the gateway's {@link ChatRequest}, and writes Anthropic's error bodies.
 */
public final class AnthropicCodec {

  private AnthropicCodec() {}

  /**
   * Parses {@code bytes} as a Messages request. {@code max_tokens} is required, as Anthropic
   * requires it, unless {@code forCount} (count_tokens takes no output bound). {@code
   * metadata.user_id} becomes the end user.
   *
   * @throws ProxyException 400 naming the field, if the body is not valid JSON or a field is wrong
   */
  public static ChatRequest decode(byte[] bytes, boolean forCount) {
    JsonNode root;
    try {
      root = OpenAiCodec.JSON.readTree(bytes);
    } catch (JacksonException e) {
      throw ProxyException.badRequest(
          null, "The request body is not valid JSON: " + e.getOriginalMessage());
    } catch (IOException e) {
      throw ProxyException.badRequest(
          null, "The request body could not be read: " + e.getMessage());
    }
    if (!(root instanceof ObjectNode body)) {
      throw ProxyException.badRequest(null, "The request body must be a JSON object.");
    }
    JsonNode model = body.get("model");
    if (model == null || model.isNull()) {
      throw missing("model");
    }
    if (!model.isTextual() || model.textValue().isBlank()) {
      throw ProxyException.badRequest("model", "model: must be a non-empty string.");
    }
    JsonNode messages = body.get("messages");
    if (messages == null || messages.isNull()) {
      throw missing("messages");
    }
    if (!messages.isArray() || messages.isEmpty()) {
      throw ProxyException.badRequest("messages", "messages: must be a non-empty array.");
    }
    for (int i = 0; i < messages.size(); i++) {
      JsonNode content = messages.get(i).get("content");
      if (!messages.get(i).isObject() || content == null || !textOrBlocks(content)) {
        throw ProxyException.badRequest(
            "messages." + i,
            "messages." + i + ": must be an object whose content is a string or a list of blocks.");
      }
    }
    JsonNode system = body.get("system");
    if (system != null && !system.isNull() && !textOrBlocks(system)) {
      throw ProxyException.badRequest("system", "system: must be a string or a list of blocks.");
    }
    OptionalLong maxTokens = OptionalLong.empty();
    JsonNode bound = body.get("max_tokens");
    if (!forCount) {
      if (bound == null || bound.isNull()) {
        throw missing("max_tokens");
      }
      if (!bound.isIntegralNumber() || !bound.canConvertToLong() || bound.longValue() < 1) {
        throw ProxyException.badRequest(
            "max_tokens", "max_tokens: must be an integer of at least 1, got " + bound + ".");
      }
      maxTokens = OptionalLong.of(bound.longValue());
    }
    JsonNode stream = body.get("stream");
    if (stream != null && !stream.isNull() && !stream.isBoolean()) {
      throw ProxyException.badRequest("stream", "stream: must be a boolean.");
    }
    JsonNode user = body.path("metadata").get("user_id");
    if (user != null && !user.isNull() && !user.isTextual()) {
      throw ProxyException.badRequest("metadata.user_id", "metadata.user_id: must be a string.");
    }
    SamplingParams.checkAnthropic(body);
    return new ChatRequest(
        body,
        model.textValue(),
        messages,
        maxTokens,
        "max_tokens",
        !forCount && stream != null && stream.asBoolean(),
        user == null || user.isNull() ? "" : user.textValue());
  }

  /**
   * Anthropic's error body, {@code {"type":"error","error":{"type","message"}}}, its type chosen by
   * the status as Anthropic does; a budget denial (402) is {@code budget_exceeded}.
   */
  public static String error(ProxyException e) {
    ObjectNode body = JsonNodeFactory.instance.objectNode();
    body.put("type", "error");
    ObjectNode inner = body.putObject("error");
    inner.put("type", type(e.status()));
    inner.put("message", e.getMessage());
    return body.toString();
  }

  /** Anthropic's {@code error.type} for an HTTP status. */
  public static String type(int status) {
    return switch (status) {
      case 400 -> "invalid_request_error";
      case 401 -> "authentication_error";
      case 402 -> "budget_exceeded";
      case 403 -> "permission_error";
      case 404 -> "not_found_error";
      case 413 -> "request_too_large";
      case 429 -> "rate_limit_error";
      case 503, 529 -> "overloaded_error";
      case 504 -> "timeout_error";
      default -> status >= 500 ? "api_error" : "invalid_request_error";
    };
  }

  private static boolean textOrBlocks(JsonNode content) {
    return content.isTextual() || content.isArray();
  }

  /** Anthropic's own wording for a missing field. */
  private static ProxyException missing(String field) {
    return ProxyException.badRequest(field, field + ": Field required");
  }
}

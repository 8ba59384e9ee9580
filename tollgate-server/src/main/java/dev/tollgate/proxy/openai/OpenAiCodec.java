package dev.tollgate.proxy.openai;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tollgate.proxy.ProxyException;
import java.io.IOException;
import java.util.OptionalLong;

/** Reads chat-completions requests and writes OpenAI's error bodies. */
public final class OpenAiCodec {

  /** Requests above this are refused with 413 before they are parsed. */
  public static final int MAX_BODY_BYTES = 4 * 1024 * 1024;

  /** One mapper for the process: it is thread-safe once configured, and costly to build. */
  public static final ObjectMapper JSON = new ObjectMapper();

  private OpenAiCodec() {}

  /**
   * Parses {@code bytes} as a chat-completions request.
   *
   * @throws ProxyException 400 naming the field, if the body is not valid JSON or a field is wrong
   */
  public static ChatRequest decode(byte[] bytes) {
    JsonNode root;
    try {
      root = JSON.readTree(bytes);
    } catch (JacksonException e) {
      String where =
          " at line " + e.getLocation().getLineNr() + ", column " + e.getLocation().getColumnNr();
      throw ProxyException.badRequest(
          null, "The request body is not valid JSON: " + e.getOriginalMessage() + where);
    } catch (IOException e) {
      throw ProxyException.badRequest(
          null, "The request body could not be read: " + e.getMessage());
    }
    if (!(root instanceof ObjectNode body)) {
      throw ProxyException.badRequest(null, "The request body must be a JSON object.");
    }
    JsonNode model = body.get("model");
    if (model == null || model.isNull()) {
      throw ProxyException.badRequest("model", "Missing required parameter: 'model'.");
    }
    if (!model.isTextual() || model.textValue().isBlank()) {
      throw ProxyException.badRequest("model", "'model' must be a non-empty string.");
    }
    JsonNode messages = body.get("messages");
    if (messages == null || messages.isNull()) {
      throw ProxyException.badRequest("messages", "Missing required parameter: 'messages'.");
    }
    if (!messages.isArray() || messages.isEmpty()) {
      throw ProxyException.badRequest("messages", "'messages' must be a non-empty array.");
    }
    for (int i = 0; i < messages.size(); i++) {
      if (!messages.get(i).isObject()) {
        throw ProxyException.badRequest(
            "messages[" + i + "]", "'messages[" + i + "]' must be an object.");
      }
    }
    String field = body.has("max_completion_tokens") ? "max_completion_tokens" : "max_tokens";
    OptionalLong maxTokens = OptionalLong.empty();
    JsonNode bound = body.get(field);
    if (bound != null && !bound.isNull()) {
      if (!bound.isIntegralNumber() || !bound.canConvertToLong()) {
        throw ProxyException.badRequest(field, "'" + field + "' must be an integer.");
      }
      if (bound.longValue() < 0) {
        throw ProxyException.badRequest(
            field, "'" + field + "' must not be negative, got " + bound.longValue() + ".");
      }
      maxTokens = OptionalLong.of(bound.longValue());
    }
    JsonNode stream = body.get("stream");
    if (stream != null && !stream.isNull() && !stream.isBoolean()) {
      throw ProxyException.badRequest("stream", "'stream' must be a boolean.");
    }
    JsonNode user = body.get("user");
    if (user != null && !user.isNull() && !user.isTextual()) {
      throw ProxyException.badRequest("user", "'user' must be a string.");
    }
    SamplingParams.checkOpenAi(body);
    return new ChatRequest(
        body,
        model.textValue(),
        messages,
        maxTokens,
        field,
        stream != null && stream.asBoolean(),
        user == null || user.isNull() ? "" : user.textValue());
  }

  /** OpenAI's error body: {@code {"error":{"message","type","param","code"}}}. */
  public static String error(ProxyException e) {
    ObjectNode error = JsonNodeFactory.instance.objectNode();
    ObjectNode inner = error.putObject("error");
    inner.put("message", e.getMessage());
    inner.put("type", e.type());
    inner.put("param", e.param());
    inner.put("code", e.code());
    return error.toString();
  }
}

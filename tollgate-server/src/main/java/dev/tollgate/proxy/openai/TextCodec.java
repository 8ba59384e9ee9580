package dev.tollgate.proxy.openai;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tollgate.proxy.ProxyException;
import java.io.IOException;
import java.util.OptionalLong;

/**
 * Reads OpenAI's {@code /v1/embeddings} and legacy {@code /v1/completions} requests into a {@link
 * ChatRequest}, so that they take the chat path's auth, route, reserve and meter steps. Its {@code
 * messages} are made up for the input estimate only (one user message per input or prompt, a token
 * array as four characters a token), and its {@code maxTokensField} is {@link #CAP_FIELD}, which
 * the handler takes out of the body again before the call.
 */
public final class TextCodec {

  /**
   * Where the budget engine writes a capped output bound. The cap is a total over all prompts, so
   * the handler divides it among them instead of letting it through as a per-prompt {@code
   * max_tokens}.
   */
  public static final String CAP_FIELD = "x_tollgate_output_cap";

  /** OpenAI's default {@code max_tokens} for a text completion. */
  public static final long DEFAULT_COMPLETION_TOKENS = 16;

  /** The largest {@code dimensions} accepted; OpenAI's largest embedding has 3072. */
  public static final int MAX_DIMENSIONS = 3072;

  private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

  private TextCodec() {}

  /**
   * Parses an embeddings request: {@code input} a non-empty string, or a non-empty array of
   * strings, of token arrays, or one token array; {@code encoding_format} {@code float} or {@code
   * base64}; {@code dimensions} a positive integer. Its output bound is 0.
   *
   * @throws ProxyException 400 naming the field
   */
  public static ChatRequest decodeEmbeddings(byte[] bytes) {
    ObjectNode body = object(bytes);
    String model = model(body);
    JsonNode input = body.get("input");
    if (input == null || input.isNull()) {
      throw ProxyException.badRequest("input", "Missing required parameter: 'input'.");
    }
    ArrayNode messages = NODES.arrayNode();
    if (input.isTextual()) {
      messages.add(message(text(input, "input")));
    } else if (input.isArray() && !input.isEmpty() && input.get(0).isNumber()) {
      messages.add(message(tokens(input, "input")));
    } else if (input.isArray() && !input.isEmpty()) {
      for (int i = 0; i < input.size(); i++) {
        JsonNode one = input.get(i);
        String field = "input[" + i + "]";
        messages.add(message(one.isArray() ? tokens(one, field) : text(one, field)));
      }
    } else {
      throw ProxyException.badRequest(
          "input", "'input' must be a non-empty string or a non-empty array.");
    }
    JsonNode format = body.get("encoding_format");
    if (format != null
        && !format.isNull()
        && !("float".equals(format.asText()) && format.isTextual())
        && !("base64".equals(format.asText()) && format.isTextual())) {
      throw ProxyException.badRequest(
          "encoding_format", "'encoding_format' must be 'float' or 'base64'.");
    }
    JsonNode dimensions = body.get("dimensions");
    if (dimensions != null
        && !dimensions.isNull()
        && (!dimensions.isIntegralNumber()
            || dimensions.asLong() < 1
            || dimensions.asLong() > MAX_DIMENSIONS)) {
      throw ProxyException.badRequest(
          "dimensions", "'dimensions' must be an integer from 1 to " + MAX_DIMENSIONS + ".");
    }
    return new ChatRequest(body, model, messages, OptionalLong.of(0), CAP_FIELD, false, user(body));
  }

  /**
   * Parses a text-completions request: {@code prompt} a string or a non-empty array of strings;
   * {@code max_tokens} a non-negative integer, set to {@value #DEFAULT_COMPLETION_TOKENS} in the
   * body when absent so that the upstream and the reservation agree. The output bound reserved is
   * {@code max_tokens} times the number of prompts. {@code stream} is refused for now.
   *
   * @throws ProxyException 400 naming the field
   */
  public static ChatRequest decodeCompletions(byte[] bytes) {
    ObjectNode body = object(bytes);
    String model = model(body);
    JsonNode prompt = body.get("prompt");
    if (prompt == null || prompt.isNull()) {
      throw ProxyException.badRequest("prompt", "Missing required parameter: 'prompt'.");
    }
    ArrayNode messages = NODES.arrayNode();
    if (prompt.isTextual()) {
      messages.add(message(prompt.textValue()));
    } else if (prompt.isArray() && !prompt.isEmpty()) {
      for (int i = 0; i < prompt.size(); i++) {
        if (!prompt.get(i).isTextual()) {
          throw ProxyException.badRequest(
              "prompt",
              "'prompt[" + i + "]' must be a string (token-array prompts are not supported yet).");
        }
        messages.add(message(prompt.get(i).textValue()));
      }
    } else {
      throw ProxyException.badRequest(
          "prompt", "'prompt' must be a string or a non-empty array of strings.");
    }
    JsonNode bound = body.get("max_tokens");
    long maxTokens = DEFAULT_COMPLETION_TOKENS;
    if (bound != null && !bound.isNull()) {
      if (!bound.isIntegralNumber() || !bound.canConvertToLong() || bound.longValue() < 0) {
        throw ProxyException.badRequest("max_tokens", "'max_tokens' must be an integer >= 0.");
      }
      maxTokens = bound.longValue();
    }
    body.put("max_tokens", maxTokens);
    JsonNode stream = body.get("stream");
    if (stream != null && !stream.isNull() && !stream.isBoolean()) {
      throw ProxyException.badRequest("stream", "'stream' must be a boolean.");
    }
    if (stream != null && stream.asBoolean()) {
      throw ProxyException.badRequest(
          "stream", "Streaming is not supported on /v1/completions yet; send 'stream': false.");
    }
    return new ChatRequest(
        body,
        model,
        messages,
        OptionalLong.of(Math.multiplyExact(maxTokens, messages.size())),
        CAP_FIELD,
        false,
        user(body));
  }

  static ObjectNode object(byte[] bytes) {
    JsonNode root;
    try {
      root = OpenAiCodec.JSON.readTree(bytes);
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
    body.remove(CAP_FIELD);
    return body;
  }

  static String model(ObjectNode body) {
    JsonNode model = body.get("model");
    if (model == null || model.isNull()) {
      throw ProxyException.badRequest("model", "Missing required parameter: 'model'.");
    }
    if (!model.isTextual() || model.textValue().isBlank()) {
      throw ProxyException.badRequest("model", "'model' must be a non-empty string.");
    }
    return model.textValue();
  }

  static String user(ObjectNode body) {
    JsonNode user = body.get("user");
    if (user != null && !user.isNull() && !user.isTextual()) {
      throw ProxyException.badRequest("user", "'user' must be a string.");
    }
    return user == null || user.isNull() ? "" : user.textValue();
  }

  private static String text(JsonNode node, String field) {
    if (!node.isTextual() || node.textValue().isEmpty()) {
      throw ProxyException.badRequest(
          "input", "'" + field + "' must be a non-empty string or an array of token ids.");
    }
    return node.textValue();
  }

  /** A token array as text of four characters a token, which the estimator counts back. */
  private static String tokens(JsonNode node, String field) {
    if (node.isEmpty()) {
      throw ProxyException.badRequest("input", "'" + field + "' must not be empty.");
    }
    for (JsonNode t : node) {
      if (!t.isIntegralNumber()) {
        throw ProxyException.badRequest(
            "input", "'" + field + "' must be a string or an array of integer token ids.");
      }
    }
    return "xxxx".repeat(node.size());
  }

  private static ObjectNode message(String content) {
    return NODES.objectNode().put("role", "user").put("content", content);
  }
}

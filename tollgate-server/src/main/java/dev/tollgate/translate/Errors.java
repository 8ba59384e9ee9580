package dev.tollgate.translate;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tollgate.provider.ProviderResponse;
import dev.tollgate.proxy.anthropic.AnthropicCodec;

/**
 * Upstream errors in the client's format. Statuses are kept, except Anthropic's 529 (overloaded),
 * which OpenAI's clients do not know: it is 503, what an OpenAI client retries as "try again
 * later". The message and the upstream's error type are kept.
 */
public final class Errors {

  private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

  private Errors() {}

  /** An Anthropic error answer as OpenAI's {@code {"error":{message,type,param,code}}}. */
  public static ProviderResponse anthropicToOpenAi(ProviderResponse error) {
    JsonNode inner = error.body().path("error");
    String type = inner.path("type").asText("api_error");
    ObjectNode body = NODES.objectNode();
    body.putObject("error")
        .put("message", inner.path("message").asText("The upstream answered " + error.status()))
        .put("type", type)
        .putNull("param")
        .put("code", type);
    return new ProviderResponse(
        error.status() == 529 ? 503 : error.status(), body, error.retryAfter());
  }

  /** An OpenAI error answer as Anthropic's {@code {"type":"error","error":{type,message}}}. */
  public static ProviderResponse openAiToAnthropic(ProviderResponse error) {
    JsonNode inner = error.body().path("error");
    ObjectNode body = NODES.objectNode().put("type", "error");
    body.putObject("error")
        .put("type", AnthropicCodec.type(error.status()))
        .put("message", inner.path("message").asText("The upstream answered " + error.status()));
    return new ProviderResponse(error.status(), body, error.retryAfter());
  }
}

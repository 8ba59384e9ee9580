package dev.tollgate.provider;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Objects;

/**
 * A chat completion as it goes upstream.
 *
 * @param requestId the gateway's id of the request
 * @param model the model to ask for
 * @param body the request body in OpenAI's chat-completions format, with {@code model} and the
 *     output bound already set to what the gateway decided; the provider must not change it
 */
public record ChatCall(String requestId, String model, ObjectNode body) {

  public ChatCall {
    Objects.requireNonNull(requestId, "requestId");
    Objects.requireNonNull(model, "model");
    Objects.requireNonNull(body, "body");
  }
}

package dev.tollgate.provider;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.vertx.core.Handler;
import java.util.Objects;

/**
 * A chat completion as it goes upstream.
 *
 * @param requestId the gateway's id of the request
 * @param model the model to ask for
 * @param body the request body in the endpoint's format (OpenAI's chat-completions for a {@link
 *     Provider}, Anthropic's Messages for a {@link MessagesProvider}), with {@code model} and the
 *     output bound already set to what the gateway decided; the provider must not change it
 * @param nativeUsage told the upstream's own usage, in its own format, by a provider that
 *     translates the answer into another format: the gateway meters that, not the translation
 */
public record ChatCall(
    String requestId, String model, ObjectNode body, Handler<NativeUsage> nativeUsage) {

  public ChatCall {
    Objects.requireNonNull(requestId, "requestId");
    Objects.requireNonNull(model, "model");
    Objects.requireNonNull(body, "body");
    Objects.requireNonNull(nativeUsage, "nativeUsage");
  }

  /** A call whose answer is metered from its own body. */
  public ChatCall(String requestId, String model, ObjectNode body) {
    this(requestId, model, body, u -> {});
  }

  /** The same call with {@code body} in place of this one's, e.g. translated. */
  public ChatCall withBody(ObjectNode body) {
    return new ChatCall(requestId, model, body, nativeUsage);
  }
}

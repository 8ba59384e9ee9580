package dev.tollgate.provider;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Objects;
import java.util.OptionalLong;

/**
 * What the upstream answered.
 *
 * @param status its HTTP status
 * @param body its JSON body, in OpenAI's chat-completions format when {@code status} is 200
 * @param retryAfterSeconds its {@code retry-after} header in whole seconds, if it sent one; the
 *     gateway passes it on with a refusal, so a client backs off as the upstream asked
 */
public record ProviderResponse(int status, ObjectNode body, OptionalLong retryAfterSeconds) {

  public ProviderResponse {
    Objects.requireNonNull(body, "body");
    Objects.requireNonNull(retryAfterSeconds, "retryAfterSeconds");
  }

  /** An answer without {@code retry-after}. */
  public ProviderResponse(int status, ObjectNode body) {
    this(status, body, OptionalLong.empty());
  }

  /** Whether the upstream answered 2xx. */
  public boolean ok() {
    return status >= 200 && status < 300;
  }
}

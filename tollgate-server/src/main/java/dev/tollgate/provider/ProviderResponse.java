package dev.tollgate.provider;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Objects;

/**
 * What the upstream answered.
 *
 * @param status its HTTP status
 * @param body its JSON body, in OpenAI's chat-completions format when {@code status} is 200
 */
public record ProviderResponse(int status, ObjectNode body) {

  public ProviderResponse {
    Objects.requireNonNull(body, "body");
  }

  /** Whether the upstream answered 2xx. */
  public boolean ok() {
    return status >= 200 && status < 300;
  }
}

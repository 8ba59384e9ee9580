package dev.tollgate.provider;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.vertx.core.buffer.Buffer;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * What the upstream answered.
 *
 * @param status its HTTP status
 * @param body its JSON body, in OpenAI's chat-completions format when {@code status} is 200
 * @param retryAfter how long the upstream asked callers to wait ({@code retry-after-ms} or {@code
 *     retry-after} on a 429 or 5xx), if it said
 * @param raw the bytes {@code body} was parsed from, as the upstream sent them, or null when {@code
 *     body} was built rather than received (a translation, a cached answer); the answer to the
 *     client is these bytes when present, so it is not written out again from the tree. Nothing may
 *     change {@code body} in place while it has them.
 */
public record ProviderResponse(
    int status, ObjectNode body, Optional<Duration> retryAfter, Buffer raw) {

  public ProviderResponse {
    Objects.requireNonNull(body, "body");
    Objects.requireNonNull(retryAfter, "retryAfter");
  }

  /** An answer built rather than received: no raw bytes. */
  public ProviderResponse(int status, ObjectNode body, Optional<Duration> retryAfter) {
    this(status, body, retryAfter, null);
  }

  /** An answer that asks for no particular wait. */
  public ProviderResponse(int status, ObjectNode body) {
    this(status, body, Optional.empty());
  }

  /**
   * The wait an upstream asks for in its headers: {@code retry-after-ms} (OpenAI's, milliseconds)
   * if present, else {@code retry-after} in whole seconds. An HTTP date or garbage is ignored.
   */
  public static Optional<Duration> retryAfter(String retryAfterMs, String retryAfter) {
    try {
      if (retryAfterMs != null) {
        return Optional.of(
            Duration.ofMillis(Math.max(0, new BigDecimal(retryAfterMs.strip()).longValue())));
      }
      if (retryAfter != null) {
        return Optional.of(Duration.ofSeconds(Math.max(0, Long.parseLong(retryAfter.strip()))));
      }
    } catch (NumberFormatException e) {
      // An HTTP date or garbage: the backoff's own delay applies.
    }
    return Optional.empty();
  }

  /** Whether the upstream answered 2xx. */
  public boolean ok() {
    return status >= 200 && status < 300;
  }
}

package dev.tollgate.provider;

import java.util.Objects;

/**
 * A stream the upstream refused before its first chunk, with an error status and body: the gateway
 * answers it as a plain response, passing the status and body through. Carries no stack trace; it
 * is an answer, not a bug.
 */
public final class UpstreamStatusException extends RuntimeException {

  private final transient ProviderResponse response;

  /** The upstream's refusal. */
  public UpstreamStatusException(ProviderResponse response) {
    super("upstream answered " + response.status(), null, false, false);
    this.response = Objects.requireNonNull(response, "response");
  }

  /** What the upstream answered. */
  public ProviderResponse response() {
    return response;
  }
}

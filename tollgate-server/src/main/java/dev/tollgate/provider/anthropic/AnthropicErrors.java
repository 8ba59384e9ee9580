package dev.tollgate.provider.anthropic;

import dev.tollgate.provider.ProviderResponse;
import dev.tollgate.proxy.ProxyException;
import java.util.OptionalLong;

/** Anthropic's error types and the HTTP statuses its API answers them with. */
public final class AnthropicErrors {

  private AnthropicErrors() {}

  /** The status Anthropic answers an error of {@code type} with; 500 for a type it has not. */
  public static int status(String type) {
    return switch (type) {
      case "invalid_request_error" -> 400;
      case "authentication_error" -> 401;
      case "billing_error" -> 402;
      case "permission_error" -> 403;
      case "not_found_error" -> 404;
      case "request_too_large" -> 413;
      case "rate_limit_error" -> 429;
      case "timeout_error" -> 504;
      case "overloaded_error" -> 529;
      default -> 500;
    };
  }

  /**
   * An {@code error} event that came after the stream had begun: the stream fails with it, its type
   * and message kept, and the client gets it as the stream's last event.
   */
  static ProxyException midStream(String provider, ProviderResponse error) {
    String type = error.body().path("error").path("type").asText("api_error");
    String message = error.body().path("error").path("message").asText("");
    return new ProxyException(
        error.status(),
        type,
        type,
        null,
        "The provider '" + provider + "' broke off the stream: " + type + ": " + message,
        OptionalLong.empty());
  }
}

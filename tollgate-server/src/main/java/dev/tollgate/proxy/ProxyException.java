package dev.tollgate.proxy;

import java.util.OptionalLong;

/**
 * A request the gateway answers with an error: the HTTP status and the fields of OpenAI's error
 * body. It carries no stack trace: it is an answer, not a bug, and it is thrown on the hot path.
 */
public final class ProxyException extends RuntimeException {

  private final int status;
  private final String type;
  private final String code;
  private final String param;
  private final OptionalLong retryAfterSeconds;

  /** An error answered with {@code status}. {@code code} and {@code param} may be null. */
  public ProxyException(
      int status,
      String type,
      String code,
      String param,
      String message,
      OptionalLong retryAfterSeconds) {
    super(message, null, false, false);
    this.status = status;
    this.type = type;
    this.code = code;
    this.param = param;
    this.retryAfterSeconds = retryAfterSeconds;
  }

  /**
   * OpenAI's 404 {@code model_not_found}: {@code model} has no price and {@code
   * pricing.unknown_model} is {@code refuse}.
   */
  public static ProxyException modelNotFound(String model, String reason) {
    return new ProxyException(
        404,
        "invalid_request_error",
        "model_not_found",
        "model",
        "The model '"
            + model
            + "' does not exist or has no price ("
            + reason
            + "; pricing.unknown_model is refuse).",
        OptionalLong.empty());
  }

  /** 400 {@code invalid_request_error} about {@code param}. */
  public static ProxyException badRequest(String param, String message) {
    return new ProxyException(
        400, "invalid_request_error", null, param, message, OptionalLong.empty());
  }

  /** The HTTP status. */
  public int status() {
    return status;
  }

  /** OpenAI's {@code error.type}. */
  public String type() {
    return type;
  }

  /** OpenAI's {@code error.code}, or null. */
  public String code() {
    return code;
  }

  /** The request field at fault, or null. */
  public String param() {
    return param;
  }

  /** Seconds for a {@code retry-after} header, if the client may retry later. */
  public OptionalLong retryAfterSeconds() {
    return retryAfterSeconds;
  }
}

package dev.tollgate.config;

/**
 * A configuration value that Tollgate cannot use. The message is one line that names where the
 * value came from, for example {@code tollgate.yaml: server.port: must be between 1 and 65535, got
 * 70000} or {@code TOLLGATE_PORT: must be an integer, got 'abc'}, and is shown to the operator as
 * it is. No stack trace is captured: the message is the whole story.
 */
public final class ConfigException extends RuntimeException {

  /** A failure described by {@code message}. */
  public ConfigException(String message) {
    super(message, null, false, false);
  }
}

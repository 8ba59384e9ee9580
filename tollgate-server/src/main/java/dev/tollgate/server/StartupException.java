package dev.tollgate.server;

/**
 * The gateway could not start for a reason the operator can fix, such as a port already in use or a
 * data directory that cannot be created. The message is one line and is printed as it is; no stack
 * trace is captured.
 */
public final class StartupException extends RuntimeException {

  /** A failure described by {@code message}. */
  public StartupException(String message) {
    super(message, null, false, false);
  }
}

package dev.tollgate.store;

/**
 * The store could not do what was asked: a one-line message for the operator, with the underlying
 * cause kept for logs.
 */
public final class StoreException extends RuntimeException {

  /** A failure described by {@code message}, caused by {@code cause}. */
  public StoreException(String message, Throwable cause) {
    super(message, cause);
  }
}

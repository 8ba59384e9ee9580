package dev.tollgate.pricing.feed;

/**
 * A price feed that Tollgate refuses to use: it is not JSON, is in no known format, has no models,
 * or would remove too much of the current catalog. The message says which feed and why, in words an
 * operator can act on.
 */
public final class FeedRejectedException extends RuntimeException {

  /** A rejection for the reason in {@code message}. */
  public FeedRejectedException(String message) {
    super(message);
  }

  /** A rejection for the reason in {@code message}, caused by {@code cause}. */
  public FeedRejectedException(String message, Throwable cause) {
    super(message, cause);
  }
}

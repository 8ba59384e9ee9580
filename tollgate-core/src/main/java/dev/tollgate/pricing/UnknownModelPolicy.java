package dev.tollgate.pricing;

import java.util.Locale;

/** What to do with a request for a model that has no price. Never: price it at $0. */
public enum UnknownModelPolicy {
  /** Refuse the request before it reaches a provider. The default. */
  REFUSE,
  /** Let it through, record its usage as unpriced, and raise an alert. */
  RECORD;

  /**
   * Parses {@code refuse} or {@code record}, case-insensitively.
   *
   * @throws IllegalArgumentException naming the accepted values
   */
  public static UnknownModelPolicy parse(String text) {
    return switch (text.trim().toLowerCase(Locale.ROOT)) {
      case "refuse" -> REFUSE;
      case "record" -> RECORD;
      default ->
          throw new IllegalArgumentException("must be 'refuse' or 'record', got '" + text + "'");
    };
  }
}

package dev.tollgate.budget;

import dev.tollgate.ledger.Dimension;
import java.util.Locale;
import java.util.Objects;

/**
 * What a budget covers: one value of one dimension, such as {@code team:payments}, or {@code
 * global} for the whole organisation.
 */
public record Scope(Dimension dimension, String value) {

  /** The whole organisation. */
  public static final Scope GLOBAL = new Scope(Dimension.GLOBAL, "");

  /**
   * @throws IllegalArgumentException if a non-global scope has no value, or the global one has one
   */
  public Scope {
    Objects.requireNonNull(dimension, "dimension");
    value = Objects.requireNonNullElse(value, "").trim();
    if (dimension == Dimension.GLOBAL && !value.isEmpty()) {
      throw new IllegalArgumentException("the global scope has no value, got '" + value + "'");
    }
    if (dimension != Dimension.GLOBAL && value.isEmpty()) {
      throw new IllegalArgumentException(
          "a " + name(dimension) + " scope needs a value, e.g. " + name(dimension) + ":name");
    }
  }

  /** A scope of {@code dimension} with {@code value}. */
  public static Scope of(Dimension dimension, String value) {
    return new Scope(dimension, value);
  }

  /**
   * Parses {@code global} or {@code dimension:value}, e.g. {@code team:payments}, {@code
   * end_user:u-42}, {@code tag:batch-jobs}.
   *
   * @throws IllegalArgumentException naming the accepted dimensions
   */
  public static Scope parse(String text) {
    String t = text.trim();
    if (t.equalsIgnoreCase("global")) {
      return GLOBAL;
    }
    int colon = t.indexOf(':');
    if (colon <= 0) {
      throw new IllegalArgumentException(
          "scope must be 'global' or 'dimension:value', got '" + text + "'");
    }
    String dim = t.substring(0, colon).trim().toUpperCase(Locale.ROOT).replace('-', '_');
    Dimension dimension;
    try {
      dimension = Dimension.valueOf(dim);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(
          "unknown scope '"
              + t.substring(0, colon)
              + "'; known: global, team, project, user, end_user, key, service, tag, provider,"
              + " model");
    }
    // The constructor's own message says what is wrong with the value ("global:acme", "team:").
    return new Scope(dimension, t.substring(colon + 1));
  }

  private static String name(Dimension d) {
    return d.name().toLowerCase(Locale.ROOT);
  }

  @Override
  public String toString() {
    return dimension == Dimension.GLOBAL ? "global" : name(dimension) + ":" + value;
  }
}

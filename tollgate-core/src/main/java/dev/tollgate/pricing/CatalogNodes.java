package dev.tollgate.pricing;

import com.fasterxml.jackson.databind.JsonNode;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Iterator;
import java.util.List;
import java.util.regex.Pattern;

/**
 * Typed, validated access to the fields of one part of a catalog. Every failure becomes a {@link
 * CatalogException} whose message starts with the file and the part ({@code model openai/gpt-4o}),
 * then names the field by its path ({@code prices[0].input}).
 */
final class CatalogNodes {

  /**
   * A quoted price such as {@code "2.5"} is accepted too: quoting is how some people keep digits.
   */
  private static final Pattern PLAIN_DECIMAL = Pattern.compile("-?\\d+(\\.\\d+)?");

  /** A nano-dollar is the finest amount Tollgate stores (see {@code Money}). */
  private static final int MAX_DECIMALS = 9;

  private static final BigDecimal MAX_NANOS = BigDecimal.valueOf(Long.MAX_VALUE);
  private static final BigDecimal HUNDRED = BigDecimal.valueOf(100);

  private final String file;
  private String part;

  CatalogNodes(String file, String part) {
    this.file = file;
    this.part = part;
  }

  /** Names the part that later failures are about, e.g. {@code model openai/gpt-4o}. */
  void part(String part) {
    this.part = part;
  }

  CatalogException fail(String field, String problem) {
    // A card read from a request has no file: its messages start with the field.
    StringBuilder message = new StringBuilder(file.isEmpty() ? "" : file + ": ");
    if (!part.isEmpty()) {
      message.append(part).append(": ");
    }
    if (!field.isEmpty()) {
      message.append(field).append(": ");
    }
    return CatalogException.at(field, message.append(problem).toString());
  }

  /** Fails on the first key of {@code node} that is not in {@code allowed}, suggesting a fix. */
  void onlyKeys(JsonNode node, String prefix, Collection<String> allowed) {
    Iterator<String> names = node.fieldNames();
    while (names.hasNext()) {
      String key = names.next();
      if (!allowed.contains(key)) {
        String hint = closest(key, allowed);
        throw fail(
            prefix + key,
            "unknown key" + (hint == null ? "" : " (did you mean \"" + hint + "\"?)"));
      }
    }
  }

  JsonNode object(JsonNode node, String field) {
    if (!node.isObject()) {
      throw fail(field, "must be a mapping of keys to values, got " + shown(node));
    }
    return node;
  }

  /** The elements of a list; a missing list is empty. */
  List<JsonNode> list(JsonNode node, String field) {
    if (node == null || node.isNull()) {
      return List.of();
    }
    if (!node.isArray()) {
      throw fail(field, "must be a list, got " + shown(node));
    }
    List<JsonNode> out = new ArrayList<>(node.size());
    node.forEach(out::add);
    return out;
  }

  String text(JsonNode node, String field) {
    if (node == null || node.isNull()) {
      throw fail(field, "is required");
    }
    if (!node.isTextual() || node.asText().isBlank()) {
      throw fail(field, "must be a non-empty text, got " + shown(node));
    }
    return node.asText();
  }

  /** A whole number of at least {@code min}; a missing field is {@code ifMissing}. */
  long wholeNumber(JsonNode node, String field, long min, long ifMissing) {
    if (node == null || node.isNull()) {
      return ifMissing;
    }
    BigDecimal value = number(node, field, "a whole number of at least " + min);
    try {
      long n = value.longValueExact();
      if (n >= min) {
        return n;
      }
    } catch (ArithmeticException e) {
      // not whole, or too large: fall through to the message
    }
    throw fail(field, "must be a whole number of at least " + min + ", got " + shown(node));
  }

  /** A price in USD: at least zero and no finer than a nano-dollar. */
  BigDecimal usd(JsonNode node, String field) {
    if (node == null || node.isNull()) {
      throw fail(field, "is required");
    }
    BigDecimal value = number(node, field, "a non-negative number");
    if (value.signum() < 0) {
      throw fail(field, "must be a non-negative number, got " + shown(node));
    }
    if (value.stripTrailingZeros().scale() > MAX_DECIMALS) {
      throw fail(
          field,
          "must have at most 9 decimal places (a nano-dollar), got " + value.toPlainString());
    }
    if (value.movePointRight(MAX_DECIMALS).compareTo(MAX_NANOS) > 0) {
      throw fail(field, "is too large to store in nano-dollars, got " + value.toPlainString());
    }
    return normalized(value);
  }

  /** A percentage from 0 to 100; a missing field is zero. */
  BigDecimal percent(JsonNode node, String field) {
    if (node == null || node.isNull()) {
      return BigDecimal.ZERO;
    }
    BigDecimal value = number(node, field, "a percentage from 0 to 100");
    if (value.signum() < 0 || value.compareTo(HUNDRED) > 0) {
      throw fail(field, "must be a percentage from 0 to 100, got " + shown(node));
    }
    return normalized(value);
  }

  boolean flag(JsonNode node, String field) {
    if (node == null || node.isNull()) {
      return false;
    }
    if (!node.isBoolean()) {
      throw fail(field, "must be true or false, got " + shown(node));
    }
    return node.booleanValue();
  }

  private BigDecimal number(JsonNode node, String field, String expected) {
    if (node.isDouble() || node.isFloat()) {
      // The digits were already rounded to binary by whoever parsed the text.
      throw fail(
          field,
          "was parsed as a binary floating-point number; read the YAML with"
              + " CatalogReader.yamlMapper() so that it stays exact");
    }
    if (node.isIntegralNumber() || node.isBigDecimal()) {
      return node.decimalValue();
    }
    if (node.isTextual() && PLAIN_DECIMAL.matcher(node.asText().trim()).matches()) {
      return new BigDecimal(node.asText().trim());
    }
    throw fail(field, "must be " + expected + ", got " + shown(node));
  }

  /**
   * The same value with the smallest scale that is not negative, so that {@code 50}, {@code 50.0}
   * and {@code 5E+1} are equal records.
   */
  static BigDecimal normalized(BigDecimal value) {
    BigDecimal stripped = value.stripTrailingZeros();
    return stripped.scale() < 0 ? stripped.setScale(0) : stripped;
  }

  /** The value as the operator wrote it, in JSON notation, cut short if long. */
  static String shown(JsonNode node) {
    if (node == null || node.isMissingNode()) {
      return "nothing";
    }
    String text = node.isBigDecimal() ? node.decimalValue().toPlainString() : node.toString();
    return text.length() > 60 ? text.substring(0, 57) + "..." : text;
  }

  /**
   * The known key nearest to {@code typed} if it is within two edits (a likely typo), else null.
   */
  private static String closest(String typed, Collection<String> known) {
    String best = null;
    int bestDistance = 3;
    for (String k : known) {
      int d = editDistance(typed, k);
      if (d < bestDistance) {
        best = k;
        bestDistance = d;
      }
    }
    return best;
  }

  private static int editDistance(String a, String b) {
    int[] previous = new int[b.length() + 1];
    int[] current = new int[b.length() + 1];
    for (int j = 0; j <= b.length(); j++) {
      previous[j] = j;
    }
    for (int i = 1; i <= a.length(); i++) {
      current[0] = i;
      for (int j = 1; j <= b.length(); j++) {
        int substitution = previous[j - 1] + (a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1);
        current[j] = Math.min(substitution, Math.min(previous[j], current[j - 1]) + 1);
      }
      int[] swap = previous;
      previous = current;
      current = swap;
    }
    return previous[b.length()];
  }
}

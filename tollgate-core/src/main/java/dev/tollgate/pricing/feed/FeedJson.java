package dev.tollgate.pricing.feed;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.cfg.JsonNodeFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.math.BigDecimal;
import java.util.Objects;

/** Parses feeds with every number kept exactly as written, and names the place of any error. */
final class FeedJson {

  /**
   * Floats become BigDecimal as written ({@code 2.5e-06} is exactly 0.0000025, never the nearest
   * double), and nodes keep their scale as written. Turning off STRIP_TRAILING_BIGDECIMAL_ZEROES is
   * what {@code JsonNodeFactory.withExactBigDecimals(true)} did; that method is deprecated since
   * Jackson 2.15 in favour of this feature.
   */
  private static final ObjectMapper MAPPER =
      JsonMapper.builder()
          .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
          .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
          .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
          .disable(JsonNodeFeature.STRIP_TRAILING_BIGDECIMAL_ZEROES)
          .build();

  private FeedJson() {}

  /**
   * Parses {@code text}.
   *
   * @throws FeedRejectedException naming {@code source} and the line and column, if it is not JSON
   */
  static JsonNode read(String text, String source) {
    Objects.requireNonNull(text, "text");
    final JsonNode root;
    try {
      root = MAPPER.readTree(text);
    } catch (JsonProcessingException e) {
      JsonLocation at = e.getLocation();
      String where =
          at == null ? "" : " at line " + at.getLineNr() + ", column " + at.getColumnNr();
      throw new FeedRejectedException(
          "price feed " + source + " is not valid JSON" + where + ": " + detail(e), e);
    }
    if (root == null || root.isMissingNode()) {
      throw new FeedRejectedException("price feed " + source + " is empty");
    }
    return root;
  }

  /** Jackson's message without the "[Source: REDACTED ...; " noise it puts in nested locations. */
  private static String detail(JsonProcessingException e) {
    return e.getOriginalMessage().replaceAll("\\[Source: [^;]*; ", "[");
  }

  /**
   * The exact value of a price: a JSON number, or a string holding one (LiteLLM writes a few prices
   * as strings).
   *
   * @throws IllegalArgumentException naming {@code field} if it is neither
   */
  static BigDecimal decimal(JsonNode node, String field) {
    if (node != null && node.isNumber()) {
      return node.decimalValue();
    }
    if (node != null && node.isTextual()) {
      try {
        return new BigDecimal(node.textValue().trim());
      } catch (NumberFormatException e) {
        // fall through to the message below
      }
    }
    throw new IllegalArgumentException(field + ": not a number: " + describe(node));
  }

  /** A short description of a node for messages: its type, or its value if it is a scalar. */
  static String describe(JsonNode node) {
    if (node == null || node.isMissingNode()) {
      return "nothing";
    }
    if (node.isObject()) {
      return "an object";
    }
    if (node.isArray()) {
      return "a list";
    }
    return node.toString();
  }
}

package dev.tollgate.usage;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Arrays;
import java.util.stream.Collectors;

/**
 * Reads the counts of one provider usage object, checking each one and naming the field, with its
 * full path from the response body, in every error.
 */
final class UsageFields {

  /** Longer values are cut in error messages, so that a bad field cannot flood a log line. */
  private static final int MAX_SHOWN_CHARS = 60;

  private final ApiFormat format;
  private final JsonNode usage;

  private UsageFields(ApiFormat format, JsonNode usage) {
    this.format = format;
    if (usage == null || usage.isMissingNode() || usage.isNull()) {
      throw error("field '" + format.usageField() + "' is missing");
    }
    if (!usage.isObject()) {
      throw error("field '" + format.usageField() + "' must be an object, got " + shown(usage));
    }
    this.usage = usage;
  }

  /** The usage object of a whole response body. */
  static UsageFields ofResponse(ApiFormat format, JsonNode body) {
    if (body == null || !body.isObject()) {
      throw new UsageFormatException(
          format, "response body must be a JSON object, got " + shown(body));
    }
    return new UsageFields(format, body.get(format.usageField()));
  }

  /** A bare usage object. */
  static UsageFields ofUsage(ApiFormat format, JsonNode usage) {
    return new UsageFields(format, usage);
  }

  /** The usage object as compact JSON. */
  String raw() {
    return usage.toString();
  }

  /** The full name of a field, for example {@code usage.prompt_tokens_details.cached_tokens}. */
  String name(String path) {
    return format.usageField() + "." + path;
  }

  /** Whether a field is present and not null. */
  boolean has(String path) {
    JsonNode n = at(path);
    return n != null && !n.isNull();
  }

  /** A count that the format always reports. */
  long required(String path) {
    JsonNode n = at(path);
    if (n == null || n.isNull()) {
      throw error("field '" + name(path) + "' is missing");
    }
    return count(n, name(path));
  }

  /** A count that the format may leave out or set to null, which both mean zero. */
  long optional(String path) {
    JsonNode n = at(path);
    return n == null || n.isNull() ? 0 : count(n, name(path));
  }

  /**
   * The tokens of one modality in a Gemini-style list of {@code {modality, tokenCount}}; zero if
   * the list or the modality is absent. A {@code tokenCount} left out means zero, as in proto3
   * JSON.
   */
  long modality(String list, String modality) {
    JsonNode items = at(list);
    if (items == null || items.isNull()) {
      return 0;
    }
    if (!items.isArray()) {
      throw error("field '" + name(list) + "' must be a list, got " + shown(items));
    }
    long total = 0;
    for (int i = 0; i < items.size(); i++) {
      JsonNode item = items.get(i);
      if (modality.equals(item.path("modality").asText(null))) {
        JsonNode n = item.get("tokenCount");
        String field = name(list) + "[" + i + "].tokenCount";
        total = sum(total, n == null || n.isNull() ? 0 : count(n, field));
      }
    }
    return total;
  }

  /**
   * Checks that parts which a total is documented to include do not add up to more than it.
   *
   * @param total the name of the total's field, as given to {@link #required}
   * @param parts the names of the parts' fields
   */
  void checkIncludes(String total, long totalCount, long partsCount, String... parts) {
    if (partsCount > totalCount) {
      String names =
          Arrays.stream(parts).map(p -> "'" + name(p) + "'").collect(Collectors.joining(" + "));
      throw error(
          names
              + " ("
              + partsCount
              + (parts.length == 1 ? ") exceeds '" : ") exceed '")
              + name(total)
              + "' ("
              + totalCount
              + "), which includes "
              + (parts.length == 1 ? "it" : "them"));
    }
  }

  /** The sum of counts, or an error if it overflows a long. */
  long sum(long... counts) {
    long total = 0;
    try {
      for (long c : counts) {
        total = Math.addExact(total, c);
      }
    } catch (ArithmeticException e) {
      throw error("counts " + Arrays.toString(counts) + " overflow a 64-bit sum");
    }
    return total;
  }

  /** An error about this format's usage. */
  UsageFormatException error(String detail) {
    return new UsageFormatException(format, detail);
  }

  private JsonNode at(String path) {
    String[] steps = path.split("\\.", -1);
    JsonNode n = usage.get(steps[0]);
    for (int i = 1; i < steps.length; i++) {
      if (n == null || n.isNull()) {
        return null;
      }
      if (!n.isObject()) {
        String parent = String.join(".", Arrays.copyOfRange(steps, 0, i));
        throw error("field '" + name(parent) + "' must be an object, got " + shown(n));
      }
      n = n.get(steps[i]);
    }
    return n;
  }

  private long count(JsonNode n, String field) {
    // canConvertToLong rejects integers past 2^63 - 1 that Jackson holds as BigInteger.
    if (!n.isIntegralNumber() || !n.canConvertToLong() || n.longValue() < 0) {
      throw error("field '" + field + "' must be a non-negative integer, got " + shown(n));
    }
    return n.longValue();
  }

  private static String shown(JsonNode n) {
    String s = n == null ? "nothing" : n.toString();
    return s.length() <= MAX_SHOWN_CHARS ? s : s.substring(0, MAX_SHOWN_CHARS) + "…";
  }
}

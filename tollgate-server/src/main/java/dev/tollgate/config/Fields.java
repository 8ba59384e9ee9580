package dev.tollgate.config;

import com.fasterxml.jackson.databind.JsonNode;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;

/**
 * Reads the fields of one YAML map entry and remembers which were read, so that an unknown (for
 * example misspelt) key is an error. Every failure names {@code where} and the field.
 */
final class Fields {
  private final String where;
  private final JsonNode node;
  private final Set<String> read = new HashSet<>();

  Fields(String where, JsonNode node) {
    if (node == null || !node.isObject()) {
      throw new ConfigException(where + ": must be a map of fields");
    }
    this.where = where;
    this.node = node;
  }

  ConfigException fail(String field, String problem) {
    return new ConfigException(where + "." + field + ": " + problem);
  }

  private JsonNode get(String field) {
    read.add(field);
    JsonNode v = node.get(field);
    return v == null || v.isNull() ? null : v;
  }

  /** The field's node as written (null if absent), marked as read; its own parser checks it. */
  JsonNode raw(String field) {
    return get(field);
  }

  String text(String field, String fallback) {
    JsonNode v = get(field);
    if (v == null) {
      if (fallback == null) {
        throw fail(field, "is required");
      }
      return fallback;
    }
    if (!v.isValueNode() || v.isBoolean()) {
      throw fail(field, "must be a single value, got " + v);
    }
    return v.asText();
  }

  <T> T parse(String field, Function<String, T> parser, String fallback) {
    String t = text(field, fallback);
    try {
      return parser.apply(t);
    } catch (RuntimeException e) {
      throw fail(field, e.getMessage() == null ? "is not valid: '" + t + "'" : e.getMessage());
    }
  }

  Optional<Integer> integer(String field) {
    JsonNode v = get(field);
    if (v == null) {
      return Optional.empty();
    }
    if (!v.canConvertToInt() || !v.isIntegralNumber()) {
      throw fail(field, "must be a whole number, got " + v);
    }
    return Optional.of(v.intValue());
  }

  Optional<BigDecimal> decimal(String field) {
    JsonNode v = get(field);
    if (v == null) {
      return Optional.empty();
    }
    try {
      return Optional.of(v.isNumber() ? v.decimalValue() : new BigDecimal(v.asText().trim()));
    } catch (NumberFormatException e) {
      throw fail(field, "must be a decimal number, got " + v);
    }
  }

  Optional<Boolean> bool(String field) {
    JsonNode v = get(field);
    if (v == null) {
      return Optional.empty();
    }
    if (!v.isBoolean()) {
      throw fail(field, "must be true or false, got " + v);
    }
    return Optional.of(v.booleanValue());
  }

  Optional<List<String>> textList(String field) {
    JsonNode v = get(field);
    if (v == null) {
      return Optional.empty();
    }
    if (!v.isArray()) {
      throw fail(field, "must be a list, got " + v);
    }
    List<String> out = new ArrayList<>();
    v.forEach(e -> out.add(e.asText()));
    return Optional.of(out);
  }

  /** A mapping of names to single values, in the file's order. */
  Optional<Map<String, String>> textMap(String field) {
    JsonNode v = get(field);
    if (v == null) {
      return Optional.empty();
    }
    if (!v.isObject()) {
      throw fail(field, "must be a mapping of names to values, got " + v);
    }
    Map<String, String> out = new LinkedHashMap<>();
    for (Map.Entry<String, JsonNode> e : v.properties()) {
      if (!e.getValue().isValueNode() || e.getValue().isNull() || e.getValue().asText().isBlank()) {
        throw fail(field + "." + e.getKey(), "must be a non-empty single value");
      }
      out.put(e.getKey(), e.getValue().asText().strip());
    }
    return Optional.of(out);
  }

  Optional<List<Integer>> intList(String field) {
    JsonNode v = get(field);
    if (v == null) {
      return Optional.empty();
    }
    if (!v.isArray()) {
      throw fail(field, "must be a list of whole numbers, got " + v);
    }
    List<Integer> out = new ArrayList<>();
    for (JsonNode e : v) {
      if (!e.isIntegralNumber()) {
        throw fail(field, "must be a list of whole numbers, got " + v);
      }
      out.add(e.intValue());
    }
    return Optional.of(out);
  }

  void rejectUnknown() {
    for (Iterator<String> it = node.fieldNames(); it.hasNext(); ) {
      String key = it.next();
      if (!read.contains(key)) {
        throw new ConfigException(where + "." + key + ": unknown key");
      }
    }
  }
}

package dev.tollgate.server;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;

/**
 * Checks a JSON value against the subset of JSON Schema that {@code /openapi.json} uses ({@code
 * $ref} into its components, {@code type} (one or several), {@code enum}, {@code properties},
 * {@code required}, {@code additionalProperties}, {@code items}, {@code anyOf}, {@code oneOf}), and
 * lists every mismatch by JSON path. Enough to tell whether the document describes what the server
 * really answers.
 */
final class SchemaCheck {

  private final JsonNode components;
  private final List<String> problems = new ArrayList<>();

  private SchemaCheck(JsonNode components) {
    this.components = components;
  }

  /** The mismatches of {@code value} against {@code schema}; empty when it conforms. */
  static List<String> problems(JsonNode document, JsonNode schema, JsonNode value) {
    SchemaCheck c = new SchemaCheck(document.at("/components/schemas"));
    c.check(schema, value, "$");
    return c.problems;
  }

  private JsonNode resolve(JsonNode schema) {
    while (schema.has("$ref")) {
      String name = schema.get("$ref").asText().replace("#/components/schemas/", "");
      schema = components.path(name);
      if (schema.isMissingNode()) {
        problems.add("no component " + name);
        return com.fasterxml.jackson.databind.node.JsonNodeFactory.instance.objectNode();
      }
    }
    return schema;
  }

  private void check(JsonNode given, JsonNode value, String path) {
    JsonNode schema = resolve(given);
    for (String any : List.of("anyOf", "oneOf")) {
      if (schema.has(any)) {
        for (JsonNode option : schema.get(any)) {
          if (problems(option, value).isEmpty()) {
            return;
          }
        }
        problems.add(path + ": matches none of " + any);
        return;
      }
    }
    if (schema.has("type") && !typeMatches(schema.get("type"), value)) {
      problems.add(path + ": " + value.getNodeType() + " is not " + schema.get("type"));
      return;
    }
    if (schema.has("enum") && !schema.get("enum").toString().contains(value.toString())) {
      problems.add(path + ": " + value + " is not one of " + schema.get("enum"));
    }
    if (value.isObject()) {
      object(schema, value, path);
    } else if (value.isArray() && schema.has("items")) {
      for (int i = 0; i < value.size(); i++) {
        check(schema.get("items"), value.get(i), path + "[" + i + "]");
      }
    }
  }

  private List<String> problems(JsonNode schema, JsonNode value) {
    SchemaCheck c = new SchemaCheck(components);
    c.check(schema, value, "");
    return c.problems;
  }

  private void object(JsonNode schema, JsonNode value, String path) {
    schema
        .path("required")
        .forEach(
            r -> {
              if (!value.has(r.asText())) {
                problems.add(path + ": lacks required " + r.asText());
              }
            });
    JsonNode properties = schema.path("properties");
    JsonNode extra = schema.path("additionalProperties");
    value
        .properties()
        .forEach(
            p -> {
              if (properties.has(p.getKey())) {
                check(properties.get(p.getKey()), p.getValue(), path + "." + p.getKey());
              } else if (extra.isBoolean() && !extra.asBoolean()) {
                problems.add(path + ": " + p.getKey() + " is not declared");
              } else if (extra.isObject()) {
                check(extra, p.getValue(), path + "." + p.getKey());
              }
            });
  }

  private static boolean typeMatches(JsonNode type, JsonNode value) {
    if (type.isArray()) {
      for (JsonNode t : type) {
        if (typeMatches(t, value)) {
          return true;
        }
      }
      return false;
    }
    return switch (type.asText()) {
      case "string" -> value.isTextual();
      case "integer" -> value.isIntegralNumber();
      case "number" -> value.isNumber();
      case "boolean" -> value.isBoolean();
      case "array" -> value.isArray();
      case "object" -> value.isObject();
      case "null" -> value.isNull();
      default -> false;
    };
  }
}

package dev.tollgate.admin;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * JSON Schemas (draft 2020-12, the dialect of OpenAPI 3.1) built in code, so that each shape of the
 * admin API is declared once ({@link ApiSchemas}) and both documented and, for request bodies, used
 * to refuse unknown fields.
 */
final class Schema {

  private static final JsonNodeFactory F = JsonNodeFactory.instance;

  private Schema() {}

  static ObjectNode type(String type, String description) {
    ObjectNode o = F.objectNode().put("type", type);
    return description == null ? o : o.put("description", description);
  }

  static ObjectNode str(String description) {
    return type("string", description);
  }

  static ObjectNode integer(String description) {
    return type("integer", description);
  }

  static ObjectNode bool(String description) {
    return type("boolean", description);
  }

  /** An exact decimal amount of US dollars, as a string. */
  static ObjectNode usd(String description) {
    return str(description).put("pattern", "^-?[0-9]+(\\.[0-9]+)?$");
  }

  /** An ISO-8601 instant. */
  static ObjectNode time(String description) {
    return str(description).put("format", "date-time");
  }

  static ObjectNode oneOf(String description, String... values) {
    ObjectNode o = str(description);
    ArrayNode e = o.putArray("enum");
    for (String v : values) {
      e.add(v);
    }
    return o;
  }

  static ObjectNode array(ObjectNode items, String description) {
    ObjectNode o = type("array", description);
    o.set("items", items);
    return o;
  }

  /** A reference to the component schema {@code name}. */
  static ObjectNode ref(String name) {
    return F.objectNode().put("$ref", "#/components/schemas/" + name);
  }

  /** {@code schema} or null. */
  static ObjectNode nullable(ObjectNode schema) {
    if (schema.has("type") && !schema.has("$ref")) {
      ObjectNode o = schema.deepCopy();
      o.putArray("type").add(schema.get("type").asText()).add("null");
      return o;
    }
    ObjectNode o = F.objectNode();
    o.putArray("anyOf").add(schema).add(F.objectNode().put("type", "null"));
    return o;
  }

  /** An object schema, built property by property. */
  static Obj object(String description) {
    return new Obj(description);
  }

  /** An object's properties and which are required. */
  static final class Obj {
    private final ObjectNode node;
    private final ObjectNode properties;
    private final List<String> required = new ArrayList<>();

    private Obj(String description) {
      node = type("object", description);
      properties = node.putObject("properties");
    }

    /** A property that may be left out. */
    Obj opt(String name, ObjectNode schema) {
      properties.set(name, schema);
      return this;
    }

    /** A property that is always there. */
    Obj req(String name, ObjectNode schema) {
      required.add(name);
      return opt(name, schema);
    }

    /** No property but these: what a request body with an unknown field is refused by. */
    Obj closed() {
      node.put("additionalProperties", false);
      return this;
    }

    /** The names of the properties. */
    Set<String> names() {
      List<String> names = new ArrayList<>();
      properties.fieldNames().forEachRemaining(names::add);
      return Set.copyOf(names);
    }

    ObjectNode node() {
      ObjectNode o = node.deepCopy();
      if (!required.isEmpty()) {
        required.forEach(o.putArray("required")::add);
      }
      return o;
    }
  }
}

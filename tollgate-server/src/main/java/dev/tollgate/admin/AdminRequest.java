package dev.tollgate.admin;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.vertx.core.MultiMap;
import java.util.Map;

/**
 * One admin request as a handler sees it: who sent it, the path's parameters, the query and the
 * JSON body (an empty object when there was none).
 */
record AdminRequest(
    Principal principal, Map<String, String> params, MultiMap query, ObjectNode body) {

  /** The path parameter {@code name}, e.g. {@code id} of {@code /keys/{id}}. */
  String param(String name) {
    return params.get(name);
  }

  /** The body's field {@code name}, or null when absent. */
  JsonNode field(String name) {
    return body.get(name);
  }

  /**
   * Refuses a body with a field outside {@code allowed}.
   *
   * @throws AdminException 400 naming the first unknown field
   */
  void only(java.util.Set<String> allowed) {
    body.fieldNames()
        .forEachRemaining(
            f -> {
              if (!allowed.contains(f)) {
                throw AdminException.invalid(
                    f,
                    "unknown field (allowed: "
                        + String.join(", ", new java.util.TreeSet<>(allowed))
                        + ")");
              }
            });
  }
}

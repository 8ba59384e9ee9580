package dev.tollgate.admin;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.vertx.core.MultiMap;
import java.util.List;
import java.util.Optional;

/**
 * Cursor pagination shared by every admin list: {@code ?limit=} (1 to {@value #MAX}, default
 * {@value #DEFAULT}) and {@code ?after=<cursor>}; an answer {@code {"object":"list","data":[…],
 * "has_more":…,"next_cursor":…}}. No list is unbounded.
 */
final class Pages {

  /** Items per page when the request does not say. */
  static final int DEFAULT = 50;

  /** The most items one page holds. */
  static final int MAX = 200;

  private Pages() {}

  /** The page size asked for, checked. */
  static int limit(MultiMap query) {
    String given = query.get("limit");
    if (given == null) {
      return DEFAULT;
    }
    int limit;
    try {
      limit = Integer.parseInt(given);
    } catch (NumberFormatException e) {
      limit = -1;
    }
    if (limit < 1 || limit > MAX) {
      throw AdminException.invalid("limit", "must be a whole number from 1 to " + MAX);
    }
    return limit;
  }

  /** The cursor, if one was sent. */
  static Optional<String> after(MultiMap query) {
    return Optional.ofNullable(query.get("after")).filter(a -> !a.isEmpty());
  }

  /**
   * One page from {@code fetched}, which holds up to {@code limit + 1} items: the extra one only
   * says that there are more.
   */
  static <T> ObjectNode of(
      List<T> fetched,
      int limit,
      java.util.function.Function<T, JsonNode> render,
      java.util.function.Function<T, String> cursor) {
    boolean more = fetched.size() > limit;
    List<T> shown = more ? fetched.subList(0, limit) : fetched;
    ObjectNode body = JsonNodeFactory.instance.objectNode().put("object", "list");
    var data = body.putArray("data");
    shown.forEach(t -> data.add(render.apply(t)));
    body.put("has_more", more);
    body.put("next_cursor", more ? cursor.apply(shown.getLast()) : null);
    return body;
  }
}

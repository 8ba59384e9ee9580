package dev.tollgate.admin;

import io.vertx.core.http.HttpMethod;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The admin API's routes: a method and a path template such as {@code /keys/{id}/rotate}, under
 * {@code /admin/v1}, each with its handler. Each resource adds its own routes; a later one
 * (budgets, usage, audit) is one more {@code register} call.
 */
final class AdminRouter {

  /** A handler of one route. Runs on a worker thread: it may write to the store. */
  @FunctionalInterface
  interface Handler {
    AdminResponse handle(AdminRequest request);
  }

  private record Route(HttpMethod method, String[] segments, Handler handler) {}

  /** A route that matched, with the values of its path parameters. */
  record Match(Handler handler, Map<String, String> params) {}

  private final List<Route> routes = new ArrayList<>();

  /** Adds a route for {@code method} on {@code template} (relative to {@code /admin/v1}). */
  AdminRouter add(HttpMethod method, String template, Handler handler) {
    routes.add(new Route(method, split(template), handler));
    return this;
  }

  /**
   * The route for {@code method} on {@code path} (relative to {@code /admin/v1}).
   *
   * @throws AdminException 404 if no template matches the path, 405 if none for this method
   */
  Match match(HttpMethod method, String path) {
    String[] segments = split(path);
    boolean pathKnown = false;
    for (Route r : routes) {
      Optional<Map<String, String>> params = bind(r.segments, segments);
      if (params.isPresent()) {
        pathKnown = true;
        if (r.method.equals(method)) {
          return new Match(r.handler, params.get());
        }
      }
    }
    if (pathKnown) {
      throw new AdminException(
          405, "method_not_allowed", null, method.name() + " is not allowed on /admin/v1" + path);
    }
    throw new AdminException(404, "not_found", null, "no admin route /admin/v1" + path);
  }

  private static Optional<Map<String, String>> bind(String[] template, String[] path) {
    if (template.length != path.length) {
      return Optional.empty();
    }
    Map<String, String> params = new HashMap<>();
    for (int i = 0; i < template.length; i++) {
      String t = template[i];
      if (t.startsWith("{") && t.endsWith("}")) {
        params.put(t.substring(1, t.length() - 1), path[i]);
      } else if (!t.equals(path[i])) {
        return Optional.empty();
      }
    }
    return Optional.of(params);
  }

  private static String[] split(String path) {
    String p = path.startsWith("/") ? path.substring(1) : path;
    if (p.endsWith("/")) {
      p = p.substring(0, p.length() - 1);
    }
    return p.isEmpty() ? new String[0] : p.split("/", -1);
  }
}

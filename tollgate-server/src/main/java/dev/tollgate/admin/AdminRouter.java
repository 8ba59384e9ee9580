package dev.tollgate.admin;

import io.vertx.core.http.HttpMethod;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * The admin API's routes: a method, a path template such as {@code /keys/{id}/rotate} under {@code
 * /admin/v1}, who may call it ({@link Access}, required: a route without one is refused when it is
 * registered, so at start-up) and its handler. Each resource adds its own routes. The table is also
 * what {@code /openapi.json} documents.
 */
final class AdminRouter {

  /** A handler of one route. Runs on a worker thread: it may write to the store. */
  @FunctionalInterface
  interface Handler {
    AdminResponse handle(AdminRequest request);
  }

  /**
   * What a route takes and answers, by the names of {@link ApiSchemas}: {@code request} is the
   * body's schema ("" for none, null when not declared), {@code response} the answer's (for a paged
   * list, its items'). Declared where the route is registered, documented by {@code /openapi.json}.
   */
  record Doc(String request, String response) {

    /** Not declared: documented as any JSON object. */
    static final Doc UNDECLARED = new Doc(null, null);

    /** A route without a body that answers {@code response}. */
    static Doc answers(String response) {
      return new Doc("", response);
    }

    /** A route whose body is {@code request} and that answers {@code response}. */
    static Doc takes(String request, String response) {
      return new Doc(request, response);
    }
  }

  private record Route(
      HttpMethod method,
      String template,
      String[] segments,
      Access access,
      boolean paged,
      Doc doc,
      boolean ordered,
      Handler handler) {}

  /**
   * A route that matched, with who may call it, the values of its path parameters, and whether it
   * runs in the admin queue's order (every route but a long read).
   */
  record Match(Handler handler, Access access, Map<String, String> params, boolean ordered) {}

  private final List<Route> routes = new ArrayList<>();

  /**
   * Adds a route for {@code method} on {@code template} (relative to {@code /admin/v1}).
   *
   * @throws NullPointerException if {@code access} is missing
   * @throws IllegalArgumentException if the method and template are registered already
   */
  AdminRouter add(HttpMethod method, String template, Access access, Handler handler) {
    return add(method, template, access, false, Doc.UNDECLARED, handler);
  }

  private AdminRouter add(
      HttpMethod method, String template, Access access, boolean paged, Doc doc, Handler handler) {
    return add(method, template, access, paged, true, doc, handler);
  }

  private AdminRouter add(
      HttpMethod method,
      String template,
      Access access,
      boolean paged,
      boolean ordered,
      Doc doc,
      Handler handler) {
    Objects.requireNonNull(access, () -> "no access declared for " + method + " " + template);
    Objects.requireNonNull(handler, "handler");
    for (Route r : routes) {
      if (r.method.equals(method) && r.template.equals(template)) {
        throw new IllegalArgumentException(method + " " + template + " is registered twice");
      }
    }
    if (doc.request() != null && !doc.request().isEmpty()) {
      Objects.requireNonNull(ApiSchemas.all().get(doc.request()), doc.request());
    }
    if (doc.response() != null) {
      Objects.requireNonNull(ApiSchemas.all().get(doc.response()), doc.response());
    }
    routes.add(new Route(method, template, split(template), access, paged, doc, ordered, handler));
    return this;
  }

  AdminRouter get(String template, Access access, Handler handler) {
    return add(HttpMethod.GET, template, access, handler);
  }

  AdminRouter get(String template, Access access, Doc doc, Handler handler) {
    return add(HttpMethod.GET, template, access, false, doc, handler);
  }

  /**
   * A GET that answers a list paged by {@code ?limit=} and {@code ?after=} ({@link Pages}), of
   * items of the schema {@code item}.
   */
  AdminRouter list(String template, Access access, String item, Handler handler) {
    return add(HttpMethod.GET, template, access, true, Doc.answers(item + "Page"), handler);
  }

  /**
   * A paged GET that may read for seconds and changes nothing: it runs beside the admin queue
   * rather than in it, so the changes queued behind it do not wait for it.
   */
  AdminRouter longList(String template, Access access, String item, Handler handler) {
    return add(HttpMethod.GET, template, access, true, false, Doc.answers(item + "Page"), handler);
  }

  AdminRouter post(String template, Access access, Handler handler) {
    return add(HttpMethod.POST, template, access, handler);
  }

  AdminRouter post(String template, Access access, Doc doc, Handler handler) {
    return add(HttpMethod.POST, template, access, false, doc, handler);
  }

  AdminRouter put(String template, Access access, Doc doc, Handler handler) {
    return add(HttpMethod.PUT, template, access, false, doc, handler);
  }

  AdminRouter patch(String template, Access access, Doc doc, Handler handler) {
    return add(HttpMethod.PATCH, template, access, false, doc, handler);
  }

  AdminRouter delete(String template, Access access, Handler handler) {
    return add(HttpMethod.DELETE, template, access, handler);
  }

  AdminRouter delete(String template, Access access, Doc doc, Handler handler) {
    return add(HttpMethod.DELETE, template, access, false, doc, handler);
  }

  /** Every route, in registration order. */
  List<AdminRoute> table() {
    return routes.stream()
        .map(
            r ->
                new AdminRoute(
                    r.method.name(),
                    r.template,
                    r.access,
                    r.paged,
                    r.doc.request(),
                    r.doc.response()))
        .toList();
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
          return new Match(r.handler, r.access, params.get(), r.ordered);
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
        params.put(t.substring(1, t.length() - 1), decode(path[i]));
      } else if (!t.equals(path[i])) {
        return Optional.empty();
      }
    }
    return Optional.of(params);
  }

  /**
   * A path segment with its percent-escapes decoded as UTF-8: {@code a%2Fb} is the id {@code a/b}.
   * A {@code +} stays a plus (it means a space only in a query), and a malformed escape is a 400.
   */
  static String decode(String segment) {
    if (segment.indexOf('%') < 0) {
      return segment;
    }
    try {
      return java.net.URLDecoder.decode(
          segment.replace("+", "%2B"), java.nio.charset.StandardCharsets.UTF_8);
    } catch (IllegalArgumentException e) {
      throw new AdminException(
          400, "invalid_path", null, "the path segment '" + segment + "' has a malformed %-escape");
    }
  }

  private static String[] split(String path) {
    String p = path.startsWith("/") ? path.substring(1) : path;
    if (p.endsWith("/")) {
      p = p.substring(0, p.length() - 1);
    }
    return p.isEmpty() ? new String[0] : p.split("/", -1);
  }
}

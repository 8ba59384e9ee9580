package dev.tollgate.server;

import dev.tollgate.admin.AdminApi;
import dev.tollgate.admin.AdminRoute;
import dev.tollgate.keys.AdminRole;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The OpenAPI 3.1 document served at {@code /openapi.json}, built from the route tables the server
 * dispatches from ({@link Routes#ENDPOINTS} and the admin router's), so it cannot list a route that
 * is not served nor miss one that is. Each admin operation names the roles that may call it in
 * {@code x-tollgate-roles}.
 */
final class OpenApiDocument {

  private static final Pattern PARAM = Pattern.compile("\\{([^}/]+)}");

  private OpenApiDocument() {}

  static JsonObject build(List<Routes.Endpoint> endpoints, List<AdminRoute> admin) {
    JsonObject paths = new JsonObject();
    for (Routes.Endpoint e : endpoints) {
      JsonObject op =
          new JsonObject()
              .put("summary", e.summary())
              .put("operationId", operationId(e.method().name(), e.path()))
              .put("responses", responses(e.method().name()));
      if (e.auth().equals("virtual")) {
        op.put(
            "security", new JsonArray().add(new JsonObject().put("virtualKey", new JsonArray())));
      } else {
        op.put("security", new JsonArray());
      }
      JsonObject body = anyJson(e.method().name());
      if (body != null) {
        op.put("requestBody", body);
      }
      operations(paths, e.path()).put(e.method().name().toLowerCase(Locale.ROOT), op);
    }
    for (AdminRoute r : admin) {
      String path = AdminApi.PREFIX + r.template();
      JsonArray roles = new JsonArray();
      r.access().roles().stream().map(AdminRole::wire).forEach(roles::add);
      JsonObject op =
          new JsonObject()
              .put("summary", r.method() + " " + path)
              .put("operationId", operationId(r.method(), path))
              .put("tags", new JsonArray().add("admin"))
              .put("x-tollgate-access", r.access().name().toLowerCase(Locale.ROOT))
              .put("x-tollgate-roles", roles)
              .put(
                  "security",
                  new JsonArray().add(new JsonObject().put("adminKey", new JsonArray())))
              .put("parameters", parameters(r.template(), r.paged()))
              .put("responses", responses(r.method()));
      JsonObject body = anyJson(r.method());
      if (body != null) {
        op.put("requestBody", body);
      }
      operations(paths, path).put(r.method().toLowerCase(Locale.ROOT), op);
    }
    return new JsonObject()
        .put("openapi", "3.1.0")
        .put(
            "info",
            new JsonObject()
                .put("title", "Tollgate")
                .put(
                    "description",
                    "A self-hosted LLM gateway that prices every token and enforces spend budgets.")
                .put("version", "1"))
        .put("paths", paths)
        .put("components", components());
  }

  private static JsonObject operations(JsonObject paths, String path) {
    JsonObject ops = paths.getJsonObject(path);
    if (ops == null) {
      ops = new JsonObject();
      paths.put(path, ops);
    }
    return ops;
  }

  private static JsonArray parameters(String template, boolean paged) {
    JsonArray out = new JsonArray();
    Matcher m = PARAM.matcher(template);
    while (m.find()) {
      out.add(
          new JsonObject()
              .put("name", m.group(1))
              .put("in", "path")
              .put("required", true)
              .put("schema", new JsonObject().put("type", "string")));
    }
    if (paged) {
      out.add(query("limit", "integer", "Items per page, 1 to 200 (default 50)"));
      out.add(query("after", "string", "The next_cursor of the page before"));
    }
    return out;
  }

  private static JsonObject query(String name, String type, String description) {
    return new JsonObject()
        .put("name", name)
        .put("in", "query")
        .put("required", false)
        .put("description", description)
        .put("schema", new JsonObject().put("type", type));
  }

  private static JsonObject anyJson(String method) {
    if (!method.equals("POST") && !method.equals("PUT") && !method.equals("PATCH")) {
      return null;
    }
    return new JsonObject()
        .put(
            "content",
            new JsonObject()
                .put(
                    "application/json",
                    new JsonObject().put("schema", new JsonObject().put("type", "object"))));
  }

  private static JsonObject responses(String method) {
    JsonObject json =
        new JsonObject()
            .put(
                "content",
                new JsonObject()
                    .put(
                        "application/json",
                        new JsonObject().put("schema", new JsonObject().put("type", "object"))));
    JsonObject error =
        new JsonObject()
            .put("description", "An error naming the field at fault and why")
            .put(
                "content",
                new JsonObject()
                    .put(
                        "application/json",
                        new JsonObject()
                            .put(
                                "schema",
                                new JsonObject().put("$ref", "#/components/schemas/Error"))));
    return new JsonObject()
        .put(method.equals("POST") ? "2XX" : "200", json.copy().put("description", "Success"))
        .put("4XX", error);
  }

  private static JsonObject components() {
    JsonObject errorBody =
        new JsonObject()
            .put("type", "object")
            .put(
                "properties",
                new JsonObject()
                    .put("type", new JsonObject().put("type", "string"))
                    .put(
                        "code",
                        new JsonObject().put("type", new JsonArray().add("string").add("null")))
                    .put(
                        "param",
                        new JsonObject().put("type", new JsonArray().add("string").add("null")))
                    .put("message", new JsonObject().put("type", "string")));
    return new JsonObject()
        .put(
            "securitySchemes",
            new JsonObject()
                .put(
                    "adminKey",
                    new JsonObject()
                        .put("type", "http")
                        .put("scheme", "bearer")
                        .put(
                            "description",
                            "The master key (TOLLGATE_ADMIN_KEY), a tga-… admin key or a tgt-…"
                                + " admin token"))
                .put(
                    "virtualKey",
                    new JsonObject()
                        .put("type", "http")
                        .put("scheme", "bearer")
                        .put("description", "A tg-… virtual key")))
        .put(
            "schemas",
            new JsonObject()
                .put(
                    "Error",
                    new JsonObject()
                        .put("type", "object")
                        .put("properties", new JsonObject().put("error", errorBody))));
  }

  private static String operationId(String method, String path) {
    return method.toLowerCase(Locale.ROOT)
        + path.replaceAll("[{}]", "").replaceAll("[^A-Za-z0-9]+", "_");
  }
}

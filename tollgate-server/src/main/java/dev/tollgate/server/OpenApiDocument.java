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
 * {@code x-tollgate-roles}. Admin bodies and answers refer to the JSON Schemas each route declares
 * where it is registered ({@link AdminApi#schemas()}); the proxy routes keep OpenAI's and
 * Anthropic's own formats, documented there, and are declared as JSON objects here.
 */
final class OpenApiDocument {

  private static final Pattern PARAM = Pattern.compile("\\{([^}/]+)}");

  /** The schema of an export's page: such a route also answers CSV or a JSON array. */
  private static final String EXPORT_PAGE = "ExportPage";

  private OpenApiDocument() {}

  static JsonObject build(List<Routes.Endpoint> endpoints, List<AdminRoute> admin) {
    JsonObject paths = new JsonObject();
    for (Routes.Endpoint e : endpoints) {
      JsonObject op =
          new JsonObject()
              .put("summary", e.summary())
              .put("operationId", operationId(e.method().name(), e.path()))
              .put("responses", responses(e.method().name(), null));
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
              .put("responses", responses(r.method(), r.response()));
      JsonObject body = r.request() == null ? anyJson(r.method()) : declared(r.request());
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

  /** The body a route declared: its schema, required; none for "". */
  private static JsonObject declared(String schema) {
    if (schema.isEmpty()) {
      return null;
    }
    return new JsonObject().put("required", true).put("content", json(ref(schema)));
  }

  private static JsonObject responses(String method, String schema) {
    JsonObject success = new JsonObject().put("description", "Success");
    if (schema == null) {
      success.put("content", json(new JsonObject().put("type", "object")));
    } else if (schema.equals(EXPORT_PAGE)) {
      // Whole: CSV or a JSON array of rows; with ?limit=: one page.
      JsonObject rows = new JsonObject().put("type", "array").put("items", ref("Row"));
      success.put(
          "content",
          json(new JsonObject().put("oneOf", new JsonArray().add(ref(schema)).add(rows)))
              .put(
                  "text/csv",
                  new JsonObject().put("schema", new JsonObject().put("type", "string"))));
    } else {
      success.put("content", json(ref(schema)));
    }
    JsonObject error =
        new JsonObject()
            .put("description", "An error naming the field at fault and why")
            .put("content", json(ref("Error")));
    return new JsonObject().put(method.equals("POST") ? "2XX" : "200", success).put("4XX", error);
  }

  private static JsonObject json(JsonObject schema) {
    return new JsonObject().put("application/json", new JsonObject().put("schema", schema));
  }

  private static JsonObject ref(String name) {
    return new JsonObject().put("$ref", "#/components/schemas/" + name);
  }

  private static JsonObject components() {
    JsonObject schemas = new JsonObject().put("Row", new JsonObject().put("type", "object"));
    AdminApi.schemas()
        .forEach((name, schema) -> schemas.put(name, new JsonObject(schema.toString())));
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
        .put("schemas", schemas);
  }

  private static String operationId(String method, String path) {
    return method.toLowerCase(Locale.ROOT)
        + path.replaceAll("[{}]", "").replaceAll("[^A-Za-z0-9]+", "_");
  }
}

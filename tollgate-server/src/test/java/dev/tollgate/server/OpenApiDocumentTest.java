package dev.tollgate.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tollgate.config.ConfigLoader;
import dev.tollgate.config.TollgateConfig;
import dev.tollgate.testkit.FakeClock;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Black-box: {@code /openapi.json} of a real gateway against the routes it dispatches, both ways,
 * and each documented operation probed on the server.
 */
class OpenApiDocumentTest {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String MASTER = "tga-master-for-openapi-test";

  @TempDir Path dir;

  private Gateway gateway;
  private final HttpClient http =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

  @BeforeEach
  void start() {
    TollgateConfig config =
        ConfigLoader.load(Optional.empty(), Map.of("TOLLGATE_ADMIN_KEY", MASTER), dir)
            .withServer("127.0.0.1", 0)
            .withDataDir(dir.resolve("data"));
    gateway = Gateway.start(config, FakeClock.at("2026-05-01T12:00:00Z"));
  }

  @AfterEach
  void stop() {
    gateway.close();
  }

  private HttpResponse<String> send(String method, String path, String bearer) throws Exception {
    HttpRequest.Builder b =
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + gateway.port() + path))
            .timeout(Duration.ofSeconds(10))
            .method(method, HttpRequest.BodyPublishers.noBody());
    if (bearer != null) {
      b.header("authorization", "Bearer " + bearer);
    }
    return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
  }

  private JsonNode document() throws Exception {
    HttpResponse<String> r = send("GET", "/openapi.json", null);
    assertThat(r.statusCode()).isEqualTo(200);
    return JSON.readTree(r.body());
  }

  private static Set<String> operations(JsonNode doc) {
    Set<String> ops = new TreeSet<>();
    doc.get("paths")
        .properties()
        .forEach(
            p ->
                p.getValue()
                    .fieldNames()
                    .forEachRemaining(m -> ops.add(m.toUpperCase(Locale.ROOT) + " " + p.getKey())));
    return ops;
  }

  @Test
  void theDocumentListsExactlyTheRoutesTheServerDispatches() throws Exception {
    JsonNode doc = document();

    assertThat(doc.path("openapi").asText()).isEqualTo("3.1.0");
    assertThat(operations(doc)).isEqualTo(new TreeSet<>(gateway.servedRoutes()));
    assertThat(gateway.servedRoutes())
        .contains(
            "POST /v1/chat/completions",
            "POST /v1/messages",
            "GET /healthz",
            "GET /openapi.json",
            "GET /admin/v1/audit",
            "POST /admin/v1/tokens",
            "PATCH /admin/v1/keys/{id}");
  }

  @Test
  void everyDocumentedOperationIsAnsweredByARouteNotByTheFallback() throws Exception {
    List<String> unserved = new ArrayList<>();
    for (String op : operations(document())) {
      String method = op.substring(0, op.indexOf(' '));
      String path = op.substring(op.indexOf(' ') + 1).replaceAll("\\{[^}]+}", "probe");
      HttpResponse<String> r = send(method, path, MASTER);
      String body = r.body();
      if (r.statusCode() == 405
          || body.contains("no route for")
          || body.contains("no admin route")) {
        unserved.add(op + " -> " + r.statusCode() + " " + body);
      }
    }
    assertThat(unserved).isEmpty();
  }

  @Test
  void adminOperationsNameTheirRolesAndPathParameters() throws Exception {
    JsonNode doc = document();
    JsonNode patch = doc.at("/paths/~1admin~1v1~1keys~1{id}/patch");
    assertThat(patch.path("x-tollgate-roles").toString()).isEqualTo("[\"admin\",\"team-manager\"]");
    assertThat(patch.at("/parameters/0/name").asText()).isEqualTo("id");
    assertThat(patch.at("/parameters/0/in").asText()).isEqualTo("path");
    JsonNode tokens = doc.at("/paths/~1admin~1v1~1tokens/post");
    assertThat(tokens.path("x-tollgate-roles").toString()).isEqualTo("[\"admin\"]");
    JsonNode list = doc.at("/paths/~1admin~1v1~1audit/get");
    assertThat(list.path("x-tollgate-roles").toString()).isEqualTo("[\"admin\",\"finance\"]");
    assertThat(list.path("parameters").toString()).contains("\"limit\"", "\"after\"");
    assertThat(doc.at("/paths/~1healthz/get/security").size()).isZero();
  }
}

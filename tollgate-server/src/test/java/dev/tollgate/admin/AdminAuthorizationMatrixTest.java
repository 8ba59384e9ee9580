package dev.tollgate.admin;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tollgate.config.ConfigLoader;
import dev.tollgate.config.TollgateConfig;
import dev.tollgate.server.Gateway;
import dev.tollgate.testkit.FakeClock;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
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
 * Black-box: every admin endpoint of a real gateway against every kind of caller (master key, the
 * stored admin key, admin, finance and team-manager tokens), with the expected answer per role
 * written out here, not read from the code under test. The endpoint list is the served OpenAPI
 * document, so a route added without an entry here fails the test.
 */
class AdminAuthorizationMatrixTest {

  private static final String MASTER = "tga-master-for-matrix-test";

  @TempDir Path dir;

  private Gateway gateway;
  private AdminClient http;
  private final Map<String, String> callers = new LinkedHashMap<>();

  /** For each endpoint: a concrete request, and the roles that may call it. */
  private record Case(String path, String body, Set<String> allowed) {}

  private static final Set<String> ALL = Set.of("admin", "finance", "team-manager");
  private static final Set<String> READ_ALL = Set.of("admin", "finance");
  private static final Set<String> WRITE = Set.of("admin", "team-manager");
  private static final Set<String> ADMIN = Set.of("admin");

  /** Keyed by the document's "METHOD template". Concrete ids are team A's, which tm-a manages. */
  private static final Map<String, Case> CASES =
      Map.ofEntries(
          Map.entry("GET /admin/v1/keys", new Case("/admin/v1/keys", null, ALL)),
          Map.entry("POST /admin/v1/keys", new Case("/admin/v1/keys", "{\"team\":\"a\"}", WRITE)),
          Map.entry("GET /admin/v1/keys/{id}", new Case("/admin/v1/keys/a1", null, ALL)),
          Map.entry(
              "PATCH /admin/v1/keys/{id}", new Case("/admin/v1/keys/a1", "{\"rpm\":100}", WRITE)),
          Map.entry(
              "POST /admin/v1/keys/{id}/rotate", new Case("/admin/v1/keys/a1/rotate", null, WRITE)),
          Map.entry(
              "POST /admin/v1/keys/{id}/revoke", new Case("/admin/v1/keys/a2/revoke", null, WRITE)),
          Map.entry("GET /admin/v1/providers", new Case("/admin/v1/providers", null, READ_ALL)),
          Map.entry(
              "GET /admin/v1/providers/{name}/credentials",
              new Case("/admin/v1/providers/openai/credentials", null, ADMIN)),
          Map.entry(
              "PUT /admin/v1/providers/{name}/credentials",
              new Case("/admin/v1/providers/openai/credentials", "{\"api_key\":\"sk-x\"}", ADMIN)),
          Map.entry(
              "DELETE /admin/v1/providers/{name}/credentials",
              new Case("/admin/v1/providers/openai/credentials", null, ADMIN)),
          Map.entry("GET /admin/v1/tokens", new Case("/admin/v1/tokens", null, ADMIN)),
          Map.entry(
              "POST /admin/v1/tokens",
              new Case("/admin/v1/tokens", "{\"role\":\"finance\"}", ADMIN)),
          Map.entry("GET /admin/v1/tokens/{id}", new Case("/admin/v1/tokens/victim", null, ADMIN)),
          Map.entry(
              "POST /admin/v1/tokens/{id}/revoke",
              new Case("/admin/v1/tokens/victim/revoke", null, ADMIN)),
          Map.entry("GET /admin/v1/audit", new Case("/admin/v1/audit", null, READ_ALL)),
          Map.entry(
              "GET /admin/v1/audit/verify", new Case("/admin/v1/audit/verify", null, READ_ALL)),
          // Budgets: every role reads, admin and team-manager change; a team-manager only its own
          // team's (aTeamManagerNeitherSeesNorChangesAnotherTeamsBudgets).
          Map.entry("GET /admin/v1/budgets", new Case("/admin/v1/budgets", null, ALL)),
          Map.entry(
              "POST /admin/v1/budgets",
              new Case(
                  "/admin/v1/budgets",
                  "{\"id\":\"m1\",\"scope\":\"team:a\",\"limit_usd\":\"1\",\"period\":\"daily\"}",
                  WRITE)),
          Map.entry("GET /admin/v1/budgets/{id}", new Case("/admin/v1/budgets/team-a", null, ALL)),
          Map.entry(
              "PATCH /admin/v1/budgets/{id}",
              new Case("/admin/v1/budgets/team-a", "{\"limit_usd\":\"30\"}", WRITE)),
          Map.entry(
              "DELETE /admin/v1/budgets/{id}", new Case("/admin/v1/budgets/a-spare", null, WRITE)),
          Map.entry(
              "GET /admin/v1/budgets/{id}/status",
              new Case("/admin/v1/budgets/team-a/status", null, ALL)),
          Map.entry(
              "GET /admin/v1/budgets/{id}/history",
              new Case("/admin/v1/budgets/team-a/history", null, ALL)),
          Map.entry(
              "POST /admin/v1/budgets/{id}/set-remaining",
              new Case(
                  "/admin/v1/budgets/team-a/set-remaining", "{\"remaining_usd\":\"1\"}", WRITE)),
          Map.entry(
              "POST /admin/v1/budgets/{id}/reset",
              new Case("/admin/v1/budgets/team-a/reset", null, WRITE)),
          Map.entry(
              "POST /admin/v1/budgets/{id}/override",
              new Case(
                  "/admin/v1/budgets/team-a/override",
                  "{\"reason\":\"matrix\",\"extra_usd\":\"1\"}",
                  WRITE)),
          Map.entry(
              "DELETE /admin/v1/budgets/{id}/override",
              new Case("/admin/v1/budgets/team-a/override", null, WRITE)),
          Map.entry("GET /admin/v1/forecast", new Case("/admin/v1/forecast", null, ALL)),
          Map.entry("GET /admin/v1/status", new Case("/admin/v1/status", null, ALL)),
          Map.entry(
              "GET /admin/v1/status/providers",
              new Case("/admin/v1/status/providers", null, READ_ALL)),
          Map.entry(
              "POST /admin/v1/usage",
              new Case(
                  "/admin/v1/usage",
                  "{\"request_id\":\"u1\",\"provider\":\"openai\",\"cost_usd\":\"0.01\"}",
                  ADMIN)),
          Map.entry("GET /admin/v1/models", new Case("/admin/v1/models", null, ALL)),
          Map.entry(
              "GET /admin/v1/models/{id}", new Case("/admin/v1/models/gpt-4o-mini", null, ALL)),
          Map.entry(
              "PUT /admin/v1/models/{id}/price",
              new Case(
                  "/admin/v1/models/gpt-4o-mini/price",
                  "{\"prices\":{\"input\":\"0.15\",\"output\":\"0.6\"}}",
                  ADMIN)),
          Map.entry(
              "DELETE /admin/v1/models/{id}/price",
              new Case("/admin/v1/models/gpt-4o-mini/price", null, ADMIN)),
          // A dry run of a feed with no models: refused as a feed (400), never as a role, by
          // admins.
          Map.entry(
              "POST /admin/v1/prices/import",
              new Case("/admin/v1/prices/import", "{\"feed\":{},\"dry_run\":true}", ADMIN)),
          Map.entry(
              "POST /admin/v1/price",
              new Case(
                  "/admin/v1/price", "{\"model\":\"gpt-4o-mini\",\"tokens\":{\"input\":10}}", ALL)),
          // A team-manager's reports are filtered to its own team (UsageReportsApiTest).
          Map.entry("GET /admin/v1/usage", new Case("/admin/v1/usage?team=a", null, ALL)),
          Map.entry("GET /admin/v1/usage/top", new Case("/admin/v1/usage/top?by=key", null, ALL)),
          Map.entry(
              "GET /admin/v1/export/events", new Case("/admin/v1/export/events", null, READ_ALL)),
          Map.entry(
              "GET /admin/v1/export/rollups", new Case("/admin/v1/export/rollups", null, READ_ALL)),
          Map.entry(
              "GET /admin/v1/export/focus", new Case("/admin/v1/export/focus", null, READ_ALL)),
          Map.entry(
              "GET /admin/v1/end-users/{id}/export",
              new Case("/admin/v1/end-users/alice/export", null, READ_ALL)),
          Map.entry(
              "DELETE /admin/v1/end-users/{id}",
              new Case("/admin/v1/end-users/alice", null, ADMIN)),
          // Budgets and keys of every team: no team-scoped view of them yet.
          Map.entry(
              "GET /admin/v1/recommendations",
              new Case("/admin/v1/recommendations", null, READ_ALL)));

  @BeforeEach
  void start() throws Exception {
    TollgateConfig config =
        ConfigLoader.load(Optional.empty(), Map.of("TOLLGATE_ADMIN_KEY", MASTER), dir)
            .withServer("127.0.0.1", 0)
            .withDataDir(dir.resolve("data"));
    gateway = Gateway.start(config, FakeClock.at("2026-05-01T12:00:00Z"));
    http = new AdminClient(gateway.port());
    callers.put("master:admin", MASTER);
    callers.put("stored-admin-key:admin", gateway.adminKeySecret().orElseThrow());
    callers.put("token:admin", token("{\"role\":\"admin\"}"));
    callers.put("token:finance", token("{\"role\":\"finance\"}"));
    callers.put("token:team-manager", token("{\"role\":\"team-manager\",\"team\":\"a\"}"));
    token("{\"id\":\"victim\",\"role\":\"finance\"}");
    for (String body :
        List.of(
            "{\"id\":\"a1\",\"team\":\"a\",\"budgets\":[{\"limit_usd\":\"5\",\"period\":\"daily\"}]}",
            "{\"id\":\"a2\",\"team\":\"a\"}",
            "{\"id\":\"b1\",\"team\":\"b\",\"budgets\":[{\"limit_usd\":\"5\",\"period\":\"daily\"}]}")) {
      assertThat(http.send("POST", "/admin/v1/keys", MASTER, body).status()).isEqualTo(201);
    }
    for (String[] budget :
        List.of(
            new String[] {"team-a", "team:a", "monthly"},
            new String[] {"a-spare", "team:a", "weekly"},
            new String[] {"team-b", "team:b", "monthly"})) {
      String body =
          "{\"id\":\"%s\",\"scope\":\"%s\",\"limit_usd\":\"20\",\"period\":\"%s\"}"
              .formatted((Object[]) budget);
      assertThat(http.send("POST", "/admin/v1/budgets", MASTER, body).status()).isEqualTo(201);
    }
  }

  @AfterEach
  void stop() {
    gateway.close();
  }

  private String token(String body) throws Exception {
    AdminClient.Reply r = http.send("POST", "/admin/v1/tokens", MASTER, body);
    assertThat(r.status()).as(r.json().toString()).isEqualTo(201);
    return r.json().path("token").asText();
  }

  private Set<String> documentedAdminOperations() throws Exception {
    JsonNode doc = http.send("GET", "/openapi.json", null, null).json();
    Set<String> ops = new TreeSet<>();
    doc.get("paths")
        .properties()
        .forEach(
            p -> {
              if (p.getKey().startsWith("/admin/")) {
                p.getValue()
                    .fieldNames()
                    .forEachRemaining(m -> ops.add(m.toUpperCase(Locale.ROOT) + " " + p.getKey()));
              }
            });
    return ops;
  }

  @Test
  void everyRoleGetsExactlyTheEndpointsItsRoleAllows() throws Exception {
    Set<String> documented = documentedAdminOperations();
    assertThat(CASES.keySet())
        .as("every admin endpoint has an expected answer per role in this test")
        .containsExactlyInAnyOrderElementsOf(documented);
    List<String> wrong = new ArrayList<>();
    for (String op : new TreeSet<>(CASES.keySet())) {
      Case c = CASES.get(op);
      String method = op.substring(0, op.indexOf(' '));
      for (var caller : callers.entrySet()) {
        String role = caller.getKey().substring(caller.getKey().indexOf(':') + 1);
        AdminClient.Reply r = http.send(method, c.path(), caller.getValue(), c.body());
        boolean refused = r.status() == 403 || r.status() == 401;
        boolean allowed = c.allowed().contains(role);
        if (allowed == refused || r.status() >= 500) {
          wrong.add(op + " as " + caller.getKey() + " -> " + r.status() + " " + r.json());
        }
      }
    }
    assertThat(wrong).isEmpty();
  }

  @Test
  void aTeamManagerNeitherSeesNorChangesAnotherTeamsKeys() throws Exception {
    String tm = callers.get("token:team-manager");

    AdminClient.Reply list = http.send("GET", "/admin/v1/keys?limit=200", tm, null);
    assertThat(list.status()).isEqualTo(200);
    List<String> teams = new ArrayList<>();
    list.json().get("data").forEach(k -> teams.add(k.path("team").asText()));
    assertThat(teams).isNotEmpty().containsOnly("a");

    for (String[] req :
        List.of(
            new String[] {"GET", "/admin/v1/keys/b1", null},
            new String[] {"PATCH", "/admin/v1/keys/b1", "{\"rpm\":1}"},
            new String[] {"POST", "/admin/v1/keys/b1/rotate", null},
            new String[] {"POST", "/admin/v1/keys/b1/revoke", null})) {
      AdminClient.Reply r = http.send(req[0], req[1], tm, req[2]);
      // The same answer as for a key that does not exist: nothing says b1 is there.
      AdminClient.Reply missing = http.send(req[0], req[1].replace("b1", "nope"), tm, req[2]);
      assertThat(r.status()).as(req[0] + " " + req[1]).isEqualTo(404);
      assertThat(r.json().at("/error/message").asText().replace("b1", "X"))
          .isEqualTo(missing.json().at("/error/message").asText().replace("nope", "X"));
    }
    JsonNode b1 = http.send("GET", "/admin/v1/keys/b1", MASTER, null).json();
    assertThat(b1.path("revoked_at").isNull()).isTrue();
    assertThat(b1.path("rpm").isNull()).isTrue();

    AdminClient.Reply other = http.send("POST", "/admin/v1/keys", tm, "{\"team\":\"b\"}");
    assertThat(other.status()).isEqualTo(403);
    assertThat(other.json().at("/error/param").asText()).isEqualTo("team");

    AdminClient.Reply own = http.send("POST", "/admin/v1/keys", tm, "{\"id\":\"a9\"}");
    assertThat(own.status()).isEqualTo(201);
    assertThat(own.json().path("team").asText()).isEqualTo("a");
  }

  private List<String> ids(JsonNode list, String field) {
    List<String> ids = new ArrayList<>();
    list.get("data").forEach(b -> ids.add(b.path(field).asText()));
    return ids;
  }

  @Test
  void aTeamManagerSeesAndChangesItsOwnTeamsBudgetsAndTheBudgetsOfItsTeamsKeysOnly()
      throws Exception {
    String tm = callers.get("token:team-manager");

    JsonNode list = http.send("GET", "/admin/v1/budgets?limit=200", tm, null).json();
    assertThat(ids(list, "id")).containsExactly("a-spare", "key-a1-daily", "team-a");
    JsonNode status = http.send("GET", "/admin/v1/status", tm, null).json();
    assertThat(ids(status, "id")).containsExactly("a-spare", "key-a1-daily", "team-a");
    JsonNode forecast = http.send("GET", "/admin/v1/forecast", tm, null).json();
    assertThat(ids(forecast, "budget")).containsExactly("a-spare", "key-a1-daily", "team-a");
    assertThat(http.send("GET", "/admin/v1/status?scope=team:b", tm, null).json().get("data"))
        .isEmpty();
    // Admin and finance see them all, the file's global budget and team b's included.
    JsonNode all =
        http.send("GET", "/admin/v1/budgets?limit=200", callers.get("token:finance"), null).json();
    assertThat(ids(all, "id"))
        .containsExactly(
            "a-spare", "global-daily", "key-a1-daily", "key-b1-daily", "team-a", "team-b");

    AdminClient.Reply noScope =
        http.send(
            "POST",
            "/admin/v1/budgets",
            tm,
            "{\"id\":\"a-daily\",\"limit_usd\":\"2\",\"period\":\"daily\"}");
    assertThat(noScope.status()).isEqualTo(201);
    assertThat(noScope.json().path("scope").asText()).isEqualTo("team:a");
    AdminClient.Reply ownKey =
        http.send(
            "POST",
            "/admin/v1/budgets",
            tm,
            "{\"id\":\"a2-weekly\",\"scope\":\"key:a2\",\"limit_usd\":\"2\",\"period\":\"weekly\"}");
    assertThat(ownKey.status()).isEqualTo(201);
  }

  @Test
  void aTeamManagerAskingForAnotherTeamsBudgetGetsTheAnswerForOneThatDoesNotExist()
      throws Exception {
    String tm = callers.get("token:team-manager");
    for (String other : List.of("team-b", "key-b1-daily", "global-daily")) {
      for (String[] req :
          List.of(
              new String[] {"GET", "/admin/v1/budgets/ID", null},
              new String[] {"GET", "/admin/v1/budgets/ID/status", null},
              new String[] {"GET", "/admin/v1/budgets/ID/history", null},
              new String[] {"GET", "/admin/v1/forecast?budget=ID", null},
              new String[] {"PATCH", "/admin/v1/budgets/ID", "{\"limit_usd\":\"999\"}"},
              new String[] {
                "POST", "/admin/v1/budgets/ID/set-remaining", "{\"remaining_usd\":\"1\"}"
              },
              new String[] {"POST", "/admin/v1/budgets/ID/reset", null},
              new String[] {"POST", "/admin/v1/budgets/ID/override", "{\"reason\":\"x\"}"},
              new String[] {"DELETE", "/admin/v1/budgets/ID/override", null},
              new String[] {"DELETE", "/admin/v1/budgets/ID", null})) {
        AdminClient.Reply r = http.send(req[0], req[1].replace("ID", other), tm, req[2]);
        AdminClient.Reply missing = http.send(req[0], req[1].replace("ID", "nope"), tm, req[2]);
        assertThat(r.status()).as(req[0] + " " + req[1] + " of " + other).isEqualTo(404);
        assertThat(r.json().at("/error/message").asText().replace(other, "X"))
            .isEqualTo(missing.json().at("/error/message").asText().replace("nope", "X"));
      }
    }
    JsonNode teamB = http.send("GET", "/admin/v1/budgets/team-b", MASTER, null).json();
    assertThat(teamB.path("limit_usd").asText()).isEqualTo("20.000000000");
    assertThat(teamB.at("/status/override").isNull()).isTrue();

    for (String scope : List.of("team:b", "key:b1", "global", "project:a")) {
      AdminClient.Reply r =
          http.send(
              "POST",
              "/admin/v1/budgets",
              tm,
              "{\"id\":\"x\",\"scope\":\""
                  + scope
                  + "\",\"limit_usd\":\"1\",\"period\":\"hourly\"}");
      assertThat(r.status()).as(scope).isEqualTo(403);
      assertThat(r.json().at("/error/code").asText()).isEqualTo("team_forbidden");
      assertThat(r.json().at("/error/param").asText()).isEqualTo("scope");
    }
    AdminClient.Reply move =
        http.send("PATCH", "/admin/v1/budgets/team-a", tm, "{\"scope\":\"team:b\"}");
    assertThat(move.status()).isEqualTo(403);
    assertThat(
            http.send("GET", "/admin/v1/budgets/team-a", MASTER, null)
                .json()
                .path("scope")
                .asText())
        .isEqualTo("team:a");
  }

  @Test
  void financeReadsEverythingAndChangesNothing() throws Exception {
    String finance = callers.get("token:finance");
    AdminClient.Reply list = http.send("GET", "/admin/v1/keys?limit=200", finance, null);
    assertThat(list.json().get("data").size()).isEqualTo(3 + 1); // a1, a2, b1 and the demo key

    AdminClient.Reply patch = http.send("PATCH", "/admin/v1/keys/b1", finance, "{\"rpm\":1}");
    assertThat(patch.status()).isEqualTo(403);
    assertThat(patch.json().at("/error/code").asText()).isEqualTo("role_forbidden");
    assertThat(patch.json().at("/error/message").asText())
        .isEqualTo("the finance role may not PATCH /admin/v1/keys/b1");
  }

  @Test
  void aRevokedTokenStopsWorkingAtOnce() throws Exception {
    String secret = token("{\"id\":\"short-lived\",\"role\":\"finance\"}");
    assertThat(http.send("GET", "/admin/v1/keys", secret, null).status()).isEqualTo(200);

    AdminClient.Reply revoked =
        http.send("POST", "/admin/v1/tokens/short-lived/revoke", MASTER, null);

    assertThat(revoked.status()).isEqualTo(200);
    assertThat(revoked.json().path("revoked_at").asText()).isEqualTo("2026-05-01T12:00:00Z");
    assertThat(http.send("GET", "/admin/v1/keys", secret, null).status()).isEqualTo(401);
  }

  @Test
  void tokensAreValidatedFieldByField() throws Exception {
    AdminClient.Reply noTeam =
        http.send("POST", "/admin/v1/tokens", MASTER, "{\"role\":\"team-manager\"}");
    assertThat(noTeam.status()).isEqualTo(400);
    assertThat(noTeam.json().at("/error/param").asText()).isEqualTo("team");
    AdminClient.Reply badRole =
        http.send("POST", "/admin/v1/tokens", MASTER, "{\"role\":\"root\"}");
    assertThat(badRole.json().at("/error/param").asText()).isEqualTo("role");
    AdminClient.Reply list = http.send("GET", "/admin/v1/tokens?limit=0", MASTER, null);
    assertThat(list.status()).isEqualTo(400);
    assertThat(list.json().at("/error/param").asText()).isEqualTo("limit");
    AdminClient.Reply page = http.send("GET", "/admin/v1/tokens?limit=2", MASTER, null);
    assertThat(page.json().get("data").size()).isEqualTo(2);
    assertThat(page.json().path("has_more").asBoolean()).isTrue();
    // A list shows each token's prefix, never its secret.
    for (JsonNode t : page.json().get("data")) {
      assertThat(t.has("token")).isFalse();
      assertThat(callers.values()).noneMatch(secret -> t.toString().contains(secret));
    }
  }
}

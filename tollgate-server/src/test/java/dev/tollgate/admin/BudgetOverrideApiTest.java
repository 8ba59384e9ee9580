package dev.tollgate.admin;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tollgate.server.Gateway;
import dev.tollgate.testkit.FakeClock;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Black-box: an admin's emergency override of a hard budget over HTTP, on a real gateway whose team
 * ml has spent all of its $10 (recorded from outside), so that a chat is refused until the override
 * lets it past the limit.
 */
class BudgetOverrideApiTest {

  private static final String YAML =
      """
      budgets:
        define:
          - id: team-ml
            scope: team:ml
            limit_usd: 10
            period: monthly
            enforcement: hard
            emergency_reserve_percent: 0
          - id: ml-tracked
            scope: team:ml
            limit_usd: 10
            period: daily
            enforcement: track
          - id: ml-rolling
            scope: team:ml
            limit_usd: 100
            period: rolling:24
      """;

  @TempDir Path dir;

  private final FakeClock clock = FakeClock.at("2026-05-11T12:00:00Z");
  private Gateway gateway;
  private AdminClient http;
  private String admin;
  private String mlKey;

  @BeforeEach
  void start() throws Exception {
    boot();
    mlKey = call("POST", "/admin/v1/keys", "{\"id\":\"ml\",\"team\":\"ml\"}").get("key").asText();
    TestGateways.record(http, admin, "console", null, "openai", null, "10", "ml");
  }

  private void boot() throws Exception {
    gateway = TestGateways.start(dir, YAML, clock);
    http = new AdminClient(gateway.port());
    admin = gateway.adminKeySecret().orElse(admin);
  }

  @AfterEach
  void stop() {
    gateway.close();
  }

  private JsonNode call(String method, String path, String body) throws Exception {
    AdminClient.Reply r = http.send(method, path, admin, body);
    assertThat(r.status()).as(method + " " + path + ": " + r.raw().body()).isBetween(200, 201);
    return r.json();
  }

  private int chat() throws Exception {
    return http.chat(mlKey, "gpt-4o-mini").status();
  }

  private JsonNode lastAudit() throws Exception {
    JsonNode rows = call("GET", "/admin/v1/audit?limit=200", null).get("data");
    return rows.get(rows.size() - 1);
  }

  @Test
  void anOverrideLetsRequestsPastTheLimitByItsExtraUntilItExpiresAndIsAudited() throws Exception {
    assertThat(chat()).isEqualTo(402);

    JsonNode granted =
        call(
            "POST",
            "/admin/v1/budgets/team-ml/override",
            "{\"reason\":\"incident 7\",\"extra_usd\":\"5\",\"duration\":\"PT2H\"}");

    assertThat(granted.get("extra_usd").asText()).isEqualTo("5.000000000");
    assertThat(granted.get("expires_at").asText()).isEqualTo("2026-05-11T14:00:00Z");
    assertThat(granted.get("actor").asText()).startsWith("admin-key:");
    assertThat(granted.at("/status/override/reason").asText()).isEqualTo("incident 7");
    assertThat(chat()).isEqualTo(200);
    JsonNode audit = lastAudit();
    assertThat(audit.get("action").asText()).isEqualTo("budget.override");
    assertThat(audit.get("target").asText()).isEqualTo("budget:team-ml");
    assertThat(audit.get("actor").asText()).isEqualTo(granted.get("actor").asText());
    assertThat(audit.get("role").asText()).isEqualTo("admin");
    assertThat(audit.get("remote").asText()).isEqualTo("127.0.0.1");
    assertThat(audit.at("/before/override").isNull()).isTrue();
    assertThat(audit.at("/before/spent_usd").asText()).isEqualTo("10.000000000");
    assertThat(audit.at("/after/extra_usd").asText()).isEqualTo("5.000000000");

    clock.advance(Duration.ofHours(2));
    assertThat(chat()).isEqualTo(402);
    assertThat(call("GET", "/admin/v1/budgets/team-ml/status", null).get("override").isNull())
        .isTrue();
  }

  @Test
  void anOverrideSurvivesARestartAndEndsWhenDeleted() throws Exception {
    JsonNode granted =
        call("POST", "/admin/v1/budgets/team-ml/override", "{\"reason\":\"quarter close\"}");
    // Without an expiry it lasts to the end of the period; without an extra it has no ceiling.
    assertThat(granted.get("expires_at").asText()).isEqualTo("2026-06-01T00:00:00Z");
    assertThat(granted.get("extra_usd").isNull()).isTrue();
    gateway.close();
    boot();

    assertThat(chat()).isEqualTo(200);
    JsonNode ended =
        call("DELETE", "/admin/v1/budgets/team-ml/override", "{\"reason\":\"closed\"}");

    assertThat(ended.get("ended_at").asText()).isEqualTo("2026-05-11T12:00:00Z");
    assertThat(ended.get("end_reason").asText()).isEqualTo("closed");
    assertThat(ended.at("/status/override").isNull()).isTrue();
    assertThat(chat()).isEqualTo(402);
    JsonNode audit = lastAudit();
    assertThat(audit.get("action").asText()).isEqualTo("budget.override_end");
    assertThat(audit.at("/before/override/reason").asText()).isEqualTo("quarter close");
    assertThat(audit.at("/after/status/override").isNull()).isTrue();
    AdminClient.Reply again =
        http.send("DELETE", "/admin/v1/budgets/team-ml/override", admin, null);
    assertThat(again.status()).isEqualTo(404);
    gateway.close();
    boot();
    assertThat(chat()).isEqualTo(402);
  }

  @Test
  void aTeamManagerOverridesItsOwnTeamsBudgetAndIsNamedInTheLog() throws Exception {
    String tm =
        call(
                "POST",
                "/admin/v1/tokens",
                "{\"id\":\"ml-lead\",\"role\":\"team-manager\",\"team\":\"ml\"}")
            .get("token")
            .asText();

    AdminClient.Reply r =
        http.send(
            "POST",
            "/admin/v1/budgets/team-ml/override",
            tm,
            "{\"reason\":\"demo day\",\"extra_usd\":\"1.50\"}");

    assertThat(r.status()).isEqualTo(200);
    assertThat(chat()).isEqualTo(200);
    JsonNode audit = lastAudit();
    assertThat(audit.get("actor").asText()).isEqualTo("token:ml-lead");
    assertThat(audit.get("role").asText()).isEqualTo("team-manager");
  }

  @Test
  void setRemainingIsAuditedWithWhoFromWhereAndTheOldAndNewValues() throws Exception {
    call(
        "POST",
        "/admin/v1/budgets/team-ml/set-remaining",
        "{\"remaining_usd\":\"4\",\"reason\":\"console\"}");

    JsonNode audit = lastAudit();

    assertThat(audit.get("action").asText()).isEqualTo("budget.set_remaining");
    assertThat(audit.get("actor").asText()).startsWith("admin-key:");
    assertThat(audit.get("remote").asText()).isEqualTo("127.0.0.1");
    assertThat(audit.at("/before/spent_usd").asText()).isEqualTo("10.000000000");
    assertThat(audit.at("/after/status/spent_usd").asText()).isEqualTo("6.000000000");
    assertThat(audit.at("/after/reason").asText()).isEqualTo("console");
  }

  @Test
  void badOverridesAreA400NamingTheField() throws Exception {
    String path = "/admin/v1/budgets/team-ml/override";
    Map<String, String> param =
        Map.ofEntries(
            Map.entry("{}", "reason"),
            Map.entry("{\"reason\":\"x\",\"extra_usd\":\"abc\"}", "extra_usd"),
            Map.entry("{\"reason\":\"x\",\"extra_usd\":\"-1\"}", "extra_usd"),
            Map.entry("{\"reason\":\"x\",\"extra_usd\":\"0.0000000001\"}", "extra_usd"),
            Map.entry("{\"reason\":\"x\",\"extra\":5}", "extra"),
            Map.entry("{\"reason\":\"x\",\"expires_at\":\"2026-05-11T11:00:00Z\"}", "expires_at"),
            Map.entry("{\"reason\":\"x\",\"expires_at\":\"2026-06-02T00:00:00Z\"}", "expires_at"),
            Map.entry("{\"reason\":\"x\",\"expires_at\":\"tomorrow\"}", "expires_at"),
            Map.entry("{\"reason\":\"x\",\"duration\":\"4h\"}", "duration"),
            Map.entry("{\"reason\":\"x\",\"duration\":\"P9999999999D\"}", "duration"),
            Map.entry(
                "{\"reason\":\"x\",\"duration\":\"PT1H\",\"expires_at\":\"2026-05-11T13:00:00Z\"}",
                "duration"),
            Map.entry("{\"reason\":\"x\",\"until\":\"soon\"}", "until"));
    for (var e : param.entrySet()) {
      AdminClient.Reply r = http.send("POST", path, admin, e.getKey());
      assertThat(r.status()).as(e.getKey()).isEqualTo(400);
      assertThat(r.json().at("/error/param").asText()).as(e.getKey()).isEqualTo(e.getValue());
    }
    AdminClient.Reply late =
        http.send(
            "POST", path, admin, "{\"reason\":\"x\",\"expires_at\":\"2026-06-02T00:00:00Z\"}");
    assertThat(late.json().at("/error/message").asText())
        .contains("ends with its period at the latest, 2026-06-01T00:00:00Z");

    AdminClient.Reply tracked =
        http.send("POST", "/admin/v1/budgets/ml-tracked/override", admin, "{\"reason\":\"x\"}");
    assertThat(tracked.status()).isEqualTo(409);
    assertThat(tracked.json().at("/error/code").asText()).isEqualTo("nothing_to_override");
    AdminClient.Reply rolling =
        http.send("POST", "/admin/v1/budgets/ml-rolling/override", admin, "{\"reason\":\"x\"}");
    assertThat(rolling.status()).isEqualTo(400);
    assertThat(rolling.json().at("/error/param").asText()).isEqualTo("expires_at");
    assertThat(
            http.send(
                    "POST",
                    "/admin/v1/budgets/ml-rolling/override",
                    admin,
                    "{\"reason\":\"x\",\"duration\":\"P32D\"}")
                .json()
                .at("/error/message")
                .asText())
        .contains("lasts 31 days at the latest");
    assertThat(http.send("POST", "/admin/v1/budgets/nope/override", admin, "{}").status())
        .isEqualTo(404);
    assertThat(chat()).isEqualTo(402);
  }
}

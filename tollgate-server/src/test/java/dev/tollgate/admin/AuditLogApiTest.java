package dev.tollgate.admin;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tollgate.config.ConfigLoader;
import dev.tollgate.config.TollgateConfig;
import dev.tollgate.server.Gateway;
import dev.tollgate.testkit.FakeClock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Black-box: admin changes land in the audit log, with who, from where, before and after. */
class AuditLogApiTest {

  private static final String MASTER = "tga-master-for-audit-test";

  @TempDir Path dir;

  private final FakeClock clock = FakeClock.at("2026-05-01T12:00:00Z");
  private Gateway gateway;
  private AdminClient http;

  @BeforeEach
  void start() throws Exception {
    Path file =
        Files.writeString(
            dir.resolve("tollgate.yaml"),
            "providers:\n  openai: {api_key_env: TEST_OPENAI_KEY_UNSET, base_url:"
                + " \"http://127.0.0.1:9/v1\"}\n");
    TollgateConfig config =
        ConfigLoader.load(
                Optional.of(file),
                Map.of(
                    "TOLLGATE_ADMIN_KEY",
                    MASTER,
                    "TOLLGATE_MASTER_KEY",
                    "test-master-key-0123456789abcdef"),
                dir)
            .withServer("127.0.0.1", 0)
            .withDataDir(dir.resolve("data"));
    gateway = Gateway.start(config, clock);
    http = new AdminClient(gateway.port());
  }

  @AfterEach
  void stop() {
    gateway.close();
  }

  private List<JsonNode> entries(String bearer) throws Exception {
    List<JsonNode> out = new ArrayList<>();
    String cursor = "";
    while (true) {
      AdminClient.Reply page =
          http.send("GET", "/admin/v1/audit?limit=2&after=" + cursor, bearer, null);
      assertThat(page.status()).isEqualTo(200);
      page.json().get("data").forEach(out::add);
      if (!page.json().path("has_more").asBoolean()) {
        return out;
      }
      assertThat(page.json().get("data").size()).isEqualTo(2);
      cursor = page.json().path("next_cursor").asText();
    }
  }

  @Test
  void everyChangeIsRecordedWithWhoWhereBeforeAndAfterAndNoSecret() throws Exception {
    AdminClient.Reply created =
        http.send("POST", "/admin/v1/keys", MASTER, "{\"id\":\"ci\",\"team\":\"a\"}");
    String keySecret = created.json().path("key").asText();
    AdminClient.Reply token =
        http.send(
            "POST",
            "/admin/v1/tokens",
            MASTER,
            "{\"id\":\"tm\",\"role\":\"team-manager\",\"team\":\"a\"}");
    String tm = token.json().path("token").asText();
    clock.advance(java.time.Duration.ofSeconds(5));
    http.send("PATCH", "/admin/v1/keys/ci", tm, "{\"rpm\":60}");
    String rotated =
        http.send("POST", "/admin/v1/keys/ci/rotate", tm, null).json().path("key").asText();
    http.send("POST", "/admin/v1/keys/ci/revoke", MASTER, null);
    http.send(
        "PUT",
        "/admin/v1/providers/openai/credentials",
        MASTER,
        "{\"api_key\":\"sk-very-secret-provider-key-wxyz\"}");
    http.send("DELETE", "/admin/v1/providers/openai/credentials", MASTER, null);
    // A refused change is not a change: nothing is recorded for it.
    assertThat(http.send("PATCH", "/admin/v1/keys/demo", tm, "{\"rpm\":1}").status())
        .isEqualTo(404);
    http.send("POST", "/admin/v1/tokens/tm/revoke", MASTER, null);

    List<JsonNode> log = entries(MASTER);

    assertThat(log.stream().map(e -> e.path("action").asText()))
        .containsExactly(
            "key.create",
            "token.create",
            "key.update",
            "key.rotate",
            "key.revoke",
            "credential.put",
            "credential.delete",
            "token.revoke");
    assertThat(log.stream().map(e -> e.path("seq").asLong()))
        .containsExactly(1L, 2L, 3L, 4L, 5L, 6L, 7L, 8L);
    JsonNode update = log.get(2);
    assertThat(update.path("actor").asText()).isEqualTo("token:tm");
    assertThat(update.path("role").asText()).isEqualTo("team-manager");
    assertThat(update.path("remote").asText()).isEqualTo("127.0.0.1");
    assertThat(update.path("target").asText()).isEqualTo("key:ci");
    assertThat(update.path("at").asText()).isEqualTo("2026-05-01T12:00:05Z");
    assertThat(update.at("/before/rpm").isNull()).isTrue();
    assertThat(update.at("/after/rpm").asLong()).isEqualTo(60);
    assertThat(log.get(0).path("actor").asText()).isEqualTo("master");
    assertThat(log.get(0).path("before").isNull()).isTrue();
    assertThat(log.get(3).at("/after/secret").asText()).isEqualTo("rotated");
    assertThat(log.get(5).at("/before/set").asBoolean()).isFalse();
    assertThat(log.get(5).at("/after/set").asBoolean()).isTrue();
    assertThat(log.get(1).path("prev_hash").asText()).isEqualTo(log.get(0).path("hash").asText());
    String all = log.toString();
    assertThat(all)
        .doesNotContain(keySecret)
        .doesNotContain(rotated)
        .doesNotContain(tm)
        .doesNotContain("sk-very-secret")
        // Not even the last four characters, which some consoles show. They are not hex digits,
        // so no hash in the log can contain them by chance (CI failed once on "9876" in a hash).
        .doesNotContain("wxyz");

    JsonNode verify = http.send("GET", "/admin/v1/audit/verify", MASTER, null).json();
    assertThat(verify.path("ok").asBoolean()).isTrue();
    assertThat(verify.path("rows").asLong()).isEqualTo(8);
  }

  @Test
  void theAuditLogIsReadByAdminAndFinanceOnlyAndItsCursorIsChecked() throws Exception {
    String finance =
        http.send("POST", "/admin/v1/tokens", MASTER, "{\"role\":\"finance\"}")
            .json()
            .path("token")
            .asText();
    String tm =
        http.send("POST", "/admin/v1/tokens", MASTER, "{\"role\":\"team-manager\",\"team\":\"a\"}")
            .json()
            .path("token")
            .asText();

    assertThat(entries(finance)).hasSize(2);
    assertThat(http.send("GET", "/admin/v1/audit", tm, null).status()).isEqualTo(403);
    AdminClient.Reply bad = http.send("GET", "/admin/v1/audit?after=abc", MASTER, null);
    assertThat(bad.status()).isEqualTo(400);
    assertThat(bad.json().at("/error/param").asText()).isEqualTo("after");
    AdminClient.Reply tooMany = http.send("GET", "/admin/v1/audit?limit=201", MASTER, null);
    assertThat(tooMany.status()).isEqualTo(400);
    assertThat(tooMany.json().at("/error/message").asText())
        .isEqualTo("limit: must be a whole number from 1 to 200");
  }
}

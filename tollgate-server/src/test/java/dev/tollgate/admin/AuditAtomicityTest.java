package dev.tollgate.admin;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tollgate.config.ConfigLoader;
import dev.tollgate.config.TollgateConfig;
import dev.tollgate.server.Gateway;
import dev.tollgate.store.Store;
import dev.tollgate.testkit.FakeClock;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Black-box: an admin change and its audit row are both kept or neither. A trigger added to the
 * database file from outside makes one of the two writes fail, as a full disk or a broken file
 * would; afterwards the gateway, its memory and the file after a restart show no trace of it.
 */
class AuditAtomicityTest {

  private static final String MASTER = "tga-master-for-atomicity-test";

  @TempDir Path dir;

  private final FakeClock clock = FakeClock.at("2026-05-01T12:00:00Z");
  private Gateway gateway;
  private AdminClient http;
  private String secret;

  @BeforeEach
  void start() throws Exception {
    boot();
    AdminClient.Reply key = send("POST", "/admin/v1/keys", "{\"id\":\"k\",\"rpm\":10}");
    assertThat(key.status()).isEqualTo(201);
    secret = key.json().get("key").asText();
  }

  private void boot() {
    TollgateConfig config =
        ConfigLoader.load(
                Optional.empty(),
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

  private AdminClient.Reply send(String method, String path, String body) throws Exception {
    return http.send(method, path, MASTER, body);
  }

  /** Runs SQL on the gateway's database file through a connection of the test's own. */
  private void sql(String statement) throws Exception {
    Path file = dir.resolve("data").resolve(Store.SQLITE_FILE);
    try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + file);
        Statement s = c.createStatement()) {
      s.execute("PRAGMA busy_timeout = 5000");
      s.execute(statement);
    }
  }

  private long auditRows() throws Exception {
    JsonNode verify = send("GET", "/admin/v1/audit/verify", null).json();
    assertThat(verify.get("ok").asBoolean()).isTrue();
    return verify.get("rows").asLong();
  }

  @Test
  void aChangeWhoseAuditRowCannotBeWrittenLeavesNoTraceInTheGatewayOrTheFile() throws Exception {
    long rows = auditRows();
    sql(
        "CREATE TRIGGER audit_fails BEFORE INSERT ON audit_log"
            + " BEGIN SELECT RAISE(ABORT, 'the audit log cannot be written'); END");
    Map<String, String[]> changes = new LinkedHashMap<>();
    changes.put(
        "create key",
        new String[] {
          "POST",
          "/admin/v1/keys",
          "{\"id\":\"new\",\"budgets\":[{\"limit_usd\":\"5\",\"period\":\"monthly\"}]}"
        });
    changes.put("update key", new String[] {"PATCH", "/admin/v1/keys/k", "{\"rpm\":99}"});
    changes.put("rotate key", new String[] {"POST", "/admin/v1/keys/k/rotate", null});
    changes.put("revoke key", new String[] {"POST", "/admin/v1/keys/k/revoke", null});
    changes.put(
        "create token",
        new String[] {"POST", "/admin/v1/tokens", "{\"id\":\"t\",\"role\":\"finance\"}"});
    changes.put(
        "store credential",
        new String[] {"PUT", "/admin/v1/providers/openai/credentials", "{\"api_key\":\"sk-x1\"}"});
    changes.put(
        "create budget",
        new String[] {
          "POST",
          "/admin/v1/budgets",
          "{\"id\":\"b\",\"scope\":\"team:ml\",\"limit_usd\":\"1\",\"period\":\"daily\"}"
        });

    for (Map.Entry<String, String[]> c : changes.entrySet()) {
      String[] m = c.getValue();
      AdminClient.Reply reply = send(m[0], m[1], m[2]);
      assertThat(reply.status()).as(c.getKey() + ": " + reply.raw().body()).isEqualTo(500);
    }
    sql("DROP TRIGGER audit_fails");

    assertNothingChanged(rows);
    // Nothing half-made is left to collide with: the same changes now succeed.
    assertThat(send("POST", "/admin/v1/keys", changes.get("create key")[2]).status())
        .isEqualTo(201);
    assertThat(send("POST", "/admin/v1/budgets", changes.get("create budget")[2]).status())
        .isEqualTo(201);
    assertThat(send("POST", "/admin/v1/tokens", changes.get("create token")[2]).status())
        .isEqualTo(201);
    assertThat(auditRows()).isEqualTo(rows + 3);

    gateway.close();
    boot();
    assertThat(send("GET", "/admin/v1/keys/k", null).json().get("rpm").asInt()).isEqualTo(10);
    assertThat(http.chat(secret, "gpt-4o-mini").status()).isEqualTo(200);
  }

  private void assertNothingChanged(long rows) throws Exception {
    assertThat(send("GET", "/admin/v1/keys/new", null).status()).isEqualTo(404);
    JsonNode k = send("GET", "/admin/v1/keys/k", null).json();
    assertThat(k.get("rpm").asInt()).isEqualTo(10);
    assertThat(k.get("status").asText()).isEqualTo("active");
    // Neither rotated nor revoked: the old secret still works.
    assertThat(http.chat(secret, "gpt-4o-mini").status()).isEqualTo(200);
    assertThat(send("GET", "/admin/v1/tokens/t", null).status()).isEqualTo(404);
    JsonNode credential = send("GET", "/admin/v1/providers/openai/credentials", null).json();
    assertThat(credential.toString()).contains("\"set\":false");
    assertThat(send("GET", "/admin/v1/budgets/b", null).status()).isEqualTo(404);
    assertThat(send("GET", "/admin/v1/budgets/key-new-monthly", null).status()).isEqualTo(404);
    assertThat(auditRows()).isEqualTo(rows);
  }

  @Test
  void aChangeThatFailsWritesNoAuditRow() throws Exception {
    long rows = auditRows();
    sql(
        "CREATE TRIGGER keys_fail BEFORE UPDATE ON virtual_keys"
            + " BEGIN SELECT RAISE(ABORT, 'the keys cannot be written'); END");

    assertThat(send("PATCH", "/admin/v1/keys/k", "{\"rpm\":99}").status()).isEqualTo(500);
    assertThat(send("POST", "/admin/v1/keys/k/revoke", null).status()).isEqualTo(500);

    sql("DROP TRIGGER keys_fail");
    assertThat(auditRows()).isEqualTo(rows);
    assertThat(send("GET", "/admin/v1/keys/k", null).json().get("rpm").asInt()).isEqualTo(10);
    assertThat(http.chat(secret, "gpt-4o-mini").status()).isEqualTo(200);
  }
}

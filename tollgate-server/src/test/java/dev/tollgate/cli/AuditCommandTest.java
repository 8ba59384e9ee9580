package dev.tollgate.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tollgate.config.ConfigLoader;
import dev.tollgate.config.TollgateConfig;
import dev.tollgate.server.Gateway;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.InstantSource;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code tollgate audit verify} and {@code tollgate tokens …} against a real data directory. */
class AuditCommandTest {

  @TempDir Path dir;

  private Gateway gateway;
  private Cli cli;

  @AfterEach
  void stop() {
    if (gateway != null) {
      gateway.close();
    }
  }

  private void start() {
    TollgateConfig config =
        ConfigLoader.load(Optional.empty(), Map.of(), dir)
            .withServer("127.0.0.1", 0)
            .withDataDir(dir.resolve("data"));
    gateway = Gateway.start(config, InstantSource.system());
    cli = Cli.against(dir, gateway);
  }

  private void sql(String statement) throws SQLException {
    try (Connection c =
            DriverManager.getConnection("jdbc:sqlite:" + dir.resolve("data/tollgate.db"));
        Statement s = c.createStatement()) {
      s.executeUpdate(statement);
    }
  }

  @Test
  void verifyPassesOnTheLogAndNamesTheRowSomeoneEditedInTheFile() throws Exception {
    start();
    assertThat(cli.run("keys", "create", "--id", "one", "--team", "a")).isZero();
    assertThat(cli.run("keys", "update", "one", "--rpm", "10")).isZero();
    assertThat(cli.run("keys", "revoke", "one")).isZero();
    assertThat(cli.run("audit", "verify", "--remote")).isZero();
    assertThat(cli.out()).startsWith("audit log intact: 3 rows, last hash ");
    gateway.close();
    gateway = null;

    assertThat(cli.run("audit", "verify", "--data-dir", dir.resolve("data").toString())).isZero();
    assertThat(cli.out()).startsWith("audit log intact: 3 rows");

    // The table refuses edits; someone with the file drops the guard and edits anyway.
    assertThatThrownBy(() -> sql("UPDATE audit_log SET after = '{}' WHERE seq = 2"))
        .hasMessageContaining("append-only");
    sql("DROP TRIGGER audit_log_no_update");
    sql("UPDATE audit_log SET after = replace(after, '\"rpm\":10', '\"rpm\":1000') WHERE seq = 2");

    assertThat(cli.run("audit", "verify", "--data-dir", dir.resolve("data").toString()))
        .isEqualTo(1);
    assertThat(cli.err())
        .startsWith(
            "audit log BROKEN at row 2: its content does not match its hash: the row was changed");
  }

  @Test
  void aDeletedRowIsFoundToo() throws Exception {
    start();
    assertThat(cli.run("keys", "create", "--id", "one")).isZero();
    assertThat(cli.run("keys", "rotate", "one")).isZero();
    assertThat(cli.run("keys", "revoke", "one")).isZero();
    gateway.close();
    gateway = null;
    sql("DROP TRIGGER audit_log_no_delete");
    sql("DELETE FROM audit_log WHERE seq = 1");

    assertThat(cli.run("audit", "verify", "--data-dir", dir.resolve("data").toString()))
        .isEqualTo(1);
    assertThat(cli.err()).startsWith("audit log BROKEN at row 2: expected row 1 next");
  }

  @Test
  void tokensAreCreatedListedAndRevokedFromTheCommandLine() {
    start();

    assertThat(cli.run("tokens", "create", "--id", "fin", "--role", "finance", "--name", "books"))
        .isZero();
    assertThat(cli.out()).startsWith("fin  finance  tgt-").contains("\ntoken: tgt-");
    assertThat(cli.run("tokens", "create", "--role", "team-manager", "--id", "tm")).isEqualTo(1);
    assertThat(cli.err()).contains("team: a team-manager token needs the team it manages");
    assertThat(cli.run("tokens", "create", "--role", "team-manager", "--team", "a", "--id", "tm"))
        .isZero();
    assertThat(cli.run("tokens", "revoke", "fin")).isZero();
    assertThat(cli.out()).contains("REVOKED");
    assertThat(cli.run("tokens", "list")).isZero();
    assertThat(cli.out().lines()).hasSize(2);
    assertThat(cli.out()).contains("tm  team-manager of a  tgt-");
  }

  @Test
  void verifyWithoutADatabaseSaysWhereItLooked() {
    assertThat(cli().run("audit", "verify", "--data-dir", dir.resolve("none").toString()))
        .isEqualTo(1);
  }

  private Cli cli() {
    return cli = new Cli(dir);
  }
}

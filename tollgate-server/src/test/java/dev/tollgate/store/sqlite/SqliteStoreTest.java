package dev.tollgate.store.sqlite;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tollgate.store.StoreException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.time.InstantSource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SqliteStoreTest {

  private static final InstantSource CLOCK =
      InstantSource.fixed(Instant.parse("2026-01-02T03:04:05Z"));

  @TempDir Path dir;

  private static String query(Path db, String sql) throws SQLException {
    try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + db);
        Statement s = c.createStatement();
        ResultSet r = s.executeQuery(sql)) {
      return r.next() ? r.getString(1) : null;
    }
  }

  @Test
  void openingCreatesTheDirectoryAndAMigratedDatabaseInWalMode() throws SQLException {
    Path db = dir.resolve("nested/data/tollgate.db");

    try (SqliteStore store = SqliteStore.open(db, CLOCK)) {
      assertThat(store.schemaVersion()).isEqualTo("9");
      assertThat(store.location()).isEqualTo(db.toString());
    }

    assertThat(db).isRegularFile();
    assertThat(query(db, "PRAGMA journal_mode")).isEqualTo("wal");
    assertThat(
            query(
                db,
                "SELECT max(CAST(version AS INTEGER)) FROM flyway_schema_history WHERE success = 1"))
        .isEqualTo("9");
    assertThat(query(db, "SELECT created_at FROM instance")).isEqualTo("2026-01-02T03:04:05Z");
  }

  @Test
  void theInstanceIdSurvivesARestart() {
    Path db = dir.resolve("tollgate.db");
    String first;
    try (SqliteStore store = SqliteStore.open(db, CLOCK)) {
      first = store.instanceId();
    }

    try (SqliteStore store = SqliteStore.open(db, InstantSource.system())) {
      assertThat(store.instanceId()).isEqualTo(first);
    }
  }

  @Test
  void aDataDirectoryThatIsAFileIsReportedNamingIt() throws IOException {
    Path notADir = Files.writeString(dir.resolve("plain-file"), "x");

    assertThatThrownBy(() -> SqliteStore.open(notADir.resolve("tollgate.db"), CLOCK))
        .isInstanceOf(StoreException.class)
        .hasMessageStartingWith("cannot create the data directory " + notADir);
  }

  @Test
  void aFileThatIsNotADatabaseIsReportedNamingIt() throws IOException {
    Path garbage = Files.writeString(dir.resolve("tollgate.db"), "this is not sqlite ".repeat(50));

    assertThatThrownBy(() -> SqliteStore.open(garbage, CLOCK))
        .isInstanceOf(StoreException.class)
        .hasMessageContaining(garbage.toString());
  }

  @Test
  void closingTwiceIsHarmless() {
    SqliteStore store = SqliteStore.open(dir.resolve("tollgate.db"), CLOCK);
    store.close();
    store.close();
  }
}

package dev.tollgate.store.sqlite;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tollgate.ledger.UsageEvent;
import dev.tollgate.store.StoreException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sqlite.SQLiteDataSource;

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
      assertThat(store.schemaVersion()).isEqualTo("12");
      assertThat(store.location()).isEqualTo(db.toString());
    }

    assertThat(db).isRegularFile();
    assertThat(query(db, "PRAGMA journal_mode")).isEqualTo("wal");
    assertThat(
            query(
                db,
                "SELECT max(CAST(version AS INTEGER)) FROM flyway_schema_history WHERE success = 1"))
        .isEqualTo("12");
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
  void theDaysOfALedgerFromBeforeV12AreFoldedIntoRollupsWithoutEndUserEqualToTheTupleRollups()
      throws SQLException {
    Path db = dir.resolve("tollgate.db");
    SQLiteDataSource old = new SQLiteDataSource();
    old.setUrl("jdbc:sqlite:" + db);
    Flyway.configure(getClass().getClassLoader())
        .dataSource(old)
        .locations("classpath:db/sqlite")
        .target("7")
        .load()
        .migrate();
    Random random = new Random(12);
    int billable = 0;
    try (Connection c = old.getConnection();
        PreparedStatement events = c.prepareStatement(stagedInsert(c));
        PreparedStatement tags = c.prepareStatement(EventRows.INSERT_TAG)) {
      for (int i = 0; i < 600; i++) {
        Instant t = Instant.parse("2026-01-01T00:00:00Z").plusSeconds(random.nextInt(3 * 86_400));
        UsageEvent e = LedgerFixtures.randomEvent(random, "e" + i, t);
        billable += e.billable() ? 1 : 0;
        EventRows.bind(events, e);
        events.executeUpdate();
        for (String tag : e.who().tags()) {
          tags.setString(1, e.id());
          tags.setString(2, tag);
          tags.executeUpdate();
        }
      }
      unstage(c);
    }

    // V8 sums the events into the tuple rollups; the fold sums those without the end user.
    try (SqliteStore store = SqliteStore.open(db, CLOCK)) {
      assertThat(store.schemaVersion()).isEqualTo("12");
      assertThat(query(db, "SELECT count(*) FROM rollup_usage_daily_no_end_user")).isEqualTo("0");
      store.reports().fold(Instant.parse("2026-01-05T00:00:00Z"));
    }
    assertThat(query(db, "SELECT day_ms FROM rollup_folded_until"))
        .isEqualTo(String.valueOf(Instant.parse("2026-01-05T00:00:00Z").toEpochMilli()));
    String tuple = "\"key\", \"user\", team, project, service, provider, model";
    for (String[] t :
        new String[][] {
          {"rollup_usage_daily", "day_ms"},
          {"rollup_usage_tags_daily", "day_ms, tag"}
        }) {
      String v8 =
          "SELECT %s, %s, sum(requests), sum(cost_nanos), sum(tokens), sum(output) FROM %s GROUP BY %s, %s"
              .formatted(t[1], tuple, t[0], t[1], tuple);
      String v12 =
          "SELECT %s, %s, requests, cost_nanos, tokens, output FROM %s_no_end_user"
              .formatted(t[1], tuple, t[0]);
      assertThat(query(db, "SELECT count(*) FROM (" + v8 + " EXCEPT " + v12 + ")")).isEqualTo("0");
      assertThat(query(db, "SELECT count(*) FROM (" + v12 + " EXCEPT " + v8 + ")")).isEqualTo("0");
    }
    assertThat(query(db, "SELECT sum(requests) FROM rollup_usage_daily_no_end_user"))
        .isEqualTo(String.valueOf(billable));
    assertThat(billable).isPositive();
  }

  @Test
  void closingTwiceIsHarmless() {
    SqliteStore store = SqliteStore.open(dir.resolve("tollgate.db"), CLOCK);
    store.close();
    store.close();
  }

  /**
   * Today's event insert, aimed at a staging copy of a V7 ledger_events that also has the columns
   * added since (V9's prompt prefix), so that events can be written as a V7 gateway wrote them.
   */
  private static String stagedInsert(Connection c) throws SQLException {
    try (java.sql.Statement s = c.createStatement()) {
      s.execute("CREATE TEMP TABLE staged AS SELECT * FROM ledger_events WHERE 0");
      s.execute("ALTER TABLE temp.staged ADD COLUMN prompt_prefix TEXT");
      s.execute("ALTER TABLE temp.staged ADD COLUMN prefix_tokens INTEGER");
    }
    return EventRows.INSERT_EVENT.replace("INTO ledger_events", "INTO temp.staged");
  }

  /** Moves the staged events into the V7 table, without the columns it does not have yet. */
  private static void unstage(Connection c) throws SQLException {
    List<String> columns = new ArrayList<>();
    try (java.sql.Statement s = c.createStatement();
        java.sql.ResultSet r = s.executeQuery("PRAGMA main.table_info(ledger_events)")) {
      while (r.next()) {
        columns.add('"' + r.getString("name") + '"');
      }
    }
    String list = String.join(", ", columns);
    try (java.sql.Statement s = c.createStatement()) {
      s.execute("INSERT INTO main.ledger_events (" + list + ") SELECT " + list + " FROM staged");
    }
  }
}

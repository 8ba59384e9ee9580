package dev.tollgate.store.sqlite;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tollgate.ledger.Dimension;
import dev.tollgate.ledger.LedgerJournal;
import dev.tollgate.ledger.LedgerStore;
import dev.tollgate.ledger.Totals;
import dev.tollgate.store.Store;
import dev.tollgate.testkit.ForkedJvm;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Kills a process that is appending to the ledger (SIGKILL, mid-stream) and checks that every event
 * it acknowledged survived, and that the rollups still equal the raw events.
 */
class LedgerCrashIT {

  private static final int ACKNOWLEDGED = 2_000;

  @TempDir Path dir;

  @Test
  @Timeout(value = 60, unit = TimeUnit.SECONDS)
  void everyAcknowledgedEventSurvivesAKillAndTheLedgerStaysConsistent() throws Exception {
    Path data = dir.resolve("data");
    List<String> acknowledged = runAndKill(data, List.of(data.toString()));

    try (Store store = Store.openSqlite(data, InstantSource.system())) {
      assertConsistent(data, store.ledger(), acknowledged);
    }
  }

  @Test
  @Timeout(value = 60, unit = TimeUnit.SECONDS)
  void everyJournaledEventIsReplayedAfterAKillAndTheLedgerStaysConsistent() throws Exception {
    Path data = dir.resolve("data");
    List<String> acknowledged = runAndKill(data, List.of(data.toString(), "journal"));

    try (Store store = Store.openSqlite(data, InstantSource.system())) {
      LedgerJournal.Replay replay =
          LedgerJournal.recover(data.resolve("ledger-journal"), store.ledger());
      // Acknowledged as soon as journaled: the kill leaves events that only the journal holds.
      assertThat(replay.entries()).as("entries replayed from the journal").isPositive();
      assertConsistent(data, store.ledger(), acknowledged);
    }
  }

  private List<String> runAndKill(Path data, List<String> args) throws Exception {
    return ForkedJvm.readThenKill(
        LedgerCrashChild.class, args, ACKNOWLEDGED, dir.resolve("child-stderr.txt"));
  }

  private static void assertConsistent(Path data, LedgerStore ledger, List<String> acknowledged)
      throws SQLException {
    {
      List<String> lost = acknowledged.stream().filter(id -> ledger.event(id).isEmpty()).toList();
      assertThat(lost).as("acknowledged but not in the ledger").isEmpty();
      long events = count(data, "SELECT count(*) FROM ledger_events");
      assertThat(events).isGreaterThanOrEqualTo(ACKNOWLEDGED);
      assertThat(ledger.size()).isEqualTo(events);
      assertThat(string(data, "PRAGMA integrity_check")).isEqualTo("ok");
      assertThat(ledger.totals(Dimension.GLOBAL, "", Instant.MIN, Instant.MAX))
          .isEqualTo(
              new Totals(
                  count(data, "SELECT sum(e.actual_nanos) FROM ledger_events e" + BILLABLE),
                  count(
                      data,
                      "SELECT sum("
                          + EventRows.TOKENS_SQL.replaceAll("(\\w+)", "e.$1")
                          + ") FROM ledger_events e"
                          + BILLABLE),
                  count(data, "SELECT count(*) FROM ledger_events e" + BILLABLE)));
      for (Dimension d : Dimension.values()) {
        assertThat(rollup(data, "rollup_hourly", "hour_ms", d))
            .as("hourly rollups of %s", d)
            .isEqualTo(raw(data, 3_600_000L, d));
        assertThat(rollup(data, "rollup_daily", "day_ms", d))
            .as("daily rollups of %s", d)
            .isEqualTo(raw(data, 86_400_000L, d));
      }
      // The reopened ledger takes appends again.
      assertThat(
              ledger.append(
                  List.of(LedgerFixtures.randomEvent(new Random(), "after", Instant.now()))))
          .hasSize(1);
    }
  }

  private static final String BILLABLE = " WHERE " + EventRows.BILLABLE_SQL;

  private static final String SUMS = "sum(%s), sum(%s), sum(%s), sum(%s), sum(%s), sum(%s)";

  /** (bucket, value) → cost, tokens, requests, input, cache_read, output, from a rollup table. */
  private static Map<String, List<Long>> rollup(Path data, String table, String bucket, Dimension d)
      throws SQLException {
    return groups(
        data,
        "SELECT "
            + bucket
            + ", value, "
            + SUMS.formatted("cost_nanos", "tokens", "requests", "input", "cache_read", "output")
            + " FROM "
            + table
            + " WHERE dimension = '"
            + d.name()
            + "' GROUP BY 1, 2");
  }

  /** The same, summed from the raw events. */
  private static Map<String, List<Long>> raw(Path data, long bucketMs, Dimension d)
      throws SQLException {
    String value =
        switch (d) {
          case GLOBAL -> "''";
          case TAG -> "t.tag";
          case TEAM -> "e.team";
          case PROJECT -> "e.project";
          case USER -> "e.\"user\"";
          case END_USER -> "e.end_user";
          case KEY -> "e.\"key\"";
          case SERVICE -> "e.service";
          case PROVIDER -> "e.provider";
          case MODEL -> "e.model_used";
        };
    String from =
        d == Dimension.TAG
            ? " FROM ledger_events e JOIN ledger_event_tags t ON t.event_id = e.id"
            : " FROM ledger_events e";
    String where =
        " WHERE "
            + EventRows.BILLABLE_SQL
            + (d == Dimension.GLOBAL ? "" : " AND " + value + " <> ''");
    return groups(
        data,
        "SELECT (e.time_ms / "
            + bucketMs
            + ") * "
            + bucketMs
            + ", "
            + value
            + ", "
            + SUMS.formatted(
                "e.actual_nanos",
                EventRows.TOKENS_SQL.replaceAll("(\\w+)", "e.$1"),
                "1",
                "e.input",
                "e.cache_read",
                "e.output")
            + from
            + where
            + " GROUP BY 1, 2");
  }

  private static Map<String, List<Long>> groups(Path data, String sql) throws SQLException {
    Map<String, List<Long>> groups = new HashMap<>();
    try (Connection c =
            DriverManager.getConnection("jdbc:sqlite:" + data.resolve(Store.SQLITE_FILE));
        Statement s = c.createStatement();
        ResultSet r = s.executeQuery(sql)) {
      while (r.next()) {
        List<Long> sums = new ArrayList<>();
        for (int i = 3; i <= 8; i++) {
          sums.add(r.getLong(i));
        }
        groups.put(r.getLong(1) + "/" + r.getString(2), sums);
      }
    }
    assertThat(groups).isNotEmpty();
    return groups;
  }

  private static long count(Path data, String sql) throws SQLException {
    return Long.parseLong(string(data, sql));
  }

  private static String string(Path data, String sql) throws SQLException {
    try (Connection c =
            DriverManager.getConnection("jdbc:sqlite:" + data.resolve(Store.SQLITE_FILE));
        Statement s = c.createStatement();
        ResultSet r = s.executeQuery(sql)) {
      r.next();
      return r.getString(1);
    }
  }
}

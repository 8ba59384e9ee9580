package dev.tollgate.store.sqlite;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;

/**
 * The retention purge's deletes, in small steps: the caller runs each in its own write transaction,
 * so the ledger writer waits for one step at most, never for the whole purge. Deleting a day of a
 * 10-million-event ledger in one transaction held the writer for 7 s (docs/BENCHMARKS.md). Rollups
 * are derived from events when they are appended, so deleting old events changes no rollup; daily
 * rollups are never deleted.
 */
final class Purge {

  /** Events deleted per step: about 50 ms of work on the benchmark machine. */
  static final int EVENTS_PER_STEP = 1_000;

  /** Every hourly rollup table; each has an index (or its primary key) led by {@code hour_ms}. */
  static final List<String> HOURLY =
      List.of("rollup_hourly", "rollup_usage_hourly", "rollup_usage_tags_hourly");

  private Purge() {}

  /**
   * Deletes the oldest {@link #EVENTS_PER_STEP} events before {@code beforeMs}, and their tags.
   *
   * @return the number of events deleted: fewer than a step's when none is left
   */
  static long events(Connection c, long beforeMs) throws SQLException {
    // The same rows twice: the oldest by (time_ms, rowid), the order of the time index.
    String oldest =
        " (SELECT %s FROM ledger_events WHERE time_ms < ? ORDER BY time_ms, rowid LIMIT "
            + EVENTS_PER_STEP
            + ")";
    delete(c, "DELETE FROM ledger_event_tags WHERE event_id IN" + oldest.formatted("id"), beforeMs);
    return delete(
        c, "DELETE FROM ledger_events WHERE rowid IN" + oldest.formatted("rowid"), beforeMs);
  }

  /**
   * The oldest hour from {@code fromMs} on in any hourly rollup, or {@link Long#MAX_VALUE} if there
   * is none.
   */
  static long oldestHour(Connection c, long fromMs) throws SQLException {
    long oldest = Long.MAX_VALUE;
    for (String table : HOURLY) {
      try (PreparedStatement s =
          c.prepareStatement("SELECT min(hour_ms) FROM " + table + " WHERE hour_ms >= ?")) {
        s.setLong(1, fromMs);
        try (ResultSet r = s.executeQuery()) {
          if (r.next() && r.getObject(1) != null) {
            oldest = Math.min(oldest, r.getLong(1));
          }
        }
      }
    }
    return oldest;
  }

  /** Deletes the rows of the hour starting at {@code hourMs} from every hourly rollup. */
  static void hour(Connection c, long hourMs) throws SQLException {
    for (String table : HOURLY) {
      try (PreparedStatement s =
          c.prepareStatement("DELETE FROM " + table + " WHERE hour_ms >= ? AND hour_ms < ?")) {
        s.setLong(1, hourMs);
        s.setLong(2, hourMs + Rollups.HOUR_MS);
        s.executeUpdate();
      }
    }
  }

  private static long delete(Connection c, String sql, long before) throws SQLException {
    try (PreparedStatement s = c.prepareStatement(sql)) {
      s.setLong(1, before);
      return s.executeLargeUpdate();
    }
  }
}

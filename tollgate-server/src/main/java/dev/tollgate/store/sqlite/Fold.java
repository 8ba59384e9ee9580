package dev.tollgate.store.sqlite;

import static dev.tollgate.store.sqlite.Rollups.DAY_MS;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;

/**
 * Folds a finished day's V8 daily tuple rollups into the V12 ones without the end user, in the
 * writer's transaction (see V12__ledger_at_scale.sql): reports read those for every day before
 * {@code rollup_folded_until}, and the V8 rows from it on.
 */
final class Fold {

  static final String TABLE = "rollup_usage_daily_no_end_user";
  static final String TAGS_TABLE = "rollup_usage_tags_daily_no_end_user";

  private Fold() {}

  /** The first day not folded yet (epoch ms of a UTC midnight). */
  static long until(Connection c) throws SQLException {
    try (PreparedStatement s = c.prepareStatement("SELECT day_ms FROM rollup_folded_until");
        ResultSet r = s.executeQuery()) {
      return r.next() ? r.getLong(1) : 0;
    }
  }

  /** The first day from {@code fromMs} on with V8 daily rows, or {@link Long#MAX_VALUE}. */
  static long nextDay(Connection c, long fromMs) throws SQLException {
    try (PreparedStatement s =
        c.prepareStatement("SELECT min(day_ms) FROM rollup_usage_daily WHERE day_ms >= ?")) {
      s.setLong(1, fromMs);
      try (ResultSet r = s.executeQuery()) {
        return r.next() && r.getObject(1) != null ? r.getLong(1) : Long.MAX_VALUE;
      }
    }
  }

  /**
   * Replaces day {@code dayMs}'s rows without the end user by the sums of its V8 rows (replaces, so
   * that folding a day again is harmless), and marks every day before the next as folded.
   */
  static void day(Connection c, long dayMs) throws SQLException {
    String tuple = String.join(", ", UsageRollups.TUPLE_WITHOUT_END_USER);
    String sums = "cost_nanos, tokens, requests, " + String.join(", ", EventRows.KIND_COLUMNS);
    String summed =
        "sum(cost_nanos), sum(tokens), sum(requests), sum("
            + String.join("), sum(", EventRows.KIND_COLUMNS)
            + ")";
    for (String[] t :
        new String[][] {
          {TABLE, "rollup_usage_daily", ""}, {TAGS_TABLE, "rollup_usage_tags_daily", "tag, "}
        }) {
      update(c, "DELETE FROM " + t[0] + " WHERE day_ms = ?", dayMs);
      String columns = "day_ms, " + t[2] + tuple;
      update(
          c,
          "INSERT INTO %s (%s, %s) SELECT %s, %s FROM %s WHERE day_ms = ? GROUP BY %s"
              .formatted(t[0], columns, sums, columns, summed, t[1], columns),
          dayMs);
    }
    markUntil(c, dayMs + DAY_MS);
  }

  /** Marks every day before {@code dayMs} as folded. */
  static void markUntil(Connection c, long dayMs) throws SQLException {
    update(c, "UPDATE rollup_folded_until SET day_ms = ?", dayMs);
  }

  private static void update(Connection c, String sql, long value) throws SQLException {
    try (PreparedStatement s = c.prepareStatement(sql)) {
      s.setLong(1, value);
      s.executeUpdate();
    }
  }
}

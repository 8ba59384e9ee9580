package dev.tollgate.store.sqlite;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;

/**
 * The retention purge's deletes, in the writer's transaction. Rollups are derived from events when
 * they are appended, so deleting old events changes no rollup; daily rollups are never deleted.
 */
final class Purge {

  private Purge() {}

  /**
   * Deletes events before {@code eventsBeforeMs} and hourly rollup rows (per dimension and per
   * tuple) before {@code hoursBeforeMs}.
   *
   * @return the number of events deleted
   */
  static long run(Connection c, long eventsBeforeMs, long hoursBeforeMs) throws SQLException {
    delete(
        c,
        "DELETE FROM ledger_event_tags WHERE event_id IN"
            + " (SELECT id FROM ledger_events WHERE time_ms < ?)",
        eventsBeforeMs);
    long events = delete(c, "DELETE FROM ledger_events WHERE time_ms < ?", eventsBeforeMs);
    for (String table :
        new String[] {"rollup_hourly", "rollup_usage_hourly", "rollup_usage_tags_hourly"}) {
      delete(c, "DELETE FROM " + table + " WHERE hour_ms < ?", hoursBeforeMs);
    }
    return events;
  }

  private static long delete(Connection c, String sql, long before) throws SQLException {
    try (PreparedStatement s = c.prepareStatement(sql)) {
      s.setLong(1, before);
      return s.executeLargeUpdate();
    }
  }
}

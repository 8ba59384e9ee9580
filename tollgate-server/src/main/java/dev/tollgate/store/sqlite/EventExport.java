package dev.tollgate.store.sqlite;

import dev.tollgate.reports.UsageReports;
import java.io.IOException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Arrays;
import java.util.List;

/** Reads events in time order for an export, each with its tags, one row at a time. */
final class EventExport {

  // Tags joined by the unit separator, which a tag never contains in practice; split back below.
  private static final String SQL =
      EventRows.SELECT_EVENT.replace(" FROM ledger_events WHERE id = ?", "")
          + ", (SELECT group_concat(t.tag, char(31)) FROM ledger_event_tags t"
          + " WHERE t.event_id = ledger_events.id)"
          + " FROM ledger_events WHERE time_ms >= ? AND time_ms < ?";

  /**
   * What to export: events with {@code fromMs <= time < toMs}, only {@code endUser}'s unless it is
   * null, after {@code after} (null: from the first) and at most {@code limit} of them.
   */
  record Range(
      long fromMs, long toMs, String endUser, UsageReports.EventCursor after, long limit) {}

  private EventExport() {}

  /** Exports the events of {@code range}, in the order of time, then id. */
  static void run(Connection c, Range range, UsageReports.EventSink sink)
      throws SQLException, IOException {
    c.setAutoCommit(false);
    StringBuilder sql = new StringBuilder(SQL);
    if (range.endUser() != null) {
      sql.append(" AND end_user = ?");
    }
    if (range.after() != null) {
      // The index on time_ms finds the page's start; the id breaks ties between equal times.
      sql.append(" AND (time_ms > ? OR (time_ms = ? AND id > ?))");
    }
    sql.append(" ORDER BY time_ms, id LIMIT ?");
    try (PreparedStatement s = c.prepareStatement(sql.toString())) {
      s.setFetchSize(1_000);
      int i = 1;
      s.setLong(i++, range.fromMs());
      s.setLong(i++, range.toMs());
      if (range.endUser() != null) {
        s.setString(i++, range.endUser());
      }
      if (range.after() != null) {
        long ms = range.after().time().toEpochMilli();
        s.setLong(i++, ms);
        s.setLong(i++, ms);
        s.setString(i++, range.after().id());
      }
      s.setLong(i, range.limit());
      try (ResultSet r = s.executeQuery()) {
        int tagColumn = r.getMetaData().getColumnCount();
        while (r.next()) {
          String tags = r.getString(tagColumn);
          List<String> list =
              tags == null ? List.of() : Arrays.asList(tags.split(String.valueOf((char) 31)));
          sink.accept(EventRows.read(r, list));
        }
      }
    } finally {
      c.rollback();
    }
  }
}

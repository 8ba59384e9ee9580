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

  private EventExport() {}

  /** Exports the events in the range, only {@code endUser}'s unless it is null. */
  static void run(Connection c, long fromMs, long toMs, String endUser, UsageReports.EventSink sink)
      throws SQLException, IOException {
    c.setAutoCommit(false);
    String sql = SQL + (endUser == null ? "" : " AND end_user = ?") + " ORDER BY time_ms, id";
    try (PreparedStatement s = c.prepareStatement(sql)) {
      s.setFetchSize(1_000);
      s.setLong(1, fromMs);
      s.setLong(2, toMs);
      if (endUser != null) {
        s.setString(3, endUser);
      }
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

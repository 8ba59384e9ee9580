package dev.tollgate.store.sqlite;

import static dev.tollgate.store.sqlite.Rollups.DAY_MS;
import static dev.tollgate.store.sqlite.Rollups.HOUR_MS;

import dev.tollgate.ledger.Adjustment;
import dev.tollgate.ledger.Dimension;
import dev.tollgate.ledger.Totals;
import dev.tollgate.ledger.UsageEvent;
import dev.tollgate.store.StoreException;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * The ledger's reads, on their own connection: one query at a time, each in its own read
 * transaction, which in WAL mode sees the last commit and never waits for the writer.
 */
final class LedgerQueries {

  private static final String BILLABLE = " AND " + EventRows.BILLABLE_SQL;

  // Far enough from Long's limits that rounding to a day cannot overflow (±146,000 years).
  private static final long TIME_LIMIT_MS = 1L << 62;

  private final Connection connection;
  private final Path file;
  private boolean closed;

  LedgerQueries(Connection connection, Path file) {
    this.connection = connection;
    this.file = file;
  }

  /** The sum over every provider of {@link #totalsByProvider}. */
  synchronized Totals totals(Dimension dimension, String value, Instant from, Instant to) {
    Totals sum = Totals.ZERO;
    for (Totals t : totalsByProvider(dimension, value, from, to).values()) {
      sum = sum.plus(t);
    }
    return sum;
  }

  /**
   * Whole days from rollup_daily, whole hours at their edges from rollup_hourly, and the partial
   * hours at the ends of the range from the raw events: a month costs about 30 + 46 rollup rows per
   * provider and at most two hours of events.
   */
  synchronized Map<String, Totals> totalsByProvider(
      Dimension dimension, String value, Instant from, Instant to) {
    Map<String, Totals> out = new TreeMap<>();
    if (value.isEmpty() != (dimension == Dimension.GLOBAL)) {
      // GLOBAL's only value is ""; no event has "" along another dimension (Dimension.valuesOf).
      return out;
    }
    // Event times are stored in whole milliseconds: from <= t ⇔ ceil(from) <= t, same for to.
    open();
    long start = ceilMillis(from);
    long end = ceilMillis(to);
    if (start >= end) {
      return out;
    }
    try {
      long firstHour = ceil(start, HOUR_MS);
      long lastHour = Math.floorDiv(end, HOUR_MS) * HOUR_MS;
      if (firstHour >= lastHour) {
        raw(out, dimension, value, start, end);
        return out;
      }
      raw(out, dimension, value, start, firstHour);
      raw(out, dimension, value, lastHour, end);
      long firstDay = ceil(firstHour, DAY_MS);
      long lastDay = Math.floorDiv(lastHour, DAY_MS) * DAY_MS;
      if (firstDay >= lastDay) {
        rollup(out, "rollup_hourly", "hour_ms", dimension, value, firstHour, lastHour);
        return out;
      }
      rollup(out, "rollup_hourly", "hour_ms", dimension, value, firstHour, firstDay);
      rollup(out, "rollup_daily", "day_ms", dimension, value, firstDay, lastDay);
      rollup(out, "rollup_hourly", "hour_ms", dimension, value, lastDay, lastHour);
      return out;
    } catch (SQLException e) {
      throw failed("sum " + dimension + " " + value, e);
    }
  }

  private void raw(Map<String, Totals> out, Dimension dimension, String value, long start, long end)
      throws SQLException {
    if (start >= end) {
      return;
    }
    String sums =
        "SELECT e.provider, coalesce(sum(e.actual_nanos), 0), coalesce(sum("
            + EventRows.TOKENS_SQL.replaceAll("(\\w+)", "e.$1")
            + "), 0), count(*) FROM ledger_events e";
    String sql =
        switch (dimension) {
          case GLOBAL -> sums + " WHERE e.time_ms >= ? AND e.time_ms < ?" + BILLABLE;
          case TAG ->
              sums
                  + " JOIN ledger_event_tags t ON t.event_id = e.id"
                  + " WHERE e.time_ms >= ? AND e.time_ms < ?"
                  + BILLABLE
                  + " AND t.tag = ?";
          default ->
              sums
                  + " WHERE e.time_ms >= ? AND e.time_ms < ?"
                  + BILLABLE
                  + " AND e."
                  + column(dimension)
                  + " = ?";
        };
    try (PreparedStatement s = connection.prepareStatement(sql + " GROUP BY e.provider")) {
      s.setLong(1, start);
      s.setLong(2, end);
      if (dimension != Dimension.GLOBAL) {
        s.setString(3, value);
      }
      addRows(out, s);
    }
  }

  private void rollup(
      Map<String, Totals> out,
      String table,
      String bucket,
      Dimension dimension,
      String value,
      long start,
      long end)
      throws SQLException {
    if (start >= end) {
      return;
    }
    String sql =
        "SELECT provider, coalesce(sum(cost_nanos), 0), coalesce(sum(tokens), 0),"
            + " coalesce(sum(requests), 0) FROM "
            + table
            + " WHERE dimension = ? AND value = ? AND "
            + bucket
            + " >= ? AND "
            + bucket
            + " < ? GROUP BY provider";
    try (PreparedStatement s = connection.prepareStatement(sql)) {
      s.setString(1, dimension.name());
      s.setString(2, value);
      s.setLong(3, start);
      s.setLong(4, end);
      addRows(out, s);
    }
  }

  private static void addRows(Map<String, Totals> out, PreparedStatement s) throws SQLException {
    try (ResultSet r = s.executeQuery()) {
      while (r.next()) {
        out.merge(
            r.getString(1), new Totals(r.getLong(2), r.getLong(3), r.getLong(4)), Totals::plus);
      }
    }
  }

  private static String column(Dimension dimension) {
    return switch (dimension) {
      case TEAM -> "team";
      case PROJECT -> "project";
      case USER -> "\"user\"";
      case END_USER -> "end_user";
      case KEY -> "\"key\"";
      case SERVICE -> "service";
      case PROVIDER -> "provider";
      case MODEL -> "model_used";
      case GLOBAL, TAG -> throw new IllegalArgumentException(dimension + " has no column");
    };
  }

  synchronized List<Adjustment> adjustments(String budgetId, Instant periodStart) {
    try (PreparedStatement s = open().prepareStatement(EventRows.SELECT_ADJUSTMENTS)) {
      s.setString(1, budgetId);
      s.setLong(2, periodStart.toEpochMilli());
      List<Adjustment> found = new ArrayList<>();
      try (ResultSet r = s.executeQuery()) {
        while (r.next()) {
          found.add(EventRows.readAdjustment(r));
        }
      }
      return found;
    } catch (SQLException e) {
      throw failed("read the adjustments of " + budgetId, e);
    }
  }

  synchronized Optional<UsageEvent> event(String id) {
    try (PreparedStatement select = open().prepareStatement(EventRows.SELECT_EVENT);
        PreparedStatement tags =
            connection.prepareStatement(
                "SELECT tag FROM ledger_event_tags WHERE event_id = ? ORDER BY tag")) {
      // One read transaction, so the event and its tags come from the same commit.
      connection.setAutoCommit(false);
      try {
        select.setString(1, id);
        tags.setString(1, id);
        List<String> tagList = new ArrayList<>();
        try (ResultSet r = tags.executeQuery()) {
          while (r.next()) {
            tagList.add(r.getString(1));
          }
        }
        try (ResultSet r = select.executeQuery()) {
          return r.next() ? Optional.of(EventRows.read(r, tagList)) : Optional.empty();
        }
      } finally {
        connection.rollback();
        connection.setAutoCommit(true);
      }
    } catch (SQLException e) {
      throw failed("read event " + id, e);
    }
  }

  /**
   * Events plus adjustments. The tables are append-only, so the largest rowid is the row count: an
   * index lookup instead of a scan of millions of rows (rollups count billable events only).
   */
  synchronized long size() {
    try (PreparedStatement s =
            open()
                .prepareStatement(
                    "SELECT (SELECT coalesce(max(rowid), 0) FROM ledger_events)"
                        + " + (SELECT coalesce(max(rowid), 0) FROM ledger_adjustments)");
        ResultSet r = s.executeQuery()) {
      r.next();
      return r.getLong(1);
    } catch (SQLException e) {
      throw failed("count the ledger", e);
    }
  }

  synchronized void close() {
    if (!closed) {
      closed = true;
      SqliteLedgerStore.closeQuietly(connection);
    }
  }

  private Connection open() {
    if (closed) {
      throw new StoreException("the ledger in " + file + " is closed", null);
    }
    return connection;
  }

  private StoreException failed(String what, SQLException e) {
    return new StoreException(
        "cannot " + what + " in the ledger " + file + ": " + e.getMessage(), e);
  }

  private static long ceilMillis(Instant t) {
    if (t.isBefore(Instant.ofEpochMilli(-TIME_LIMIT_MS))) {
      return -TIME_LIMIT_MS;
    }
    if (t.isAfter(Instant.ofEpochMilli(TIME_LIMIT_MS))) {
      return TIME_LIMIT_MS;
    }
    return t.toEpochMilli() + (t.getNano() % 1_000_000 == 0 ? 0 : 1);
  }

  private static long ceil(long ms, long unit) {
    return -Math.floorDiv(-ms, unit) * unit;
  }
}

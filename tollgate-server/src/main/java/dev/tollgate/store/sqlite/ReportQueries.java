package dev.tollgate.store.sqlite;

import static dev.tollgate.store.sqlite.Rollups.DAY_MS;

import dev.tollgate.reports.Bucket;
import dev.tollgate.reports.Grouping;
import dev.tollgate.reports.ReportQuery;
import dev.tollgate.reports.ReportRow;
import dev.tollgate.store.StoreException;
import dev.tollgate.usage.UsageKind;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Usage reports from the rollups, on their own read connection. Whole days of the range come from
 * the daily rollups and the hours at its edges from the hourly ones (hour buckets read hourly rows
 * only), so a month by model and day reads about 30 rows per tuple, whatever the event count. A
 * report involving one dimension besides the provider reads the per-dimension rollups ({@link
 * NarrowRollups}); any other reads the per-tuple ones: for the days already folded ({@link Fold})
 * the V12 ones without the end user, unless it groups or filters by end user.
 */
final class ReportQueries {

  private static final UsageKind[] KINDS = UsageKind.values();
  // A range's third element: 0 hourly rows, 1 V8 daily rows, FOLDED the V12 daily rows.
  private static final long FOLDED = 2;

  private final Connection connection;
  private final Path file;
  private boolean closed;

  ReportQueries(Connection connection, Path file) {
    this.connection = connection;
    this.file = file;
  }

  synchronized List<ReportRow> rows(ReportQuery q) {
    if (closed) {
      throw new StoreException("the ledger in " + file + " is closed", null);
    }
    try {
      List<long[]> ranges = ranges(q);
      if (!NarrowRollups.applies(q) && !usesEndUser(q)) {
        ranges = splitAtFolded(ranges, Fold.until(connection));
      }
      return rows(q, ranges);
    } catch (SQLException e) {
      throw new StoreException("cannot report on the ledger " + file + ": " + e.getMessage(), e);
    }
  }

  private List<ReportRow> rows(ReportQuery q, List<long[]> ranges) throws SQLException {
    int copies = NarrowRollups.applies(q) ? NarrowRollups.sourcesPerRange(q) : 1;
    try (PreparedStatement s = connection.prepareStatement(sql(q, ranges))) {
      int i = 1;
      for (long[] range : ranges) {
        for (int copy = 0; copy < copies; copy++) {
          s.setLong(i++, range[0]);
          s.setLong(i++, range[1]);
          for (Grouping g : filterOrder(q)) {
            s.setString(i++, q.filters().get(g));
          }
        }
      }
      s.setInt(i++, q.limit());
      s.setLong(i, q.offset());
      return read(q, s);
    }
  }

  /**
   * Splits the daily range at {@code foldedUntil}: the days before it read the rollups without the
   * end user (marked {@code FOLDED}), the rest the V8 ones. The mark is read before the report's
   * own statement, not in its snapshot, which is safe: it only moves forward, a folded day's rows
   * are complete from its fold on, and the V8 rows of every day stay. Bound in Java rather than as
   * a subquery in the SQL because SQLite does not use a subquery as an index bound: the V8 source
   * then scanned the whole month (84 ms instead of 9 for one team's month, 10 million events).
   */
  private static List<long[]> splitAtFolded(List<long[]> ranges, long foldedUntil) {
    List<long[]> split = new ArrayList<>();
    for (long[] r : ranges) {
      if (r[2] != 1 || foldedUntil <= r[0]) {
        split.add(r);
      } else if (foldedUntil >= r[1]) {
        split.add(new long[] {r[0], r[1], FOLDED});
      } else {
        split.add(new long[] {r[0], foldedUntil, FOLDED});
        split.add(new long[] {foldedUntil, r[1], 1});
      }
    }
    return split;
  }

  /**
   * The source ranges as {start, end, daily?}: the whole days, then the hours before and after
   * them; all hourly for hour buckets.
   */
  private static List<long[]> ranges(ReportQuery q) {
    long from = q.from().toEpochMilli();
    long to = q.to().toEpochMilli();
    long firstDay = -Math.floorDiv(-from, DAY_MS) * DAY_MS;
    long lastDay = Math.floorDiv(to, DAY_MS) * DAY_MS;
    List<long[]> ranges = new ArrayList<>();
    if (q.bucket() == Bucket.HOUR || firstDay >= lastDay) {
      ranges.add(new long[] {from, to, 0});
      return ranges;
    }
    ranges.add(new long[] {firstDay, lastDay, 1});
    if (from < firstDay) {
      ranges.add(new long[] {from, firstDay, 0});
    }
    if (lastDay < to) {
      ranges.add(new long[] {lastDay, to, 0});
    }
    return ranges;
  }

  private static List<Grouping> filterOrder(ReportQuery q) {
    return q.filters().keySet().stream().sorted().toList();
  }

  private static String sql(ReportQuery q, List<long[]> ranges) {
    Optional<String> narrow = NarrowRollups.sources(q, ranges);
    if (narrow.isPresent()) {
      return outer(q, narrow.get());
    }
    String tags = q.byTag() ? "rollup_usage_tags_" : "rollup_usage_";
    List<String> sources = new ArrayList<>();
    for (long[] range : ranges) {
      // Folded days without the end user: about 20 times fewer tuples (docs/BENCHMARKS.md).
      sources.add(
          switch ((int) range[2]) {
            case 0 -> source(q, "hour_ms", tags + "hourly");
            case 1 -> source(q, "day_ms", tags + "daily");
            default -> source(q, "day_ms", tags + "daily_no_end_user");
          });
    }
    return outer(q, String.join(" UNION ALL ", sources));
  }

  private static String source(ReportQuery q, String bucket, String table) {
    String columns = columns(q);
    StringBuilder source =
        new StringBuilder("SELECT ")
            .append(bucket)
            .append(" AS t")
            .append(columns.isEmpty() ? "" : ", " + columns)
            .append(", cost_nanos, tokens, requests, ")
            .append(String.join(", ", EventRows.KIND_COLUMNS))
            .append(" FROM ")
            .append(table)
            .append(" WHERE ")
            .append(bucket)
            .append(" >= ? AND ")
            .append(bucket)
            .append(" < ?");
    for (Grouping g : filterOrder(q)) {
      source.append(" AND ").append(g.column()).append(" = ?");
    }
    return source.toString();
  }

  private static String outer(ReportQuery q, String sources) {
    StringBuilder sql = new StringBuilder("SELECT ").append(bucketSql(q.bucket())).append(" AS b");
    for (Grouping g : q.groupBy()) {
      sql.append(", ").append(g.column());
    }
    sql.append(", sum(cost_nanos) AS cost, sum(tokens), sum(requests)");
    for (String kind : EventRows.KIND_COLUMNS) {
      sql.append(", sum(").append(kind).append(")");
    }
    sql.append(" FROM (").append(sources).append(") GROUP BY b");
    for (Grouping g : q.groupBy()) {
      sql.append(", ").append(g.column());
    }
    // The narrow rollups' remainder row ("" = no value) nets to nothing when every event had one.
    sql.append(" HAVING sum(requests) != 0");
    sql.append(" ORDER BY ").append(q.byCost() ? "cost DESC, b" : "b");
    for (Grouping g : q.groupBy()) {
      sql.append(", ").append(g.column());
    }
    return sql.append(" LIMIT ? OFFSET ?").toString();
  }

  private static boolean usesEndUser(ReportQuery q) {
    return q.groupBy().contains(Grouping.END_USER) || q.filters().containsKey(Grouping.END_USER);
  }

  private static String columns(ReportQuery q) {
    List<String> columns = new ArrayList<>();
    if (q.byTag()) {
      columns.add("tag");
    }
    columns.addAll(usesEndUser(q) ? UsageRollups.TUPLE : UsageRollups.TUPLE_WITHOUT_END_USER);
    return String.join(", ", columns);
  }

  /** The start of the bucket of the source row's time {@code t}, in epoch milliseconds UTC. */
  private static String bucketSql(Bucket bucket) {
    return switch (bucket) {
      case NONE -> "0";
      case HOUR -> "t";
      case DAY -> "(t / 86400000) * 86400000";
      // 1970-01-01 was a Thursday: (days + 3) % 7 is the days since the last Monday.
      case WEEK -> "(t / 86400000 - (t / 86400000 + 3) % 7) * 86400000";
      case MONTH ->
          "CAST(strftime('%s', t / 1000, 'unixepoch', 'start of month') AS INTEGER) * 1000";
    };
  }

  private static List<ReportRow> read(ReportQuery q, PreparedStatement s) throws SQLException {
    List<ReportRow> rows = new ArrayList<>();
    try (ResultSet r = s.executeQuery()) {
      while (r.next()) {
        int i = 1;
        long b = r.getLong(i++);
        Map<Grouping, String> groups = new EnumMap<>(Grouping.class);
        for (Grouping g : q.groupBy()) {
          groups.put(g, r.getString(i++));
        }
        long cost = r.getLong(i++);
        long tokens = r.getLong(i++);
        long requests = r.getLong(i++);
        Map<UsageKind, Long> kinds = new EnumMap<>(UsageKind.class);
        for (UsageKind k : KINDS) {
          kinds.put(k, r.getLong(i++));
        }
        Instant start = q.bucket() == Bucket.NONE ? null : Instant.ofEpochMilli(b);
        rows.add(new ReportRow(start, groups, cost, tokens, requests, kinds));
      }
    }
    return rows;
  }

  synchronized void close() {
    if (!closed) {
      closed = true;
      SqliteLedgerStore.closeQuietly(connection);
    }
  }
}

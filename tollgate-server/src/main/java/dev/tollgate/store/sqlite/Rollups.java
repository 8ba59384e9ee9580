package dev.tollgate.store.sqlite;

import dev.tollgate.ledger.Dimension;
import dev.tollgate.ledger.UsageEvent;
import dev.tollgate.usage.UsageKind;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.HashMap;
import java.util.Map;

/**
 * A batch's contribution to one rollup table, summed in memory first: a batch of 1,000 events of
 * one hour touches each (dimension, value) once, so it makes one upsert per distinct value rather
 * than one per event and value.
 */
final class Rollups {

  static final long HOUR_MS = 3_600_000L;
  static final long DAY_MS = 86_400_000L;

  private static final UsageKind[] KINDS = UsageKind.values();
  private static final Dimension[] DIMENSIONS = Dimension.values();
  // cost, tokens, requests, then one count per usage kind.
  private static final int SUMS = 3 + KINDS.length;

  private final String table;
  private final String bucketColumn;
  private final long bucketMs;
  private final Map<Key, long[]> sums = new HashMap<>();

  private Rollups(String table, String bucketColumn, long bucketMs) {
    this.table = table;
    this.bucketColumn = bucketColumn;
    this.bucketMs = bucketMs;
  }

  static Rollups hourly() {
    return new Rollups("rollup_hourly", "hour_ms", HOUR_MS);
  }

  static Rollups daily() {
    return new Rollups("rollup_daily", "day_ms", DAY_MS);
  }

  /** The upsert that adds one row of sums to the table. */
  String upsertSql() {
    String kinds = String.join(", ", EventRows.KIND_COLUMNS);
    StringBuilder sql =
        new StringBuilder("INSERT INTO ")
            .append(table)
            .append(" (")
            .append(bucketColumn)
            .append(", dimension, value, provider, cost_nanos, tokens, requests, ")
            .append(kinds)
            .append(") VALUES (?, ?, ?, ?")
            .append(", ?".repeat(SUMS))
            .append(") ON CONFLICT (dimension, value, ")
            .append(bucketColumn)
            .append(", provider) DO UPDATE SET cost_nanos = cost_nanos + excluded.cost_nanos")
            .append(", tokens = tokens + excluded.tokens")
            .append(", requests = requests + excluded.requests");
    for (String column : EventRows.KIND_COLUMNS) {
      sql.append(", ").append(column).append(" = ").append(column).append(" + excluded.");
      sql.append(column);
    }
    return sql.toString();
  }

  /** Adds one new event to the bucket of its time under every value of every dimension. */
  void add(UsageEvent e) {
    long bucket = Math.floorDiv(e.time().toEpochMilli(), bucketMs) * bucketMs;
    for (Dimension d : DIMENSIONS) {
      for (String value : d.valuesOf(e)) {
        long[] s =
            sums.computeIfAbsent(new Key(bucket, d, value, e.provider()), k -> new long[SUMS]);
        s[0] = Math.addExact(s[0], e.actualCost().nanos());
        s[1] = Math.addExact(s[1], e.totalTokens());
        s[2] += 1;
        for (int k = 0; k < KINDS.length; k++) {
          s[3 + k] = Math.addExact(s[3 + k], e.usage().count(KINDS[k]));
        }
      }
    }
  }

  /**
   * Adds the batched upserts to {@code upsert} (prepared from {@link #upsertSql()}), and clears.
   */
  int addBatch(PreparedStatement upsert) throws SQLException {
    for (Map.Entry<Key, long[]> row : sums.entrySet()) {
      Key key = row.getKey();
      upsert.setLong(1, key.bucket);
      upsert.setString(2, key.dimension.name());
      upsert.setString(3, key.value);
      upsert.setString(4, key.provider);
      long[] s = row.getValue();
      for (int i = 0; i < SUMS; i++) {
        upsert.setLong(5 + i, s[i]);
      }
      upsert.addBatch();
    }
    int rows = sums.size();
    sums.clear();
    return rows;
  }

  void clear() {
    sums.clear();
  }

  private record Key(long bucket, Dimension dimension, String value, String provider) {}
}

package dev.tollgate.store.sqlite;

import dev.tollgate.ledger.Dimension;
import dev.tollgate.ledger.UsageEvent;
import dev.tollgate.usage.UsageKind;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A batch's contribution to the hourly and daily rollups, summed in memory first: a batch of 1,000
 * events of one hour touches each (dimension, value) once, so it makes one upsert per distinct
 * value and table rather than one per event and value.
 *
 * <p>Events are summed per hour only (about ten map updates per event); the day sums are then
 * folded from the few hundred hour sums, which halves the map work of summing every event twice.
 */
final class Rollups {

  static final long HOUR_MS = 3_600_000L;
  static final long DAY_MS = 86_400_000L;

  private static final UsageKind[] KINDS = UsageKind.values();
  private static final Dimension[] DIMENSIONS = Dimension.values();
  // cost, tokens, requests, then one count per usage kind.
  static final int SUMS = 3 + KINDS.length;

  /** The upsert that adds one row of sums to rollup_hourly. */
  static final String UPSERT_HOURLY = upsertSql("rollup_hourly", "hour_ms");

  /** The upsert that adds one row of sums to rollup_daily. */
  static final String UPSERT_DAILY = upsertSql("rollup_daily", "day_ms");

  private final Map<Key, long[]> hours = new HashMap<>();
  private final Map<Key, long[]> days = new HashMap<>();

  private static String upsertSql(String table, String bucketColumn) {
    return upsertSql(table, List.of(bucketColumn, "dimension", "value", "provider"));
  }

  /**
   * An upsert into a rollup table keyed by {@code keyColumns}: binds the key columns, then the
   * cost, tokens, requests and one count per usage kind, which it adds to an existing row.
   */
  static String upsertSql(String table, List<String> keyColumns) {
    String keys = String.join(", ", keyColumns);
    StringBuilder sql =
        new StringBuilder("INSERT INTO ")
            .append(table)
            .append(" (")
            .append(keys)
            .append(", cost_nanos, tokens, requests, ")
            .append(String.join(", ", EventRows.KIND_COLUMNS))
            .append(") VALUES (?")
            .append(", ?".repeat(keyColumns.size() - 1 + SUMS))
            .append(") ON CONFLICT (")
            .append(keys)
            .append(") DO UPDATE SET cost_nanos = cost_nanos + excluded.cost_nanos")
            .append(", tokens = tokens + excluded.tokens")
            .append(", requests = requests + excluded.requests");
    for (String column : EventRows.KIND_COLUMNS) {
      sql.append(", ").append(column).append(" = ").append(column).append(" + excluded.");
      sql.append(column);
    }
    return sql.toString();
  }

  /** One event's sums, in the order {@link #upsertSql} binds them. */
  static long[] sums(UsageEvent e) {
    long[] event = new long[SUMS];
    event[0] = e.actualCost().nanos();
    event[1] = e.totalTokens();
    event[2] = 1;
    for (int k = 0; k < KINDS.length; k++) {
      event[3 + k] = e.usage().count(KINDS[k]);
    }
    return event;
  }

  /** Adds one new event to the hour of its time under every value of every dimension. */
  void add(UsageEvent e) {
    long hour = Math.floorDiv(e.time().toEpochMilli(), HOUR_MS) * HOUR_MS;
    long[] event = sums(e);
    String provider = e.provider();
    for (Dimension d : DIMENSIONS) {
      for (String value : d.valuesOf(e)) {
        addTo(hours.computeIfAbsent(new Key(hour, d, value, provider), k -> new long[SUMS]), event);
      }
    }
  }

  /**
   * Adds the batched upserts of the hour sums to {@code hourly} and of the day sums to {@code
   * daily} (prepared from {@link #UPSERT_HOURLY} and {@link #UPSERT_DAILY}), and clears.
   *
   * @return the rows added to each batch: none if no event was added
   */
  int addBatches(PreparedStatement hourly, PreparedStatement daily) throws SQLException {
    for (Map.Entry<Key, long[]> row : hours.entrySet()) {
      Key hour = row.getKey();
      bind(hourly, hour, row.getValue());
      long day = Math.floorDiv(hour.bucket, DAY_MS) * DAY_MS;
      addTo(
          days.computeIfAbsent(
              new Key(day, hour.dimension, hour.value, hour.provider), k -> new long[SUMS]),
          row.getValue());
    }
    for (Map.Entry<Key, long[]> row : days.entrySet()) {
      bind(daily, row.getKey(), row.getValue());
    }
    int rows = hours.size();
    clear();
    return rows;
  }

  static void addTo(long[] sums, long[] more) {
    for (int i = 0; i < SUMS; i++) {
      sums[i] = Math.addExact(sums[i], more[i]);
    }
  }

  private static void bind(PreparedStatement upsert, Key key, long[] sums) throws SQLException {
    upsert.setLong(1, key.bucket);
    upsert.setString(2, key.dimension.name());
    upsert.setString(3, key.value);
    upsert.setString(4, key.provider);
    for (int i = 0; i < SUMS; i++) {
      upsert.setLong(5 + i, sums[i]);
    }
    upsert.addBatch();
  }

  void clear() {
    hours.clear();
    days.clear();
  }

  private record Key(long bucket, Dimension dimension, String value, String provider) {}
}

package dev.tollgate.store.sqlite;

import static dev.tollgate.store.sqlite.Rollups.DAY_MS;
import static dev.tollgate.store.sqlite.Rollups.HOUR_MS;

import dev.tollgate.ledger.Attribution;
import dev.tollgate.ledger.UsageEvent;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A batch's contribution to the V8 usage rollups, keyed by the whole attribution tuple per hour and
 * per day (and by tag, tuple and bucket for events with tags), and to their V12 copies without the
 * end user, summed in memory first like {@link Rollups}: one upsert per distinct tuple and bucket,
 * not one per event.
 */
final class UsageRollups {

  /** The tuple columns, in primary-key order after the bucket (and tag). */
  static final List<String> TUPLE =
      List.of("\"key\"", "\"user\"", "end_user", "team", "project", "service", "provider", "model");

  /** The tuple columns of the V12 tables: the same without {@code end_user}. */
  static final List<String> TUPLE_WITHOUT_END_USER =
      TUPLE.stream().filter(c -> !c.equals("end_user")).toList();

  private static final int SUMS = Rollups.SUMS;

  /**
   * The upserts {@link #addBatches} binds, in its order: by tuple hourly, daily, tags hourly, tags
   * daily; then the same four without the end user.
   */
  static final List<String> UPSERTS =
      List.of(
          upsertSql("rollup_usage_hourly", "hour_ms", false, TUPLE),
          upsertSql("rollup_usage_daily", "day_ms", false, TUPLE),
          upsertSql("rollup_usage_tags_hourly", "hour_ms", true, TUPLE),
          upsertSql("rollup_usage_tags_daily", "day_ms", true, TUPLE),
          upsertSql("rollup_usage_hourly_no_end_user", "hour_ms", false, TUPLE_WITHOUT_END_USER),
          upsertSql("rollup_usage_daily_no_end_user", "day_ms", false, TUPLE_WITHOUT_END_USER),
          upsertSql(
              "rollup_usage_tags_hourly_no_end_user", "hour_ms", true, TUPLE_WITHOUT_END_USER),
          upsertSql("rollup_usage_tags_daily_no_end_user", "day_ms", true, TUPLE_WITHOUT_END_USER));

  private final Map<Key, long[]> hours = new HashMap<>();

  private static String upsertSql(String table, String bucket, boolean tag, List<String> tuple) {
    List<String> keys = new ArrayList<>();
    keys.add(bucket);
    if (tag) {
      keys.add("tag");
    }
    keys.addAll(tuple);
    return Rollups.upsertSql(table, keys);
  }

  /**
   * Adds one new billable event to its hour, under no tag and under each of its tags, with and
   * without its end user.
   */
  void add(UsageEvent e) {
    long hour = Math.floorDiv(e.time().toEpochMilli(), HOUR_MS) * HOUR_MS;
    long[] event = Rollups.sums(e);
    Attribution a = e.who();
    List<String> tuple =
        List.of(
            a.virtualKey(),
            a.user(),
            a.endUser(),
            a.team(),
            a.project(),
            a.service(),
            e.provider(),
            e.modelUsed());
    List<String> withoutEndUser =
        List.of(
            a.virtualKey(),
            a.user(),
            a.team(),
            a.project(),
            a.service(),
            e.provider(),
            e.modelUsed());
    for (List<String> t : List.of(tuple, withoutEndUser)) {
      Rollups.addTo(hours.computeIfAbsent(new Key(hour, null, t), k -> new long[SUMS]), event);
      for (String tag : a.tags()) {
        Rollups.addTo(hours.computeIfAbsent(new Key(hour, tag, t), k -> new long[SUMS]), event);
      }
    }
  }

  /**
   * Adds the batched upserts to {@code upserts} (prepared from {@link #UPSERTS}, in its order) and
   * clears.
   *
   * @return whether any row was added
   */
  boolean addBatches(List<PreparedStatement> upserts) throws SQLException {
    Map<Key, long[]> days = new HashMap<>();
    for (Map.Entry<Key, long[]> row : hours.entrySet()) {
      Key hour = row.getKey();
      bind(upserts.get(hour.statement(false)), hour, row.getValue());
      long day = Math.floorDiv(hour.bucket, DAY_MS) * DAY_MS;
      Rollups.addTo(
          days.computeIfAbsent(new Key(day, hour.tag, hour.tuple), k -> new long[SUMS]),
          row.getValue());
    }
    for (Map.Entry<Key, long[]> row : days.entrySet()) {
      bind(upserts.get(row.getKey().statement(true)), row.getKey(), row.getValue());
    }
    boolean any = !hours.isEmpty();
    hours.clear();
    return any;
  }

  void clear() {
    hours.clear();
  }

  private static void bind(PreparedStatement upsert, Key key, long[] sums) throws SQLException {
    int i = 1;
    upsert.setLong(i++, key.bucket);
    if (key.tag != null) {
      upsert.setString(i++, key.tag);
    }
    for (String value : key.tuple) {
      upsert.setString(i++, value);
    }
    for (long sum : sums) {
      upsert.setLong(i++, sum);
    }
    upsert.addBatch();
  }

  private record Key(long bucket, String tag, List<String> tuple) {

    /** This row's upsert in {@link #UPSERTS}. */
    int statement(boolean daily) {
      return (tuple.size() == TUPLE.size() ? 0 : 4) + (tag == null ? 0 : 2) + (daily ? 1 : 0);
    }
  }
}

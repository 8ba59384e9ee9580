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
 * per day (and by tag, tuple and bucket for events with tags), summed in memory first like {@link
 * Rollups}: one upsert per distinct tuple and bucket, not one per event. An event of a day already
 * folded into the V12 daily rollups without the end user ({@link Fold}) is added there too.
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
   * daily; then daily and tags daily without the end user.
   */
  static final List<String> UPSERTS =
      List.of(
          upsertSql("rollup_usage_hourly", "hour_ms", false, TUPLE),
          upsertSql("rollup_usage_daily", "day_ms", false, TUPLE),
          upsertSql("rollup_usage_tags_hourly", "hour_ms", true, TUPLE),
          upsertSql("rollup_usage_tags_daily", "day_ms", true, TUPLE),
          upsertSql(Fold.TABLE, "day_ms", false, TUPLE_WITHOUT_END_USER),
          upsertSql(Fold.TAGS_TABLE, "day_ms", true, TUPLE_WITHOUT_END_USER));

  private final Map<Key, long[]> hours = new HashMap<>();
  private final Map<Key, long[]> foldedDays = new HashMap<>();

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
   * Adds one new billable event to its hour, under no tag and under each of its tags; and to its
   * day without the end user if that day is {@code folded} already.
   */
  void add(UsageEvent e, boolean folded) {
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
    addUnderTags(hours, hour, a.tags(), tuple, event);
    if (folded) {
      List<String> withoutEndUser =
          List.of(
              a.virtualKey(),
              a.user(),
              a.team(),
              a.project(),
              a.service(),
              e.provider(),
              e.modelUsed());
      long day = Math.floorDiv(hour, DAY_MS) * DAY_MS;
      addUnderTags(foldedDays, day, a.tags(), withoutEndUser, event);
    }
  }

  private static void addUnderTags(
      Map<Key, long[]> to, long bucket, List<String> tags, List<String> tuple, long[] event) {
    Rollups.addTo(to.computeIfAbsent(new Key(bucket, null, tuple), k -> new long[SUMS]), event);
    for (String tag : tags) {
      Rollups.addTo(to.computeIfAbsent(new Key(bucket, tag, tuple), k -> new long[SUMS]), event);
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
      bind(upserts.get(hour.tag == null ? 0 : 2), hour, row.getValue());
      long day = Math.floorDiv(hour.bucket, DAY_MS) * DAY_MS;
      Rollups.addTo(
          days.computeIfAbsent(new Key(day, hour.tag, hour.tuple), k -> new long[SUMS]),
          row.getValue());
    }
    for (Map.Entry<Key, long[]> row : days.entrySet()) {
      bind(upserts.get(row.getKey().tag == null ? 1 : 3), row.getKey(), row.getValue());
    }
    for (Map.Entry<Key, long[]> row : foldedDays.entrySet()) {
      bind(upserts.get(row.getKey().tag == null ? 4 : 5), row.getKey(), row.getValue());
    }
    boolean any = !hours.isEmpty();
    clear();
    return any;
  }

  void clear() {
    hours.clear();
    foldedDays.clear();
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

  private record Key(long bucket, String tag, List<String> tuple) {}
}

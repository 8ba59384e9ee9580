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
 * Rollups}: one upsert per distinct tuple and bucket, not one per event.
 */
final class UsageRollups {

  /** The tuple columns, in primary-key order after the bucket (and tag). */
  static final List<String> TUPLE =
      List.of("\"key\"", "\"user\"", "end_user", "team", "project", "service", "provider", "model");

  private static final int SUMS = Rollups.SUMS;

  static final String UPSERT_HOURLY = upsertSql("rollup_usage_hourly", "hour_ms", false);
  static final String UPSERT_DAILY = upsertSql("rollup_usage_daily", "day_ms", false);
  static final String UPSERT_TAGS_HOURLY = upsertSql("rollup_usage_tags_hourly", "hour_ms", true);
  static final String UPSERT_TAGS_DAILY = upsertSql("rollup_usage_tags_daily", "day_ms", true);

  private final Map<Key, long[]> hours = new HashMap<>();

  private static String upsertSql(String table, String bucket, boolean tag) {
    List<String> keys = new ArrayList<>();
    keys.add(bucket);
    if (tag) {
      keys.add("tag");
    }
    keys.addAll(TUPLE);
    return Rollups.upsertSql(table, keys);
  }

  /** Adds one new billable event to its hour, under no tag and under each of its tags. */
  void add(UsageEvent e) {
    long hour = Math.floorDiv(e.time().toEpochMilli(), HOUR_MS) * HOUR_MS;
    long[] event = Rollups.sums(e);
    Attribution a = e.who();
    String[] tuple = {
      a.virtualKey(),
      a.user(),
      a.endUser(),
      a.team(),
      a.project(),
      a.service(),
      e.provider(),
      e.modelUsed()
    };
    Rollups.addTo(
        hours.computeIfAbsent(new Key(hour, null, List.of(tuple)), k -> new long[SUMS]), event);
    for (String tag : a.tags()) {
      Rollups.addTo(
          hours.computeIfAbsent(new Key(hour, tag, List.of(tuple)), k -> new long[SUMS]), event);
    }
  }

  /**
   * Adds the batched upserts to the four statements (prepared from the four UPSERT constants, in
   * their order) and clears.
   *
   * @return whether any row was added
   */
  boolean addBatches(
      PreparedStatement hourly,
      PreparedStatement daily,
      PreparedStatement tagsHourly,
      PreparedStatement tagsDaily)
      throws SQLException {
    Map<Key, long[]> days = new HashMap<>();
    for (Map.Entry<Key, long[]> row : hours.entrySet()) {
      Key hour = row.getKey();
      bind(hour.tag == null ? hourly : tagsHourly, hour, row.getValue());
      long day = Math.floorDiv(hour.bucket, DAY_MS) * DAY_MS;
      Rollups.addTo(
          days.computeIfAbsent(new Key(day, hour.tag, hour.tuple), k -> new long[SUMS]),
          row.getValue());
    }
    for (Map.Entry<Key, long[]> row : days.entrySet()) {
      bind(row.getKey().tag == null ? daily : tagsDaily, row.getKey(), row.getValue());
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

  private record Key(long bucket, String tag, List<String> tuple) {}
}

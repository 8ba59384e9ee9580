package dev.tollgate.reports;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * One usage report: billable events with {@code from <= time < to}, both whole UTC hours, summed
 * per {@code bucket} and per distinct value of each {@code groupBy} grouping, keeping only events
 * whose values equal {@code filters}.
 *
 * @param byCost rows by cost, highest first (top spenders), instead of by bucket and groups
 * @param limit the most rows to return
 * @param offset how many rows to skip (the page's position)
 */
public record ReportQuery(
    Instant from,
    Instant to,
    Bucket bucket,
    List<Grouping> groupBy,
    Map<Grouping, String> filters,
    boolean byCost,
    int limit,
    long offset) {

  private static final long HOUR_MS = 3_600_000L;

  public ReportQuery {
    Objects.requireNonNull(bucket, "bucket");
    groupBy = List.copyOf(groupBy);
    filters = Map.copyOf(filters);
    if (from.toEpochMilli() % HOUR_MS != 0 || to.toEpochMilli() % HOUR_MS != 0) {
      throw new IllegalArgumentException("from and to must be whole hours: " + from + ", " + to);
    }
    if (!from.isBefore(to)) {
      throw new IllegalArgumentException("from must be before to: " + from + ", " + to);
    }
  }

  /** Whether the query reads the tag rollups: it groups or filters by tag. */
  public boolean byTag() {
    return groupBy.contains(Grouping.TAG) || filters.containsKey(Grouping.TAG);
  }
}

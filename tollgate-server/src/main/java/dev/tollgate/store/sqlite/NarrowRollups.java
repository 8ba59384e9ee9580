package dev.tollgate.store.sqlite;

import dev.tollgate.ledger.Dimension;
import dev.tollgate.reports.Grouping;
import dev.tollgate.reports.ReportQuery;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Reports that involve at most one dimension besides the provider (model by day, team by month),
 * answered from the V2 per-dimension rollups: a few rows per bucket and value instead of one per
 * attribution tuple. Measured on 100,000 tuple-days, a month by model and day went from about 200
 * ms (tuple rollups) to a few ms (docs/BENCHMARKS.md).
 *
 * <p>The V2 rollups hold no row for an event without a value along the dimension ({@code
 * Dimension.valuesOf}); the tuple rollups group those under "". To give the same answer, the "" row
 * is computed exactly as the GLOBAL row minus the sum of the values, per bucket and provider. That
 * holds for single-valued dimensions only; tags are multi-valued and have no "" group in either
 * table, so they need no remainder.
 */
final class NarrowRollups {

  private NarrowRollups() {}

  /**
   * The UNION ALL sources over the V2 rollups with the same columns and binds as the tuple sources
   * ({@code t}, the grouping columns, the sums; per range: start, end, then the filters in sorted
   * order), or empty if the query needs the tuple rollups.
   */
  static Optional<String> sources(ReportQuery q, List<long[]> ranges) {
    if (!applies(q)) {
      return Optional.empty();
    }
    Grouping g = dimension(q);
    Dimension d = g == null ? Dimension.GLOBAL : Dimension.valueOf(g.name());
    boolean remainder = sourcesPerRange(q) == 3;
    List<String> sources = new ArrayList<>();
    for (long[] range : ranges) {
      String table = range[2] == 1 ? "rollup_daily" : "rollup_hourly";
      String bucket = range[2] == 1 ? "day_ms" : "hour_ms";
      sources.add(source(q, g, table, bucket, d, "value", "+"));
      if (remainder) {
        sources.add(source(q, g, table, bucket, Dimension.GLOBAL, "''", "+"));
        sources.add(source(q, g, table, bucket, d, "''", "-"));
      }
    }
    return Optional.of(String.join(" UNION ALL ", sources));
  }

  /** Whether the query involves at most one dimension besides the provider. */
  static boolean applies(ReportQuery q) {
    return used(q).size() <= 1 && !q.filters().containsValue("");
  }

  /** How many sources each range has: 3 with the "" remainder, else 1. */
  static int sourcesPerRange(ReportQuery q) {
    if (!applies(q)) {
      return 1;
    }
    Grouping g = dimension(q);
    return g != null && g != Grouping.TAG && !q.filters().containsKey(g) ? 3 : 1;
  }

  private static Grouping dimension(ReportQuery q) {
    Set<Grouping> used = used(q);
    return used.isEmpty() ? null : used.iterator().next();
  }

  private static Set<Grouping> used(ReportQuery q) {
    Set<Grouping> used = EnumSet.noneOf(Grouping.class);
    used.addAll(q.groupBy());
    used.addAll(q.filters().keySet());
    used.remove(Grouping.PROVIDER);
    return used;
  }

  private static String source(
      ReportQuery q,
      Grouping g,
      String table,
      String bucket,
      Dimension d,
      String value,
      String sign) {
    StringBuilder s = new StringBuilder("SELECT ").append(bucket).append(" AS t");
    if (g != null) {
      s.append(", ").append(value).append(" AS ").append(g.column());
    }
    s.append(", provider");
    s.append(", ").append(sign).append("cost_nanos AS cost_nanos");
    s.append(", ").append(sign).append("tokens AS tokens");
    s.append(", ").append(sign).append("requests AS requests");
    for (String kind : EventRows.KIND_COLUMNS) {
      s.append(", ").append(sign).append(kind).append(" AS ").append(kind);
    }
    s.append(" FROM ").append(table).append(" WHERE dimension = '").append(d.name()).append("'");
    s.append(" AND ").append(bucket).append(" >= ? AND ").append(bucket).append(" < ?");
    for (Grouping f : q.filters().keySet().stream().sorted().toList()) {
      s.append(" AND ").append(f == Grouping.PROVIDER ? "provider" : "value").append(" = ?");
    }
    return s.toString();
  }
}

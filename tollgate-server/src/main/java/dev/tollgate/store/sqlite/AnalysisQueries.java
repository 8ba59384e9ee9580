package dev.tollgate.store.sqlite;

import static dev.tollgate.store.sqlite.Rollups.DAY_MS;

import dev.tollgate.recommend.LedgerAnalysis.ModelKeyUsage;
import dev.tollgate.recommend.LedgerAnalysis.PrefixRepeats;
import dev.tollgate.usage.Usage;
import dev.tollgate.usage.UsageKind;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * The recommendations' sums ({@link dev.tollgate.recommend.LedgerAnalysis}) as SQL over the raw
 * events of V2/V9 and the V8 rollups. Each is one statement that SQLite aggregates as it scans: the
 * usage by model and key walks the time index over the range, the repeated prefixes walk the V9
 * partial index, which holds only fingerprinted events, in the order their window function needs.
 * SQLite's planner prefers the time index for the latter when the range looks narrow, and then
 * reads every event of the window: {@code INDEXED BY} keeps it on the partial one (measured over a
 * million events, 5% fingerprinted: 0.20 s instead of 1.7 s).
 */
final class AnalysisQueries {

  /** A billable event of the gateway whose cost is exact: what a re-pricing can start from. */
  private static final String ELIGIBLE =
      "(" + EventRows.BILLABLE_SQL + " AND e.cost_state = 'EXACT' AND e.origin = 'GATEWAY')";

  private static final String OUTPUT = "(e.output + e.reasoning + e.output_audio)";

  private static final String PROMPT =
      "(e.input + e.cache_read + e.cache_write_5m + e.cache_write_1h + e.input_audio)";

  private static final String BY_MODEL_AND_KEY = byModelAndKey();

  private static final String REPEATED_PREFIXES =
      "SELECT prompt_prefix, provider, model_used, count(*), "
          + " sum(CASE WHEN prev IS NOT NULL AND time_ms - prev <= ?3 THEN 1 ELSE 0 END),"
          + " min(prefix_tokens), count(DISTINCT \"key\"), sum(actual_nanos)"
          + " FROM (SELECT e.prompt_prefix, e.provider, e.model_used, e.time_ms, e.prefix_tokens,"
          + " e.\"key\", e.actual_nanos, e.cache_read + e.cache_write_5m + e.cache_write_1h AS cached,"
          + " lag(e.time_ms) OVER (PARTITION BY e.prompt_prefix, e.provider, e.model_used"
          + " ORDER BY e.time_ms) AS prev"
          + " FROM ledger_events e INDEXED BY ledger_events_prompt_prefix"
          + " WHERE e.prompt_prefix != '' AND e.time_ms >= ?1"
          + " AND e.time_ms < ?2 AND "
          + ELIGIBLE
          + ")"
          + " GROUP BY prompt_prefix, provider, model_used"
          + " HAVING count(*) >= ?4 AND sum(cached) = 0"
          + " ORDER BY count(*) * min(prefix_tokens) DESC, prompt_prefix, provider, model_used"
          + " LIMIT ?5";

  private static final String KEYS_WITH_USAGE =
      "SELECT DISTINCT \"key\" FROM rollup_usage_daily WHERE day_ms >= ? AND day_ms < ?";

  private AnalysisQueries() {}

  /**
   * One pass over the window's events. The inner query computes each event's eligibility once; its
   * {@code LIMIT -1} keeps SQLite from flattening it into the outer one, which would copy the long
   * eligibility expression into each of the 16 sums (measured: 8.2 s instead of 4.4 s over a
   * million events).
   */
  private static String byModelAndKey() {
    StringBuilder sql =
        new StringBuilder("SELECT provider, model_used, \"key\", count(*), sum(eligible),")
            .append(" sum(short), sum(short * actual_nanos), max(short * prompt),")
            .append(" max(short * output_all)");
    for (String kind : EventRows.KIND_COLUMNS) {
      sql.append(", sum(short * ").append(kind).append(")");
    }
    sql.append(" FROM (SELECT *, eligible AND output_all <= ?3 AS short FROM (SELECT e.provider,")
        .append(" e.model_used, e.\"key\", e.actual_nanos, e.")
        .append(String.join(", e.", EventRows.KIND_COLUMNS))
        .append(", ")
        .append(ELIGIBLE)
        .append(" AS eligible, ")
        .append(PROMPT)
        .append(" AS prompt, ")
        .append(OUTPUT)
        .append(" AS output_all FROM ledger_events e WHERE e.time_ms >= ?1 AND e.time_ms < ?2")
        .append(" LIMIT -1)) GROUP BY provider, model_used, \"key\"")
        .append(" ORDER BY provider, model_used, \"key\"");
    return sql.toString();
  }

  static List<ModelKeyUsage> usageByModelAndKey(
      Connection c, long fromMs, long toMs, long shortOutputTokens) throws SQLException {
    return rows(
        c,
        BY_MODEL_AND_KEY,
        r -> {
          Usage.Builder usage = Usage.builder();
          int i = 10;
          for (UsageKind kind : UsageKind.values()) {
            usage.set(kind, r.getLong(i++));
          }
          return new ModelKeyUsage(
              r.getString(1),
              r.getString(2),
              r.getString(3),
              r.getLong(4),
              r.getLong(5),
              r.getLong(6),
              usage.build(),
              r.getLong(7),
              r.getLong(8),
              r.getLong(9));
        },
        fromMs,
        toMs,
        shortOutputTokens);
  }

  static List<PrefixRepeats> repeatedPrefixes(
      Connection c, long fromMs, long toMs, int minRepeats, long warmMs, int limit)
      throws SQLException {
    return rows(
        c,
        REPEATED_PREFIXES,
        r ->
            new PrefixRepeats(
                r.getString(1),
                r.getString(2),
                r.getString(3),
                r.getLong(4),
                r.getLong(5),
                r.getLong(6),
                r.getLong(7),
                r.getLong(8)),
        fromMs,
        toMs,
        warmMs,
        minRepeats,
        limit);
  }

  /**
   * Keys with billable usage on the UTC days from the one holding {@code fromMs} to {@code toMs}.
   */
  static Set<String> keysWithUsage(Connection c, long fromMs, long toMs) throws SQLException {
    return new TreeSet<>(
        rows(
            c, KEYS_WITH_USAGE, r -> r.getString(1), Math.floorDiv(fromMs, DAY_MS) * DAY_MS, toMs));
  }

  /** Reads one row of a result. */
  @FunctionalInterface
  private interface Row<T> {
    T read(ResultSet r) throws SQLException;
  }

  /** Every row of {@code sql} with its parameters bound to {@code params}, in order. */
  private static <T> List<T> rows(Connection c, String sql, Row<T> row, long... params)
      throws SQLException {
    List<T> out = new ArrayList<>();
    try (PreparedStatement s = c.prepareStatement(sql)) {
      for (int i = 0; i < params.length; i++) {
        s.setLong(i + 1, params[i]);
      }
      try (ResultSet r = s.executeQuery()) {
        while (r.next()) {
          out.add(row.read(r));
        }
      }
    }
    return out;
  }
}

package dev.tollgate.bench.ledger;

import dev.tollgate.reports.Bucket;
import dev.tollgate.reports.ReportQuery;
import dev.tollgate.reports.ReportRow;
import dev.tollgate.store.Store;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.time.InstantSource;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Checks that a filled ledger's rollups sum to its raw events: requests, cost and tokens of the
 * billable events against the per-dimension and per-tuple rollups (hourly and daily), per model,
 * per tag, and through the report query path over the whole range. Prints one line per check.
 *
 * <p>Run on its own: {@code java -cp tollgate-bench/target/benchmarks.jar
 * dev.tollgate.bench.ledger.LedgerCheck --dir /tmp/ledger-10m --from 2026-11-01T00:00:00Z --to
 * 2026-12-07T00:00:00Z}
 */
public final class LedgerCheck {

  private static final String TOKENS =
      "input + cache_read + cache_write_5m + cache_write_1h + input_audio + output + reasoning"
          + " + output_audio";
  private static final String BILLABLE =
      "outcome NOT IN ('DENIED', 'CACHE_HIT') AND (outcome = 'SUCCESS' OR actual_nanos > 0 OR ("
          + TOKENS
          + ") > 0)";
  private static final String SUMS = "sum(requests), sum(cost_nanos), sum(tokens)";

  private LedgerCheck() {}

  public static void main(String[] args) throws Exception {
    Args a = new Args(args);
    Path dir = Path.of(a.get("dir", "/tmp/tollgate-ledger-10m"));
    Instant from = Instant.parse(a.get("from", "2026-11-01T00:00:00Z"));
    Instant to = Instant.parse(a.get("to", "2026-12-07T00:00:00Z"));
    a.done();
    System.exit(run(dir, from, to) ? 0 : 1);
  }

  /** Runs every check on the ledger in {@code dir}, whose events are in {@code [from, to)}. */
  static boolean run(Path dir, Instant from, Instant to) throws SQLException {
    long t0 = System.nanoTime();
    boolean ok = true;
    try (Connection c =
        DriverManager.getConnection("jdbc:sqlite:" + dir.resolve(Store.SQLITE_FILE))) {
      String raw =
          one(
              c,
              "SELECT count(*), sum(actual_nanos), sum("
                  + TOKENS
                  + ") FROM ledger_events WHERE "
                  + BILLABLE);
      System.out.println("raw billable events (requests, cost nanos, tokens): " + raw);
      for (String source :
          List.of(
              "rollup_daily WHERE dimension = 'GLOBAL'",
              "rollup_hourly WHERE dimension = 'GLOBAL'",
              "rollup_usage_daily",
              "rollup_usage_hourly")) {
        ok &= same(source, raw, one(c, "SELECT " + SUMS + " FROM " + source));
      }
      ok &= same("report over the whole range (UsageReports)", raw, report(dir, from, to));
      ok &=
          same(
              "per model: rollup_daily MODEL",
              grouped(
                  c,
                  "SELECT model_used, count(*), sum(actual_nanos), sum("
                      + TOKENS
                      + ") FROM ledger_events WHERE "
                      + BILLABLE
                      + " GROUP BY 1"),
              grouped(
                  c,
                  "SELECT value, "
                      + SUMS
                      + " FROM rollup_daily WHERE dimension = 'MODEL' GROUP BY 1"));
      Map<String, String> tags =
          grouped(
              c,
              "SELECT t.tag, count(*), sum(actual_nanos), sum("
                  + TOKENS
                  + ") FROM ledger_events e JOIN ledger_event_tags t ON t.event_id = e.id WHERE "
                  + BILLABLE
                  + " GROUP BY 1");
      ok &=
          same(
              "per tag: rollup_daily TAG",
              tags,
              grouped(
                  c,
                  "SELECT value, "
                      + SUMS
                      + " FROM rollup_daily WHERE dimension = 'TAG' GROUP BY 1"));
      ok &=
          same(
              "per tag: rollup_usage_tags_daily",
              tags,
              grouped(c, "SELECT tag, " + SUMS + " FROM rollup_usage_tags_daily GROUP BY 1"));
    }
    System.out.printf(
        "%s in %.0f s%n",
        ok ? "all checks passed" : "CHECKS FAILED", (System.nanoTime() - t0) / 1e9);
    return ok;
  }

  private static String report(Path dir, Instant from, Instant to) {
    try (Store store = Store.openSqlite(dir, InstantSource.system())) {
      List<ReportRow> rows =
          store
              .reports()
              .rows(new ReportQuery(from, to, Bucket.NONE, List.of(), Map.of(), false, 1, 0));
      ReportRow r = rows.getFirst();
      return r.requests() + ", " + r.costNanos() + ", " + r.tokens();
    }
  }

  private static boolean same(String what, Object expected, Object actual) {
    boolean same = expected.equals(actual);
    System.out.println((same ? "ok    " : "WRONG ") + what + (same ? "" : ": " + actual));
    return same;
  }

  private static String one(Connection c, String sql) throws SQLException {
    try (Statement s = c.createStatement();
        ResultSet r = s.executeQuery(sql)) {
      r.next();
      return r.getLong(1) + ", " + r.getLong(2) + ", " + r.getLong(3);
    }
  }

  private static Map<String, String> grouped(Connection c, String sql) throws SQLException {
    Map<String, String> out = new TreeMap<>();
    try (Statement s = c.createStatement();
        ResultSet r = s.executeQuery(sql)) {
      while (r.next()) {
        out.put(r.getString(1), r.getLong(2) + ", " + r.getLong(3) + ", " + r.getLong(4));
      }
    }
    return out;
  }
}

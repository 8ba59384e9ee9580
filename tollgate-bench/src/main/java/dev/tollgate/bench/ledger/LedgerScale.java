package dev.tollgate.bench.ledger;

import dev.tollgate.accounting.Accounting;
import dev.tollgate.config.ConfigLoader;
import dev.tollgate.config.TollgateConfig;
import dev.tollgate.reports.ReportRow;
import dev.tollgate.reports.RetentionPurge;
import dev.tollgate.store.Store;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.time.InstantSource;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Measures a ledger filled by {@link LedgerFill}, printing Markdown tables: its size on disk (files
 * and tables), the time of each {@link ReportShapes} report through {@code UsageReports} (warm:
 * median, 95th percentile and maximum of repeated runs), and the start-up steps in process: opening
 * and migrating the store, {@code Accounting.open} with about 2,500 budgets (their counters rebuilt
 * from the ledger), the rebuild again warm, and the retention purge at start. With {@code
 * --purge-days N} it instead times the daily purge of the ledger's first N days, which deletes: run
 * it on a copy.
 *
 * <p>Run: {@code java --enable-native-access=ALL-UNNAMED -cp tollgate-bench/target/benchmarks.jar
 * dev.tollgate.bench.ledger.LedgerScale --dir /tmp/ledger-10m [--month 2026-11] [--runs 20] [--now
 * 2026-12-06T17:00:00Z]}; {@code bench/ledger-scale.sh} runs it with the rest.
 */
public final class LedgerScale {

  private LedgerScale() {}

  public static void main(String[] args) throws Exception {
    Args a = new Args(args);
    Path dir = Path.of(a.get("dir", "/tmp/tollgate-ledger-10m"));
    YearMonth month = YearMonth.parse(a.get("month", "2026-11"));
    int runs = Integer.parseInt(a.get("runs", "20"));
    String now = a.get("now", "");
    int purgeDays = Integer.parseInt(a.get("purge-days", "0"));
    String only = a.get("only", "size,reports,startup");
    String configOut = a.get("config-out", "");
    int port = Integer.parseInt(a.get("port", "4000"));
    a.done();
    if (!configOut.isEmpty()) {
      BudgetsYaml.write(Path.of(configOut), dir, port, LedgerFill.people(42, LedgerFill.pricer()));
      return;
    }
    Instant[] range = range(dir);
    InstantSource clock =
        now.isEmpty() ? InstantSource.system() : InstantSource.fixed(Instant.parse(now));
    System.out.printf(
        "ledger %s: events from %s to %s; clock %s; load average %s%n%n",
        dir,
        range[0],
        range[1],
        clock.instant(),
        Files.readString(Path.of("/proc/loadavg")).strip());
    if (purgeDays > 0) {
      purge(dir, range[0], purgeDays, clock);
      return;
    }
    if (only.contains("size")) {
      DiskSize.print(dir);
    }
    if (only.contains("reports")) {
      reports(dir, month, range, runs, clock);
    }
    if (only.contains("startup")) {
      startup(dir, clock);
    }
  }

  /** The first event's time and the hour after the last one. */
  private static Instant[] range(Path dir) throws SQLException {
    try (Connection c =
            DriverManager.getConnection("jdbc:sqlite:" + dir.resolve(Store.SQLITE_FILE));
        Statement s = c.createStatement();
        ResultSet r = s.executeQuery("SELECT min(time_ms), max(time_ms) FROM ledger_events")) {
      r.next();
      long hour = 3_600_000L;
      return new Instant[] {
        Instant.ofEpochMilli(r.getLong(1) / hour * hour),
        Instant.ofEpochMilli((r.getLong(2) / hour + 1) * hour)
      };
    }
  }

  private static void reports(
      Path dir, YearMonth month, Instant[] range, int runs, InstantSource clock) {
    Instant start = month.atDay(1).atStartOfDay().toInstant(ZoneOffset.UTC);
    Instant end = month.plusMonths(1).atDay(1).atStartOfDay().toInstant(ZoneOffset.UTC);
    System.out.printf("### Reports (UsageReports.rows, 3 warm-ups then %d runs)%n%n", runs);
    try (Store store = Store.openSqlite(dir, clock)) {
      // What the gateway's daily maintenance does first: the finished days are folded into the
      // rollups without the end user (all of them at the first run after the V12 migration).
      long t0 = System.nanoTime();
      store.reports().fold(clock.instant());
      System.out.printf(
          "Folding the finished days (UsageReports.fold) first: %s%n%n",
          Timings.format((System.nanoTime() - t0) / 1e6));
      System.out.println("| report | rollups read | rows | median | p95 | max |");
      System.out.println("|---|---|---|---|---|---|");
      for (ReportShapes.Shape shape :
          ReportShapes.all(start, end, range[0], range[1], "team-001", "key-0000")) {
        List<ReportRow>[] rows = new List[1];
        Timings t = Timings.of(3, runs, () -> rows[0] = store.reports().rows(shape.query()));
        System.out.printf(
            "| %s | %s | %,d | %s |%n", shape.name(), shape.source(), rows[0].size(), t.cells());
      }
    }
    System.out.println();
  }

  private static void startup(Path dir, InstantSource clock) throws Exception {
    Path yaml = Files.createTempFile("tollgate-ledger-scale", ".yaml");
    BudgetsYaml.write(yaml, dir, 4000, LedgerFill.people(42, LedgerFill.pricer()));
    TollgateConfig config = ConfigLoader.load(Optional.of(yaml), Map.of(), Path.of("."));
    System.out.println("### Start-up steps in process (budgets from " + yaml + ")");
    System.out.println();
    long t0 = System.nanoTime();
    try (Store store = Store.openSqlite(dir, clock)) {
      store.ledger().size();
      long open = System.nanoTime() - t0;
      t0 = System.nanoTime();
      try (Accounting accounting = Accounting.open(config, store, clock, false)) {
        long opened = System.nanoTime() - t0;
        int budgets = accounting.engine().specs().size();
        Timings again = Timings.of(1, 5, () -> accounting.budgetLedger().rebuild());
        t0 = System.nanoTime();
        new RetentionPurge(store.reports(), config.storage().retention(), clock).run();
        long purge = System.nanoTime() - t0;
        System.out.println("| step | time |");
        System.out.println("|---|---|");
        System.out.printf(
            "| open the store, migrate, open the ledger | %s |%n", Timings.format(open / 1e6));
        System.out.printf(
            "| Accounting.open: %,d budgets validated, counters rebuilt (first, cold) | %s |%n",
            budgets, Timings.format(opened / 1e6));
        System.out.printf(
            "| the rebuild again, warm (median of 5) | %s |%n", Timings.format(again.medianMs()));
        System.out.printf(
            "| retention purge at start (default retention: nothing to delete) | %s |%n%n",
            Timings.format(purge / 1e6));
      }
    }
  }

  private static void purge(Path dir, Instant from, int days, InstantSource clock)
      throws InterruptedException {
    Instant cut = from.plus(java.time.Duration.ofDays(days));
    try (Store store = Store.openSqlite(dir, clock)) {
      PurgeProbe probe = new PurgeProbe(store.ledger(), clock.instant());
      long t0 = System.nanoTime();
      long deleted;
      try (probe) {
        deleted = store.reports().purge(cut, cut);
      }
      long first = System.nanoTime() - t0;
      t0 = System.nanoTime();
      store.reports().purge(cut, cut);
      long again = System.nanoTime() - t0;
      System.out.println("| purge | events deleted | time | longest append meanwhile |");
      System.out.println("|---|---|---|---|");
      System.out.printf(
          "| events and hourly rollups before %s (%d days) | %,d | %s | %s (%,d appends) |%n",
          cut,
          days,
          deleted,
          Timings.format(first / 1e6),
          Timings.format(probe.longestMs()),
          probe.appends());
      System.out.printf(
          "| the same cut again (nothing left to delete) | 0 | %s | |%n",
          Timings.format(again / 1e6));
    }
  }
}

package dev.tollgate.bench;

import dev.tollgate.ledger.Attribution;
import dev.tollgate.ledger.LedgerEntry;
import dev.tollgate.ledger.UsageEvent;
import dev.tollgate.money.Money;
import dev.tollgate.reports.Bucket;
import dev.tollgate.reports.Grouping;
import dev.tollgate.reports.ReportQuery;
import dev.tollgate.reports.ReportRow;
import dev.tollgate.store.Store;
import dev.tollgate.usage.Usage;
import dev.tollgate.usage.UsageKind;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * A monthly report by model and day over a ledger of N events (default 10 million) spread evenly
 * over November 2026, filled by direct batch appends of 10,000 events through the SQLite store (the
 * same transaction code the gateway uses: events, tags, per-dimension and per-tuple rollups). The
 * attribution is drawn from 4,096 templates: 50 keys, 20 users, 1,000 end users (half none), 5
 * teams, 4 models, 0–2 of 4 tags.
 *
 * <p>Run: {@code ./mvnw -B -q -o -pl tollgate-bench -am package -DskipTests && java
 * --enable-native-access=ALL-UNNAMED -cp tollgate-bench/target/benchmarks.jar
 * dev.tollgate.bench.ReportBenchmark 10000000 /tmp/report-bench}
 */
public final class ReportBenchmark {

  private static final List<String> MODELS =
      List.of("gpt-4o", "gpt-4o-mini", "claude-sonnet-4-5", "gemini-2.5-flash");
  private static final List<String> TAGS = List.of("prod", "eu", "beta", "experiment");
  private static final Instant START = Instant.parse("2026-11-01T00:00:00Z");
  private static final Instant END = Instant.parse("2026-12-01T00:00:00Z");
  private static final int BATCH = 10_000;

  private ReportBenchmark() {}

  public static void main(String[] args) throws Exception {
    long n = args.length > 0 ? Long.parseLong(args[0]) : 10_000_000L;
    Path dir = args.length > 1 ? Path.of(args[1]) : Files.createTempDirectory("tollgate-report");
    try (Store store = Store.openSqlite(dir, InstantSource.system())) {
      long filled = store.ledger().size();
      if (filled < n) {
        fill(store, filled, n);
      }
      System.out.printf(
          "ledger: %,d events, %s: %,d bytes%n",
          store.ledger().size(),
          dir.resolve(Store.SQLITE_FILE),
          Files.size(dir.resolve(Store.SQLITE_FILE)));
      ReportQuery month =
          new ReportQuery(
              START, END, Bucket.DAY, List.of(Grouping.MODEL), Map.of(), false, 1_000, 0);
      long[] millis = new long[25];
      List<ReportRow> rows = List.of();
      for (int i = -5; i < millis.length; i++) {
        long t0 = System.nanoTime();
        rows = store.reports().rows(month);
        if (i >= 0) {
          millis[i] = (System.nanoTime() - t0) / 1_000_000;
        }
      }
      Arrays.sort(millis);
      long requests = rows.stream().mapToLong(ReportRow::requests).sum();
      System.out.printf(
          "monthly report by model and day: %d rows, %,d requests; median %d ms, max %d ms%n",
          rows.size(), requests, millis[millis.length / 2], millis[millis.length - 1]);
    }
  }

  private static void fill(Store store, long from, long n) {
    UsageEvent[] templates = templates();
    long span = END.toEpochMilli() - START.toEpochMilli();
    long t0 = System.nanoTime();
    List<LedgerEntry> batch = new ArrayList<>(BATCH);
    for (long i = from; i < n; i++) {
      UsageEvent t = templates[(int) (i & (templates.length - 1))];
      // i * span fits a long for n up to 3 billion (span is 2.6e9 ms).
      Instant time = Instant.ofEpochMilli(START.toEpochMilli() + i * span / n);
      batch.add(
          new UsageEvent(
              "req-" + i,
              time,
              t.who(),
              t.provider(),
              t.modelRequested(),
              t.modelUsed(),
              t.usage(),
              t.estimatedCost(),
              t.actualCost(),
              t.costState(),
              t.latencyMillis(),
              t.outcome(),
              "",
              "",
              t.origin()));
      if (batch.size() == BATCH || i == n - 1) {
        store.ledger().append(batch);
        batch.clear();
        if ((i + 1) % 1_000_000 == 0) {
          double s = (System.nanoTime() - t0) / 1e9;
          System.out.printf("filled %,d events, %.0f events/s%n", i + 1, (i + 1 - from) / s);
        }
      }
    }
  }

  private static UsageEvent[] templates() {
    Random random = new Random(42);
    UsageEvent[] templates = new UsageEvent[4_096];
    for (int i = 0; i < templates.length; i++) {
      String model = MODELS.get(random.nextInt(MODELS.size()));
      List<String> tags =
          random.nextBoolean()
              ? List.of()
              : List.of(TAGS.get(random.nextInt(4)), TAGS.get(random.nextInt(4)));
      Usage usage =
          Usage.builder()
              .set(UsageKind.INPUT, random.nextInt(4_000))
              .set(UsageKind.CACHE_READ, random.nextInt(2_000))
              .set(UsageKind.OUTPUT, random.nextInt(1_000))
              .build();
      Money cost = Money.ofNanos(1_000L + random.nextInt(5_000_000));
      templates[i] =
          new UsageEvent(
              "template",
              Instant.EPOCH,
              new Attribution(
                  "key-" + random.nextInt(50),
                  "user-" + random.nextInt(20),
                  random.nextBoolean() ? "" : "end-user-" + random.nextInt(1_000),
                  "team-" + random.nextInt(5),
                  "project-" + random.nextInt(10),
                  "service-" + random.nextInt(8),
                  tags),
              model.startsWith("claude") ? "anthropic" : "openai",
              model,
              model,
              usage,
              cost,
              cost,
              UsageEvent.CostState.EXACT,
              400,
              UsageEvent.Outcome.SUCCESS,
              "",
              "",
              UsageEvent.Origin.GATEWAY);
    }
    return templates;
  }
}

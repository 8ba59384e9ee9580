package dev.tollgate.store.sqlite;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tollgate.ledger.UsageEvent;
import dev.tollgate.reports.Bucket;
import dev.tollgate.reports.Grouping;
import dev.tollgate.reports.ReportQuery;
import dev.tollgate.reports.ReportRow;
import dev.tollgate.store.Store;
import dev.tollgate.usage.UsageKind;
import java.nio.file.Path;
import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.temporal.ChronoUnit;
import java.time.temporal.TemporalAdjusters;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Reports against sums computed from the raw events, for random mixes of groupings, buckets,
 * filters and ranges: every rollup a report may read (per dimension, per tuple with and without the
 * end user, hourly at the range's edges, daily inside) must give the events' own sums.
 */
class ReportQueriesTest {

  private static final Instant START = Instant.parse("2026-10-28T19:00:00Z");
  private static final long SPAN_MS = Duration.ofDays(9).toMillis();
  private static final long HOUR_MS = 3_600_000L;

  @TempDir Path dir;
  private Store store;
  private final List<UsageEvent> events = new ArrayList<>();

  @BeforeEach
  void fill() {
    store = Store.openSqlite(dir, InstantSource.system());
    Random random = new Random(20261206);
    append(random, 2_500);
    // Days before the sixth are folded into the rollups without the end user; then events arrive
    // late for folded days too, and for days not folded.
    store.reports().fold(START.plus(Duration.ofDays(5)));
    append(random, 500);
  }

  private void append(Random random, int n) {
    List<UsageEvent> batch = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      String id = "e" + events.size();
      UsageEvent e =
          LedgerFixtures.randomEvent(random, id, START.plusMillis(random.nextLong(SPAN_MS)));
      events.add(e);
      batch.add(e);
      if (batch.size() == 250 || i == n - 1) {
        store.ledger().append(List.copyOf(batch));
        batch.clear();
      }
    }
  }

  @AfterEach
  void close() {
    store.close();
  }

  @Test
  void everyReportEqualsTheSumsOfTheRawEventsForRandomQueries() {
    Random random = new Random(7);
    Grouping[] groupings = Grouping.values();
    for (int round = 0; round < 400; round++) {
      List<Grouping> groupBy = new ArrayList<>();
      for (int n = random.nextInt(4); groupBy.size() < n; ) {
        Grouping g = groupings[random.nextInt(groupings.length)];
        if (!groupBy.contains(g)) {
          groupBy.add(g);
        }
      }
      Map<Grouping, String> filters = new EnumMap<>(Grouping.class);
      if (random.nextInt(3) == 0) {
        Grouping g = groupings[random.nextInt(groupings.length)];
        filters.put(g, value(events.get(random.nextInt(events.size())), g, random));
      }
      Bucket bucket = Bucket.values()[random.nextInt(Bucket.values().length)];
      long a = hour(random);
      long b = hour(random);
      if (a == b) {
        continue;
      }
      ReportQuery q =
          new ReportQuery(
              Instant.ofEpochMilli(Math.min(a, b)),
              Instant.ofEpochMilli(Math.max(a, b)),
              bucket,
              groupBy,
              filters,
              false,
              100_000,
              0);

      assertThat(actual(q, store.reports().rows(q))).as("%s", q).isEqualTo(expected(q));
    }
  }

  /** A whole hour around the events, sometimes a midnight, sometimes outside them. */
  private static long hour(Random random) {
    long t = START.toEpochMilli() - 2 * HOUR_MS + random.nextLong(SPAN_MS + 4 * HOUR_MS);
    long unit = random.nextInt(4) == 0 ? 86_400_000L : HOUR_MS;
    return Math.floorDiv(t, unit) * unit;
  }

  private static String value(UsageEvent e, Grouping g, Random random) {
    return switch (g) {
      case KEY -> e.who().virtualKey();
      case USER -> e.who().user();
      case END_USER -> e.who().endUser();
      case TEAM -> e.who().team();
      case PROJECT -> e.who().project();
      case SERVICE -> e.who().service();
      case PROVIDER -> e.provider();
      case MODEL -> e.modelUsed();
      case TAG -> LedgerFixtures.pick(random, LedgerFixtures.TAGS);
    };
  }

  private Map<String, List<Long>> expected(ReportQuery q) {
    Map<String, List<Long>> out = new HashMap<>();
    for (UsageEvent e : events) {
      boolean inRange = !e.time().isBefore(q.from()) && e.time().isBefore(q.to());
      if (!e.billable() || !inRange || !matches(e, q.filters())) {
        continue;
      }
      // Grouped by tag, an event counts once under each of its tags (only the one filtered on).
      List<String> tags =
          !q.groupBy().contains(Grouping.TAG)
              ? List.of("")
              : q.filters().containsKey(Grouping.TAG)
                  ? List.of(q.filters().get(Grouping.TAG))
                  : e.who().tags();
      for (String tag : tags) {
        StringBuilder key = new StringBuilder(String.valueOf(bucketStart(q.bucket(), e.time())));
        for (Grouping g : q.groupBy()) {
          key.append('|').append(g == Grouping.TAG ? tag : value(e, g, null));
        }
        out.merge(key.toString(), sums(e), ReportQueriesTest::plus);
      }
    }
    return out;
  }

  private static boolean matches(UsageEvent e, Map<Grouping, String> filters) {
    for (Map.Entry<Grouping, String> f : filters.entrySet()) {
      boolean ok =
          f.getKey() == Grouping.TAG
              ? e.who().tags().contains(f.getValue())
              : value(e, f.getKey(), null).equals(f.getValue());
      if (!ok) {
        return false;
      }
    }
    return true;
  }

  private static Instant bucketStart(Bucket bucket, Instant t) {
    ZonedDateTime day = t.atZone(ZoneOffset.UTC).truncatedTo(ChronoUnit.DAYS);
    return switch (bucket) {
      case NONE -> null;
      case HOUR -> t.truncatedTo(ChronoUnit.HOURS);
      case DAY -> day.toInstant();
      case WEEK -> day.with(TemporalAdjusters.previousOrSame(DayOfWeek.MONDAY)).toInstant();
      case MONTH -> day.withDayOfMonth(1).toInstant();
    };
  }

  private static List<Long> sums(UsageEvent e) {
    List<Long> sums = new ArrayList<>();
    sums.add(e.actualCost().nanos());
    sums.add(e.totalTokens());
    sums.add(1L);
    for (UsageKind k : UsageKind.values()) {
      sums.add(e.usage().count(k));
    }
    return sums;
  }

  private static List<Long> plus(List<Long> a, List<Long> b) {
    List<Long> sum = new ArrayList<>();
    for (int i = 0; i < a.size(); i++) {
      sum.add(a.get(i) + b.get(i));
    }
    return sum;
  }

  private static Map<String, List<Long>> actual(ReportQuery q, List<ReportRow> rows) {
    Map<String, List<Long>> out = new HashMap<>();
    for (ReportRow r : rows) {
      StringBuilder key = new StringBuilder(String.valueOf(r.bucketStart()));
      q.groupBy().forEach(g -> key.append('|').append(r.groups().get(g)));
      List<Long> sums = new ArrayList<>(List.of(r.costNanos(), r.tokens(), r.requests()));
      for (UsageKind k : UsageKind.values()) {
        sums.add(r.kinds().get(k));
      }
      assertThat(out.put(key.toString(), sums)).as("row %s twice", key).isNull();
    }
    return out;
  }
}

package dev.tollgate.store.sqlite;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tollgate.ledger.Adjustment;
import dev.tollgate.ledger.Attribution;
import dev.tollgate.ledger.Dimension;
import dev.tollgate.ledger.LedgerEntry;
import dev.tollgate.ledger.LedgerStore;
import dev.tollgate.ledger.Totals;
import dev.tollgate.ledger.UsageEvent;
import dev.tollgate.money.Money;
import dev.tollgate.store.Store;
import dev.tollgate.store.StoreException;
import dev.tollgate.usage.Usage;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SqliteLedgerStoreTest {

  private static final Instant T0 = Instant.parse("2026-03-01T10:15:30.123Z");

  @TempDir Path dir;
  private Store store;
  private LedgerStore ledger;

  @BeforeEach
  void open() {
    store = Store.openSqlite(dir, InstantSource.system());
    ledger = store.ledger();
  }

  @AfterEach
  void close() {
    store.close();
  }

  private static UsageEvent fullEvent(String id) {
    Usage usage =
        new Usage(1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, "{\"input_tokens\":1,\"note\":\"é ✓\"}");
    return new UsageEvent(
        id,
        T0,
        new Attribution("key-7", "ann", "end-42", "payments", "checkout", "api", List.of("b", "a")),
        "anthropic",
        "sonnet",
        "claude-sonnet-4-5",
        usage,
        Money.ofNanos(9_000_000_001L),
        Money.ofNanos(1_234_567_891L),
        UsageEvent.CostState.ESTIMATED,
        1_503,
        UsageEvent.Outcome.CANCELLED,
        "claude-opus-4-1",
        "budget cap",
        UsageEvent.Origin.EXTERNAL);
  }

  private static Adjustment adjustment(String id, Instant time, long delta) {
    return new Adjustment(
        id,
        time,
        "team-payments-monthly",
        Instant.parse("2026-03-01T00:00:00Z"),
        Adjustment.Kind.SET_REMAINING,
        delta,
        "admin@example.com",
        "match the provider console");
  }

  @Test
  void anEventWithEveryFieldComesBackEqual() {
    UsageEvent event = fullEvent("req-1");

    assertThat(ledger.append(List.of(event))).containsExactly(event);

    assertThat(ledger.event("req-1")).contains(event);
    assertThat(ledger.event("req-1").orElseThrow().who().tags()).containsExactly("a", "b");
    assertThat(ledger.event("nope")).isEmpty();
  }

  @Test
  void anEventSurvivesClosingAndReopeningTheStore() {
    ledger.append(List.of(fullEvent("req-1")));
    store.close();

    store = Store.openSqlite(dir, InstantSource.system());
    ledger = store.ledger();
    assertThat(ledger.event("req-1")).contains(fullEvent("req-1"));
    assertThat(ledger.size()).isEqualTo(1);
  }

  @Test
  void eventTimesAreKeptToTheMillisecond() {
    UsageEvent event = LedgerFixtures.randomEvent(new Random(1), "e", T0.plusNanos(999_999));
    ledger.append(List.of(event));

    assertThat(ledger.event("e").orElseThrow().time()).isEqualTo(T0);
  }

  @Test
  void appendingAnIdAgainStoresItOnceAndReportsItAsNotNew() {
    UsageEvent event = fullEvent("req-1");
    Adjustment adjustment = adjustment("adj-1", T0, -5);
    assertThat(ledger.append(List.of(event, adjustment))).containsExactly(event, adjustment);
    Totals before = ledger.totals(Dimension.GLOBAL, "", T0, T0.plusSeconds(1));

    UsageEvent other = fullEvent("req-2");
    List<LedgerEntry> added = ledger.append(List.of(event, other, other, adjustment));

    assertThat(added).containsExactly(other);
    assertThat(ledger.size()).isEqualTo(3);
    assertThat(ledger.adjustments("team-payments-monthly", adjustment.periodStart()))
        .containsExactly(adjustment);
    Totals after = ledger.totals(Dimension.GLOBAL, "", T0, T0.plusSeconds(1));
    assertThat(after).isEqualTo(before.plus(Totals.of(other)));
    assertThat(ledger.totals(Dimension.TAG, "a", T0, T0.plusSeconds(1)).requests()).isEqualTo(2);
  }

  @Test
  void adjustmentsAreListedPerBudgetPeriodOldestFirst() {
    Adjustment late = adjustment("adj-late", T0.plusSeconds(60), 100);
    Adjustment early = adjustment("adj-early", T0, -250);
    Adjustment otherPeriod =
        new Adjustment(
            "adj-april",
            T0,
            "team-payments-monthly",
            Instant.parse("2026-04-01T00:00:00Z"),
            Adjustment.Kind.RESET_PERIOD,
            -7,
            "",
            "");
    ledger.append(List.of(late, early, otherPeriod));

    assertThat(ledger.adjustments("team-payments-monthly", early.periodStart()))
        .containsExactly(early, late);
    assertThat(ledger.adjustments("team-payments-monthly", otherPeriod.periodStart()))
        .containsExactly(otherPeriod);
    assertThat(ledger.adjustments("another-budget", early.periodStart())).isEmpty();
    assertThat(ledger.size()).isEqualTo(3);
  }

  @Test
  void aBatchThatFailsMidwayLeavesNothingApplied() throws SQLException {
    ledger.append(List.of(fullEvent("before")));
    Totals globalBefore =
        ledger.totals(Dimension.GLOBAL, "", Instant.EPOCH, T0.plusSeconds(86_400));
    // The events of the batch are inserted before their tags: fail on a tag of its last event.
    execute(
        "CREATE TRIGGER poison BEFORE INSERT ON ledger_event_tags WHEN NEW.tag = 'poison'"
            + " BEGIN SELECT RAISE(ABORT, 'poisoned tag'); END");
    Random random = new Random(7);
    List<LedgerEntry> batch = new ArrayList<>();
    for (int i = 0; i < 100; i++) {
      batch.add(LedgerFixtures.randomEvent(random, "b" + i, T0.plusSeconds(i)));
    }
    batch.add(adjustment("adj-1", T0, 1));
    UsageEvent good = fullEvent("poisoned");
    batch.add(
        new UsageEvent(
            good.id(),
            good.time(),
            new Attribution("k", "", "", "", "", "", List.of("poison")),
            good.provider(),
            good.modelRequested(),
            good.modelUsed(),
            good.usage(),
            good.estimatedCost(),
            good.actualCost(),
            good.costState(),
            good.latencyMillis(),
            good.outcome(),
            good.fallbackFrom(),
            good.fallbackReason(),
            good.origin()));

    assertThatThrownBy(() -> ledger.append(batch))
        .isInstanceOf(StoreException.class)
        .hasMessageContaining("cannot append 102 ledger entries")
        .hasMessageContaining("poisoned tag");

    assertThat(ledger.size()).isEqualTo(1);
    assertThat(ledger.event("b0")).isEmpty();
    assertThat(ledger.adjustments("team-payments-monthly", Instant.parse("2026-03-01T00:00:00Z")))
        .isEmpty();
    assertThat(ledger.totals(Dimension.GLOBAL, "", Instant.EPOCH, T0.plusSeconds(86_400)))
        .isEqualTo(globalBefore);
    assertThat(count("SELECT count(*) FROM ledger_event_tags")).isEqualTo(2);
    assertThat(count("SELECT sum(requests) FROM rollup_hourly WHERE dimension = 'GLOBAL'"))
        .isEqualTo(1);

    // The connection is usable again, and the same batch without the poison goes in whole.
    execute("DROP TRIGGER poison");
    assertThat(ledger.append(batch.subList(0, 101))).hasSize(101);
    assertThat(ledger.size()).isEqualTo(102);
  }

  @Test
  void rollupsEqualTheRawSumsForRandomRanges() {
    Random random = new Random(20260301);
    Instant start = Instant.parse("2026-02-27T21:00:00Z");
    long spanMs = Duration.ofDays(4).toMillis();
    List<UsageEvent> events = new ArrayList<>();
    for (int i = 0; i < 4_000; i++) {
      Instant time = start.plusMillis(random.nextLong(spanMs));
      if (i % 50 == 0) {
        // Exactly on an hour or a day boundary, where off-by-one errors live.
        time = Instant.ofEpochMilli(Math.floorDiv(time.toEpochMilli(), 3_600_000L) * 3_600_000L);
      }
      events.add(LedgerFixtures.randomEvent(random, "e" + i, time));
    }
    for (int i = 0; i < events.size(); ) {
      int n = 1 + random.nextInt(700);
      ledger.append(List.copyOf(events.subList(i, Math.min(i + n, events.size()))));
      i += n;
    }

    for (int round = 0; round < 400; round++) {
      Instant from = randomBound(random, start, spanMs);
      Instant to = randomBound(random, start, spanMs);
      Dimension dimension = LedgerFixtures.pick(random, List.of(Dimension.values()));
      String value = randomValue(random, dimension);

      Totals expected = bruteForce(events, dimension, value, from, to);
      assertThat(ledger.totals(dimension, value, from, to))
          .as("%s=%s over [%s, %s)", dimension, value, from, to)
          .isEqualTo(expected);
      java.util.Map<String, Totals> byProvider = new java.util.TreeMap<>();
      for (String provider : events.stream().map(UsageEvent::provider).distinct().toList()) {
        List<UsageEvent> ofProvider =
            events.stream().filter(e -> e.provider().equals(provider)).toList();
        Totals t = bruteForce(ofProvider, dimension, value, from, to);
        if (t.requests() > 0) {
          byProvider.put(provider, t);
        }
      }
      assertThat(ledger.totalsByProvider(dimension, value, from, to))
          .as("%s=%s by provider over [%s, %s)", dimension, value, from, to)
          .isEqualTo(byProvider);
    }
    Instant all = start.plusMillis(spanMs);
    for (Dimension d : Dimension.values()) {
      for (String value : d == Dimension.GLOBAL ? List.of("") : valuesOf(d)) {
        assertThat(ledger.totals(d, value, Instant.MIN, Instant.MAX))
            .as("%s=%s over all time", d, value)
            .isEqualTo(bruteForce(events, d, value, start, all));
      }
    }
  }

  @Test
  void aPurgeLongerThanOneStepDeletesEveryOldEventAndHourButNoDailyRollup() throws SQLException {
    Random random = new Random(99);
    Instant start = Instant.parse("2026-03-01T00:00:00Z");
    List<UsageEvent> events = new ArrayList<>();
    for (int i = 0; i < 3 * Purge.EVENTS_PER_STEP + 500; i++) {
      Instant time = start.plusMillis(random.nextLong(Duration.ofDays(3).toMillis()));
      events.add(LedgerFixtures.randomEvent(random, "e" + i, time));
    }
    for (int i = 0; i < events.size(); i += 900) {
      ledger.append(List.copyOf(events.subList(i, Math.min(i + 900, events.size()))));
    }
    Instant cut = start.plus(Duration.ofDays(2));
    long old = events.stream().filter(e -> e.time().isBefore(cut)).count();
    long daily = count("SELECT sum(requests) FROM rollup_daily WHERE dimension = 'GLOBAL'");
    assertThat(old).isGreaterThan(2 * Purge.EVENTS_PER_STEP);

    assertThat(store.reports().purge(cut, cut)).isEqualTo(old);

    long cutMs = cut.toEpochMilli();
    assertThat(count("SELECT count(*) FROM ledger_events")).isEqualTo(events.size() - old);
    assertThat(count("SELECT count(*) FROM ledger_events WHERE time_ms < " + cutMs)).isZero();
    assertThat(
            count(
                "SELECT count(*) FROM ledger_event_tags WHERE event_id NOT IN"
                    + " (SELECT id FROM ledger_events)"))
        .isZero();
    for (String table : Purge.HOURLY) {
      assertThat(count("SELECT count(*) FROM " + table + " WHERE hour_ms < " + cutMs))
          .as(table)
          .isZero();
      assertThat(count("SELECT count(*) FROM " + table + " WHERE hour_ms >= " + cutMs))
          .as(table)
          .isPositive();
    }
    assertThat(ledger.totals(Dimension.GLOBAL, "", cut, Instant.MAX))
        .isEqualTo(bruteForce(events, Dimension.GLOBAL, "", cut, Instant.MAX));
    assertThat(count("SELECT sum(requests) FROM rollup_daily WHERE dimension = 'GLOBAL'"))
        .isEqualTo(daily);
  }

  @Test
  void aValueThatNoEventCanHaveSumsToZero() {
    ledger.append(List.of(fullEvent("e")));

    assertThat(ledger.totals(Dimension.TEAM, "", Instant.MIN, Instant.MAX)).isEqualTo(Totals.ZERO);
    assertThat(ledger.totals(Dimension.GLOBAL, "x", Instant.MIN, Instant.MAX))
        .isEqualTo(Totals.ZERO);
    assertThat(ledger.totals(Dimension.GLOBAL, "", T0.plusSeconds(1), T0)).isEqualTo(Totals.ZERO);
  }

  @Test
  void aClosedLedgerRefusesAppendsAndQueries() {
    store.close();

    assertThatThrownBy(() -> ledger.append(List.of(fullEvent("x"))))
        .isInstanceOf(StoreException.class)
        .hasMessageEndingWith("is closed");
    assertThatThrownBy(() -> ledger.size()).hasMessageEndingWith("is closed");
    assertThatThrownBy(() -> ledger.totals(Dimension.GLOBAL, "", T0, T0.plusSeconds(1)))
        .hasMessageEndingWith("is closed");
  }

  @Test
  void theLedgerConnectionFsyncsEveryCommit() throws SQLException {
    // synchronous=FULL (2) is per connection; read it on the ledger's own writer.
    SqliteLedgerStore sqlite = (SqliteLedgerStore) ledger;
    assertThat(sqlite.pragma("synchronous")).isEqualTo("2");
    assertThat(sqlite.pragma("journal_mode")).isEqualTo("wal");
  }

  private static Instant randomBound(Random random, Instant start, long spanMs) {
    // Some before and after all events; some on whole hours and days; some with nanoseconds.
    long ms = random.nextLong(-7_200_000L, spanMs + 7_200_000L);
    Instant t = start.plusMillis(ms);
    return switch (random.nextInt(4)) {
      case 0 -> Instant.ofEpochMilli(Math.floorDiv(t.toEpochMilli(), 3_600_000L) * 3_600_000L);
      case 1 -> Instant.ofEpochMilli(Math.floorDiv(t.toEpochMilli(), 86_400_000L) * 86_400_000L);
      case 2 -> t.plusNanos(random.nextInt(1_000_000));
      default -> t;
    };
  }

  private static String randomValue(Random random, Dimension d) {
    if (d == Dimension.GLOBAL) {
      return "";
    }
    return LedgerFixtures.pick(random, valuesOf(d));
  }

  private static List<String> valuesOf(Dimension d) {
    List<String> values =
        switch (d) {
          case GLOBAL -> List.of("");
          case TEAM -> LedgerFixtures.TEAMS;
          case PROJECT -> LedgerFixtures.PROJECTS;
          case USER -> LedgerFixtures.USERS;
          case END_USER -> LedgerFixtures.END_USERS;
          case KEY -> LedgerFixtures.KEYS;
          case SERVICE -> LedgerFixtures.SERVICES;
          case TAG -> LedgerFixtures.TAGS;
          case PROVIDER -> LedgerFixtures.PROVIDERS;
          case MODEL -> LedgerFixtures.MODELS;
        };
    return values.stream().filter(v -> !v.isEmpty()).toList();
  }

  static Totals bruteForce(
      List<UsageEvent> events, Dimension d, String value, Instant from, Instant to) {
    Totals sum = Totals.ZERO;
    for (UsageEvent e : events) {
      if (e.billable()
          && !e.time().isBefore(from)
          && e.time().isBefore(to)
          && d.valuesOf(e).contains(value)) {
        sum = sum.plus(Totals.of(e));
      }
    }
    return sum;
  }

  private void execute(String sql) throws SQLException {
    try (Connection c =
            DriverManager.getConnection("jdbc:sqlite:" + dir.resolve(Store.SQLITE_FILE));
        Statement s = c.createStatement()) {
      s.execute(sql);
    }
  }

  private long count(String sql) throws SQLException {
    try (Connection c =
            DriverManager.getConnection("jdbc:sqlite:" + dir.resolve(Store.SQLITE_FILE));
        Statement s = c.createStatement();
        ResultSet r = s.executeQuery(sql)) {
      r.next();
      return r.getLong(1);
    }
  }
}

package dev.tollgate.budget;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import dev.tollgate.budget.Period.Kind;
import dev.tollgate.budget.Period.Window;
import dev.tollgate.ledger.Attribution;
import dev.tollgate.money.Money;
import dev.tollgate.testkit.FakeClock;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class PeriodTest {

  private static final ZoneId UTC = ZoneOffset.UTC;
  private static final ZoneId BERLIN = ZoneId.of("Europe/Berlin");
  private static final ZoneId NEW_YORK = ZoneId.of("America/New_York");

  private static Window window(Kind kind, String at, ZoneId zone) {
    return Period.of(kind).windowAt(Instant.parse(at), zone);
  }

  private static Window window(String start, String end) {
    return new Window(Instant.parse(start), Instant.parse(end));
  }

  // --- windowAt, kind by kind ---------------------------------------------------------------

  @ParameterizedTest(name = "{0} at {1} is [{2}, {3})")
  @CsvSource({
    "HOURLY,  2026-05-13T14:37:12Z, 2026-05-13T14:00:00Z, 2026-05-13T15:00:00Z",
    "DAILY,   2026-05-13T14:37:12Z, 2026-05-13T00:00:00Z, 2026-05-14T00:00:00Z",
    // 13 May 2026 is a Wednesday; its ISO week runs from Monday 11 May.
    "WEEKLY,  2026-05-13T14:37:12Z, 2026-05-11T00:00:00Z, 2026-05-18T00:00:00Z",
    "MONTHLY, 2026-05-13T14:37:12Z, 2026-05-01T00:00:00Z, 2026-06-01T00:00:00Z",
    "YEARLY,  2026-05-13T14:37:12Z, 2026-01-01T00:00:00Z, 2027-01-01T00:00:00Z",
    "TOTAL,   2026-05-13T14:37:12Z, 1970-01-01T00:00:00Z, 9999-01-01T00:00:00Z",
  })
  void everyKindOfCalendarPeriodHasTheWindowOfItsCalendar(
      Kind kind, String at, String start, String end) {
    assertThat(window(kind, at, UTC)).isEqualTo(window(start, end));
  }

  @Test
  void aWeekStartsOnMondayEvenWhenAskedOnTheMondayOrTheSunday() {
    assertThat(window(Kind.WEEKLY, "2026-05-11T00:00:00Z", UTC))
        .isEqualTo(window("2026-05-11T00:00:00Z", "2026-05-18T00:00:00Z"));
    assertThat(window(Kind.WEEKLY, "2026-05-17T23:59:59.999Z", UTC))
        .isEqualTo(window("2026-05-11T00:00:00Z", "2026-05-18T00:00:00Z"));
  }

  @Test
  void aWeekAcrossTheNewYearIsOneIsoWeek() {
    // Thursday 1 January 2026 belongs to the week of Monday 29 December 2025.
    assertThat(window(Kind.WEEKLY, "2026-01-01T10:00:00Z", UTC))
        .isEqualTo(window("2025-12-29T00:00:00Z", "2026-01-05T00:00:00Z"));
  }

  @Test
  void aRollingWindowIsTheCurrentClockHourAndTheHoursBeforeIt() {
    assertThat(Period.rolling(24).windowAt(Instant.parse("2026-05-13T14:37:12Z"), BERLIN))
        .isEqualTo(window("2026-05-12T15:00:00Z", "2026-05-13T15:00:00Z"));
    assertThat(Period.rolling(1).windowAt(Instant.parse("2026-05-13T14:00:00Z"), UTC))
        .isEqualTo(window("2026-05-13T14:00:00Z", "2026-05-13T15:00:00Z"));
  }

  @Test
  void aWindowIsHalfOpen() {
    Window day = window("2026-05-13T00:00:00Z", "2026-05-14T00:00:00Z");
    assertThat(day.contains(Instant.parse("2026-05-13T00:00:00Z"))).isTrue();
    assertThat(day.contains(Instant.parse("2026-05-13T23:59:59.999999999Z"))).isTrue();
    assertThat(day.contains(Instant.parse("2026-05-14T00:00:00Z"))).isFalse();
    assertThat(day.contains(Instant.parse("2026-05-12T23:59:59.999999999Z"))).isFalse();
  }

  // --- time zones and DST ---------------------------------------------------------------------

  @Test
  void aBerlinDayIs23HoursLongWhenTheClocksGoForward() {
    // 29 March 2026: 02:00 CET becomes 03:00 CEST. Midnight is 23:00Z before, 22:00Z after.
    Window w = window(Kind.DAILY, "2026-03-29T12:00:00Z", BERLIN);
    assertThat(w).isEqualTo(window("2026-03-28T23:00:00Z", "2026-03-29T22:00:00Z"));
    assertThat(w.length()).isEqualTo(Duration.ofHours(23));
  }

  @Test
  void aBerlinDayIs25HoursLongWhenTheClocksGoBack() {
    // 25 October 2026: 03:00 CEST becomes 02:00 CET. Midnight is 22:00Z before, 23:00Z after.
    Window w = window(Kind.DAILY, "2026-10-25T12:00:00Z", BERLIN);
    assertThat(w).isEqualTo(window("2026-10-24T22:00:00Z", "2026-10-25T23:00:00Z"));
    assertThat(w.length()).isEqualTo(Duration.ofHours(25));
  }

  @Test
  void anHourlyPeriodSkipsTheMissingHourWhenTheClocksGoForward() {
    // Berlin 01:00-02:00 CET is 00:00-01:00Z; the next local hour is 03:00 CEST, at 01:00Z.
    Window before = window(Kind.HOURLY, "2026-03-29T00:59:59Z", BERLIN);
    Window after = window(Kind.HOURLY, "2026-03-29T01:00:00Z", BERLIN);
    assertThat(before).isEqualTo(window("2026-03-29T00:00:00Z", "2026-03-29T01:00:00Z"));
    assertThat(after).isEqualTo(window("2026-03-29T01:00:00Z", "2026-03-29T02:00:00Z"));
    assertThat(after.start()).isEqualTo(before.end());
    assertThat(before.length()).isEqualTo(Duration.ofHours(1));
    assertThat(after.length()).isEqualTo(Duration.ofHours(1));
  }

  @Test
  void anHourlyPeriodCountsTheRepeatedHourTwiceWhenTheClocksGoBack() {
    // Local 02:00-03:00 happens first in CEST (00:00-01:00Z) and again in CET (01:00-02:00Z).
    assertThat(window(Kind.HOURLY, "2026-10-25T00:30:00Z", BERLIN))
        .isEqualTo(window("2026-10-25T00:00:00Z", "2026-10-25T01:00:00Z"));
    assertThat(window(Kind.HOURLY, "2026-10-25T01:30:00Z", BERLIN))
        .isEqualTo(window("2026-10-25T01:00:00Z", "2026-10-25T02:00:00Z"));
  }

  @Test
  void aNewYorkMonthStartsAndEndsAtLocalMidnight() {
    // March 2026 starts in EST (UTC-5) and ends in EDT (UTC-4): 8 March moves the clocks.
    Window w = window(Kind.MONTHLY, "2026-03-15T12:00:00Z", NEW_YORK);
    assertThat(w).isEqualTo(window("2026-03-01T05:00:00Z", "2026-04-01T04:00:00Z"));
    assertThat(w.length()).isEqualTo(Duration.ofDays(31).minusHours(1));
    // 1 April 00:30 in New York is still March in UTC terms, but April locally.
    assertThat(window(Kind.MONTHLY, "2026-04-01T04:30:00Z", NEW_YORK).start())
        .isEqualTo(Instant.parse("2026-04-01T04:00:00Z"));
    assertThat(window(Kind.MONTHLY, "2026-04-01T03:59:59Z", NEW_YORK).start())
        .isEqualTo(Instant.parse("2026-03-01T05:00:00Z"));
  }

  @Test
  void the29thOfFebruary2028IsADayAndFebruary2028Has29Days() {
    assertThat(window(Kind.DAILY, "2028-02-29T18:00:00Z", UTC))
        .isEqualTo(window("2028-02-29T00:00:00Z", "2028-03-01T00:00:00Z"));
    Window feb = window(Kind.MONTHLY, "2028-02-29T18:00:00Z", UTC);
    assertThat(feb).isEqualTo(window("2028-02-01T00:00:00Z", "2028-03-01T00:00:00Z"));
    assertThat(feb.length()).isEqualTo(Duration.ofDays(29));
    assertThat(window(Kind.MONTHLY, "2027-02-15T00:00:00Z", UTC).length())
        .isEqualTo(Duration.ofDays(28));
  }

  // --- the engine rolls over exactly at the boundary -------------------------------------------

  /** A hard budget of one request per period: the second request in a period is denied. */
  private static BudgetEngine oneRequestPer(Period period, ZoneId zone, FakeClock clock) {
    BudgetSpec spec =
        BudgetSpec.builder("one", Scope.GLOBAL, Metric.REQUESTS, 1, period)
            .zone(zone)
            .emergencyReservePercent(0)
            .build();
    return new BudgetEngine(List.of(spec), clock, Duration.ofMinutes(10), BudgetListener.NONE);
  }

  private static int serial;

  /** Reserves and settles one request; true if it was allowed. */
  private static boolean request(BudgetEngine engine) {
    Estimate e = new Estimate("openai", "gpt-4o", 10, 10, Money.ZERO, BigDecimal.ZERO);
    Decision d = engine.reserve(BudgetRequest.of("r" + ++serial, Attribution.NONE, e));
    if (d instanceof Decision.Allow a) {
      engine.settle(a.reservation(), new Actual(Money.ZERO, 20));
      return true;
    }
    return false;
  }

  @ParameterizedTest(name = "{0}: exhausted just before {2}, allowed again at it")
  @CsvSource({
    "HOURLY,  2026-05-13T14:00:00Z, 2026-05-13T15:00:00Z",
    "DAILY,   2026-05-13T00:00:00Z, 2026-05-14T00:00:00Z",
    // Sunday 17 May, then Monday 18 May.
    "WEEKLY,  2026-05-11T00:00:00Z, 2026-05-18T00:00:00Z",
    "MONTHLY, 2026-05-01T00:00:00Z, 2026-06-01T00:00:00Z",
    "YEARLY,  2026-01-01T00:00:00Z, 2027-01-01T00:00:00Z",
  })
  void aBudgetExhaustedAMillisecondBeforeTheBoundaryAllowsAgainExactlyAtIt(
      Kind kind, String periodStart, String boundary) {
    FakeClock clock = FakeClock.at(Instant.parse(boundary).minusMillis(1));
    BudgetEngine engine = oneRequestPer(Period.of(kind), UTC, clock);
    assertThat(request(engine)).as("the first request of the period").isTrue();
    assertThat(request(engine)).as("a second request in the same period").isFalse();
    assertThat(engine.status("one").window().start()).isEqualTo(Instant.parse(periodStart));

    clock.advance(Duration.ofMillis(1));

    assertThat(request(engine)).as("the first request of the next period").isTrue();
    assertThat(engine.status("one").window().start()).isEqualTo(Instant.parse(boundary));
    assertThat(engine.status("one").spent()).isEqualTo(1);
  }

  @Test
  void aLifetimeBudgetNeverRollsOver() {
    FakeClock clock = FakeClock.at("2026-12-31T23:59:59.999Z");
    BudgetEngine engine = oneRequestPer(Period.of(Kind.TOTAL), UTC, clock);
    assertThat(request(engine)).isTrue();
    clock.advance(Duration.ofMillis(1));
    assertThat(request(engine)).isFalse();
    clock.advance(Duration.ofDays(3650));
    assertThat(request(engine)).isFalse();
    assertThat(engine.status("one").daysRemaining()).isEmpty();
  }

  @Test
  void aBerlinDailyBudgetRollsOverAtLocalMidnightAfter23HoursOnTheDayTheClocksGoForward() {
    FakeClock clock = FakeClock.at("2026-03-28T23:00:00Z"); // 00:00 CET on 29 March
    BudgetEngine engine = oneRequestPer(Period.of(Kind.DAILY), BERLIN, clock);
    assertThat(request(engine)).isTrue();
    clock.advance(Duration.ofHours(23).minusMillis(1)); // 23:59:59.999 CEST
    assertThat(request(engine)).isFalse();
    clock.advance(Duration.ofMillis(1)); // 00:00 CEST on 30 March, 22:00Z
    assertThat(request(engine)).isTrue();
  }

  @Test
  void aBerlinDailyBudgetRollsOverAtLocalMidnightAfter25HoursOnTheDayTheClocksGoBack() {
    FakeClock clock = FakeClock.at("2026-10-24T22:00:00Z"); // 00:00 CEST on 25 October
    BudgetEngine engine = oneRequestPer(Period.of(Kind.DAILY), BERLIN, clock);
    assertThat(request(engine)).isTrue();
    clock.advance(Duration.ofHours(24)); // 23:00 CET, still 25 October
    assertThat(request(engine)).isFalse();
    clock.advance(Duration.ofHours(1).minusMillis(1));
    assertThat(request(engine)).isFalse();
    clock.advance(Duration.ofMillis(1)); // 00:00 CET on 26 October, 23:00Z
    assertThat(request(engine)).isTrue();
  }

  @Test
  void aBerlinHourlyBudgetRollsOverFrom0159CetTo0300Cest() {
    FakeClock clock = FakeClock.at("2026-03-29T00:59:59.999Z"); // 01:59:59.999 CET
    BudgetEngine engine = oneRequestPer(Period.of(Kind.HOURLY), BERLIN, clock);
    assertThat(request(engine)).isTrue();
    assertThat(request(engine)).isFalse();
    clock.advance(Duration.ofMillis(1)); // 03:00 CEST
    assertThat(request(engine)).isTrue();
    assertThat(engine.status("one").window())
        .isEqualTo(window("2026-03-29T01:00:00Z", "2026-03-29T02:00:00Z"));
  }

  @Test
  void aNewYorkMonthlyBudgetRollsOverAtLocalMidnightNotUtcMidnight() {
    FakeClock clock = FakeClock.at("2026-04-01T00:00:00Z"); // 20:00 EDT on 31 March
    BudgetEngine engine = oneRequestPer(Period.of(Kind.MONTHLY), NEW_YORK, clock);
    assertThat(request(engine)).isTrue();
    clock.set(Instant.parse("2026-04-01T03:59:59.999Z"));
    assertThat(request(engine)).isFalse();
    clock.set(Instant.parse("2026-04-01T04:00:00Z")); // 00:00 EDT on 1 April
    assertThat(request(engine)).isTrue();
  }

  @Test
  void aDailyBudgetOn29February2028RollsOverInto1March() {
    FakeClock clock = FakeClock.at("2028-02-28T23:59:59.999Z");
    BudgetEngine engine = oneRequestPer(Period.of(Kind.DAILY), UTC, clock);
    assertThat(request(engine)).isTrue();
    clock.advance(Duration.ofMillis(1));
    assertThat(request(engine)).as("29 February is a day of its own").isTrue();
    assertThat(request(engine)).isFalse();
    clock.set(Instant.parse("2028-03-01T00:00:00Z"));
    assertThat(request(engine)).isTrue();
  }

  @Test
  void aMonthlyBudgetKeepsFebruary2028OpenOn29February() {
    FakeClock clock = FakeClock.at("2028-02-01T00:00:00Z");
    BudgetEngine engine = oneRequestPer(Period.of(Kind.MONTHLY), UTC, clock);
    assertThat(request(engine)).isTrue();
    clock.set(Instant.parse("2028-02-29T23:59:59.999Z"));
    assertThat(request(engine)).isFalse();
    clock.advance(Duration.ofMillis(1));
    assertThat(request(engine)).isTrue();
  }

  // --- rolling windows in the engine ----------------------------------------------------------

  /** A rolling 24-hour budget of 10 tokens; each settled request spends {@code tokens}. */
  private static BudgetEngine rolling24(FakeClock clock) {
    BudgetSpec spec =
        BudgetSpec.builder("rolling", Scope.GLOBAL, Metric.TOKENS, 10, Period.rolling(24))
            .emergencyReservePercent(0)
            .build();
    return new BudgetEngine(List.of(spec), clock, Duration.ofMinutes(10), BudgetListener.NONE);
  }

  private static void spendTokens(BudgetEngine engine, long tokens) {
    Estimate e = new Estimate("openai", "gpt-4o", tokens, 0, Money.ZERO, BigDecimal.ZERO);
    Decision d = engine.reserve(BudgetRequest.of("r" + ++serial, Attribution.NONE, e));
    assertThat(d).isInstanceOf(Decision.Allow.class);
    engine.settle(((Decision.Allow) d).reservation(), new Actual(Money.ZERO, tokens));
  }

  @Test
  void inARolling24HourWindowSpend23HoursAgoCountsAndSpend25HoursAgoDoesNot() {
    FakeClock clock = FakeClock.at("2026-05-12T10:30:00Z");
    BudgetEngine engine = rolling24(clock);
    spendTokens(engine, 3); // will be 25 hours old
    clock.advance(Duration.ofHours(2));
    spendTokens(engine, 4); // will be 23 hours old

    clock.set(Instant.parse("2026-05-13T11:30:00Z"));

    assertThat(engine.status("rolling").spent()).isEqualTo(4);
    assertThat(engine.status("rolling").window())
        .isEqualTo(window("2026-05-12T12:00:00Z", "2026-05-13T12:00:00Z"));
  }

  @Test
  void aRollingWindowFreesAnHoursSpendWhenThatHourLeavesItAndADenialSaysWhen() {
    FakeClock clock = FakeClock.at("2026-05-12T10:30:00Z");
    BudgetEngine engine = rolling24(clock);
    spendTokens(engine, 10); // in the clock hour 10:00-11:00 of 12 May
    // At 09:59:59 on 13 May the window is [10:00 on 12 May, 10:00 on 13 May): still full.
    clock.set(Instant.parse("2026-05-13T09:59:59Z"));
    Estimate one = new Estimate("openai", "gpt-4o", 1, 0, Money.ZERO, BigDecimal.ZERO);
    Decision d = engine.reserve(BudgetRequest.of("early", Attribution.NONE, one));
    assertThat(d)
        .isInstanceOfSatisfying(
            Decision.Deny.class,
            deny ->
                assertThat(deny.retryAfter())
                    .as("the spend of 10:00-11:00 on 12 May leaves the window at 10:00 on 13 May")
                    .contains(Instant.parse("2026-05-13T10:00:00Z")));
    clock.advance(Duration.ofSeconds(1));
    assertThat(engine.reserve(BudgetRequest.of("on-time", Attribution.NONE, one)))
        .isInstanceOf(Decision.Allow.class);
  }

  // --- parse ----------------------------------------------------------------------------------

  @ParameterizedTest(name = "''{0}'' is {1}")
  @CsvSource({
    "hourly, hourly",
    "daily, daily",
    "Weekly, weekly",
    "' MONTHLY ', monthly",
    "yearly, yearly",
    "total, total",
    "rolling:24, rolling:24",
    "rolling: 1, rolling:1",
    "rolling:8784, rolling:8784",
  })
  void parseAcceptsEveryKindAndRoundTripsThroughToString(String text, String expected) {
    Period p = Period.parse(text);
    assertThat(p).hasToString(expected);
    assertThat(Period.parse(p.toString())).isEqualTo(p);
  }

  @Test
  void parseOfRolling0SaysHowLongARollingWindowMayBe() {
    assertThatIllegalArgumentException()
        .isThrownBy(() -> Period.parse("rolling:0"))
        .withMessage("a rolling window must be 1 to 8784 hours long, got 0");
    assertThatIllegalArgumentException()
        .isThrownBy(() -> Period.parse("rolling:8785"))
        .withMessageContaining("1 to 8784 hours");
  }

  @Test
  void parseOfRollingAbcAsksForAWholeNumberOfHours() {
    assertThatIllegalArgumentException()
        .isThrownBy(() -> Period.parse("rolling:abc"))
        .withMessage("rolling:N needs a whole number of hours, got 'rolling:abc'");
  }

  @Test
  void parseOfAnUnknownPeriodListsTheKnownOnes() {
    assertThatIllegalArgumentException()
        .isThrownBy(() -> Period.parse("fortnightly"))
        .withMessage(
            "period must be hourly, daily, weekly, monthly, yearly, total or rolling:N,"
                + " got 'fortnightly'");
  }

  @Test
  void parseOfRollingWithoutALengthShowsHowToWriteOne() {
    assertThatIllegalArgumentException()
        .isThrownBy(() -> Period.parse("rolling"))
        .withMessage("a rolling window is written rolling:N, e.g. rolling:24");
  }
}

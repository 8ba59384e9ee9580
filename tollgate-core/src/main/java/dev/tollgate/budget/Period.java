package dev.tollgate.budget;

import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.temporal.ChronoUnit;
import java.time.temporal.TemporalAdjusters;
import java.util.Locale;

/**
 * How a budget's spend is counted over time. Calendar periods are aligned to the calendar of a time
 * zone and roll over exactly at their boundary: a new period is simply a new counter, so no reset
 * job can be late or reset the wrong thing. A rolling window counts the current clock hour and the
 * {@code hours - 1} hours before it.
 *
 * @param kind the kind of period
 * @param hours the length of a rolling window in hours; 0 for the other kinds
 */
public record Period(Kind kind, int hours) {

  /** The kinds of period. */
  public enum Kind {
    HOURLY,
    DAILY,
    /** ISO weeks: Monday to Monday. */
    WEEKLY,
    MONTHLY,
    YEARLY,
    /** The whole lifetime: one period that never ends. */
    TOTAL,
    /** The last N clock hours, the current one included. */
    ROLLING
  }

  /** The start of time for {@link Kind#TOTAL}: before any ledger entry. */
  public static final Instant BEGINNING = Instant.EPOCH;

  /** The end of time for {@link Kind#TOTAL}. */
  public static final Instant END = Instant.parse("9999-01-01T00:00:00Z");

  /**
   * @throws IllegalArgumentException if a rolling window is not 1 to 8,784 hours (a leap year)
   */
  public Period {
    if (kind == Kind.ROLLING && (hours < 1 || hours > 8784)) {
      throw new IllegalArgumentException(
          "a rolling window must be 1 to 8784 hours long, got " + hours);
    }
    if (kind != Kind.ROLLING && hours != 0) {
      throw new IllegalArgumentException("only a rolling window has a length in hours");
    }
  }

  /** A calendar period, or the lifetime. */
  public static Period of(Kind kind) {
    return new Period(kind, 0);
  }

  /** The last {@code hours} clock hours. */
  public static Period rolling(int hours) {
    return new Period(Kind.ROLLING, hours);
  }

  /**
   * Parses {@code hourly}, {@code daily}, {@code weekly}, {@code monthly}, {@code yearly}, {@code
   * total}, or {@code rolling:N} (N hours).
   */
  public static Period parse(String text) {
    String t = text.trim().toLowerCase(Locale.ROOT);
    if (t.startsWith("rolling:")) {
      try {
        return rolling(Integer.parseInt(t.substring("rolling:".length()).trim()));
      } catch (NumberFormatException e) {
        throw new IllegalArgumentException(
            "rolling:N needs a whole number of hours, got '" + text + "'");
      }
    }
    try {
      Kind kind = Kind.valueOf(t.toUpperCase(Locale.ROOT));
      if (kind == Kind.ROLLING) {
        throw new IllegalArgumentException(
            "a rolling window is written rolling:N, e.g. rolling:24");
      }
      return of(kind);
    } catch (IllegalArgumentException e) {
      if (e.getMessage().startsWith("a rolling")) {
        throw e;
      }
      throw new IllegalArgumentException(
          "period must be hourly, daily, weekly, monthly, yearly, total or rolling:N, got '"
              + text
              + "'");
    }
  }

  /** The window that contains {@code at}, in {@code zone}'s calendar. */
  public Window windowAt(Instant at, ZoneId zone) {
    if (kind == Kind.TOTAL) {
      return new Window(BEGINNING, END);
    }
    if (kind == Kind.ROLLING) {
      Instant hourEnd = at.truncatedTo(ChronoUnit.HOURS).plus(Duration.ofHours(1));
      return new Window(hourEnd.minus(Duration.ofHours(hours)), hourEnd);
    }
    ZonedDateTime local = at.atZone(zone);
    ZonedDateTime start =
        switch (kind) {
          case HOURLY -> local.truncatedTo(ChronoUnit.HOURS);
          case DAILY -> local.toLocalDate().atStartOfDay(zone);
          case WEEKLY ->
              local
                  .toLocalDate()
                  .with(TemporalAdjusters.previousOrSame(DayOfWeek.MONDAY))
                  .atStartOfDay(zone);
          case MONTHLY -> local.toLocalDate().withDayOfMonth(1).atStartOfDay(zone);
          case YEARLY -> LocalDate.of(local.getYear(), 1, 1).atStartOfDay(zone);
          default -> throw new AssertionError(kind);
        };
    ZonedDateTime end =
        switch (kind) {
          // An hour is 60 minutes of instants even across a DST change.
          case HOURLY -> start.plusHours(1);
          case DAILY -> start.toLocalDate().plusDays(1).atStartOfDay(zone);
          case WEEKLY -> start.toLocalDate().plusWeeks(1).atStartOfDay(zone);
          case MONTHLY -> start.toLocalDate().plusMonths(1).atStartOfDay(zone);
          case YEARLY -> start.toLocalDate().plusYears(1).atStartOfDay(zone);
          default -> throw new AssertionError(kind);
        };
    return new Window(start.toInstant(), end.toInstant());
  }

  @Override
  public String toString() {
    return kind == Kind.ROLLING ? "rolling:" + hours : kind.name().toLowerCase(Locale.ROOT);
  }

  /**
   * A half-open interval of time, {@code start <= t < end}.
   *
   * @param start the first instant in the window
   * @param end the first instant after it
   */
  public record Window(Instant start, Instant end) {
    /** Whether {@code t} is inside the window. */
    public boolean contains(Instant t) {
      return !t.isBefore(start) && t.isBefore(end);
    }

    /** The window's length. */
    public Duration length() {
      return Duration.between(start, end);
    }
  }
}

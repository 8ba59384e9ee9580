package dev.tollgate.pricing.feed;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tollgate.pricing.PriceSchedule;
import dev.tollgate.pricing.PriceSchedule.TimeWindow;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.OffsetTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * Turns a genai-prices {@code prices} value (one price object, or a list of conditional prices)
 * into Tollgate price schedules that give the same price at every instant.
 *
 * <p>genai picks a conditional price by walking the list from the end and taking the first whose
 * constraint holds ({@code start_date} on or before the request's UTC date, or the request's UTC
 * time inside {@code [start_time, end_time)}), and the first entry if none holds. So each distinct
 * start date begins a new schedule, and a time-of-day entry that wins over the schedule's default
 * becomes a window.
 */
final class GenaiSchedules {

  /** The name Tollgate gives the complement of a genai time-of-day price (DeepSeek's case). */
  static final String COMPLEMENT_WINDOW = "off-peak";

  private record Conditional(Instant from, LocalTime start, LocalTime end, GenaiPriceList prices) {
    boolean isWindow() {
      return start != null;
    }

    boolean holdsFrom(Instant at) {
      return !isWindow() && (from == null || !from.isAfter(at));
    }
  }

  private GenaiSchedules() {}

  /**
   * The schedules of one model.
   *
   * @throws IllegalArgumentException if a price or constraint cannot be represented exactly
   */
  static List<PriceSchedule> parse(JsonNode prices, Set<String> ignored) {
    if (prices != null && prices.isObject()) {
      GenaiPriceList only = GenaiPriceList.parse(prices, ignored);
      return List.of(new PriceSchedule(Instant.MIN, only.rates(), only.tier(), List.of()));
    }
    if (prices == null || !prices.isArray() || prices.isEmpty()) {
      throw new IllegalArgumentException(
          "prices: expected an object or a non-empty list, got " + FeedJson.describe(prices));
    }
    List<Conditional> entries = new ArrayList<>();
    TreeSet<Instant> starts = new TreeSet<>(List.of(Instant.MIN));
    for (JsonNode item : prices) {
      Conditional c = conditional(item, ignored);
      entries.add(c);
      if (c.from() != null) {
        starts.add(c.from());
      }
    }
    List<PriceSchedule> schedules = new ArrayList<>();
    for (Instant from : starts) {
      schedules.add(scheduleFrom(from, entries));
    }
    return schedules;
  }

  private static PriceSchedule scheduleFrom(Instant from, List<Conditional> entries) {
    Conditional standard = null;
    List<Conditional> windows = new ArrayList<>();
    for (int i = entries.size() - 1; i >= 0 && standard == null; i--) {
      Conditional c = entries.get(i);
      if (c.isWindow()) {
        windows.add(c);
      } else if (c.holdsFrom(from)) {
        standard = c;
      }
    }
    if (standard == null) {
      standard = entries.getFirst(); // genai's fallback when no constraint holds
      windows.remove(standard);
    }
    GenaiPriceList prices = standard.prices();
    if (windows.isEmpty()) {
      return new PriceSchedule(from, prices.rates(), prices.tier(), List.of());
    }
    if (windows.size() > 1) {
      throw new IllegalArgumentException(
          windows.size() + " time-of-day prices at once, Tollgate converts only one");
    }
    Conditional window = windows.getFirst();
    if (prices.tier().isPresent() || window.prices().tier().isPresent()) {
      throw new IllegalArgumentException(
          "a time-of-day price together with tiered prices is not supported");
    }
    // genai lists DeepSeek's off-peak price as the unconstrained default and the 00:30-16:30
    // standard price as the window ("the last active price wins"). Tollgate writes the window's
    // price as the standard one and the complement (16:30-00:30) as a named window: the same
    // price at every instant, in the shape the catalog uses.
    return new PriceSchedule(
        from,
        window.prices().rates(),
        Optional.empty(),
        List.of(new TimeWindow(COMPLEMENT_WINDOW, window.end(), window.start(), prices.rates())));
  }

  private static Conditional conditional(JsonNode item, Set<String> ignored) {
    GenaiPriceList prices = GenaiPriceList.parse(item.get("prices"), ignored);
    JsonNode constraint = item.get("constraint");
    if (constraint == null || constraint.isNull()) {
      return new Conditional(null, null, null, prices);
    }
    if (constraint.has("start_date")) {
      String date = constraint.get("start_date").asText();
      try {
        Instant from = LocalDate.parse(date).atStartOfDay(ZoneOffset.UTC).toInstant();
        return new Conditional(from, null, null, prices);
      } catch (DateTimeParseException e) {
        throw new IllegalArgumentException("start_date: not a date: " + date);
      }
    }
    if (constraint.has("start_time") && constraint.has("end_time")) {
      LocalTime start = utcTime(constraint.get("start_time").asText());
      LocalTime end = utcTime(constraint.get("end_time").asText());
      if (!start.isBefore(end)) {
        // genai tests start <= t < end, which never holds when the interval wraps midnight.
        throw new IllegalArgumentException(
            "time-of-day price " + start + "-" + end + " never applies in genai-prices");
      }
      return new Conditional(null, start, end, prices);
    }
    throw new IllegalArgumentException("unknown price constraint " + constraint);
  }

  /**
   * A genai time such as {@code 00:30:00Z} as a UTC time; one without an offset is taken as UTC.
   */
  private static LocalTime utcTime(String text) {
    try {
      return OffsetTime.parse(text).withOffsetSameInstant(ZoneOffset.UTC).toLocalTime();
    } catch (DateTimeParseException e) {
      try {
        return LocalTime.parse(text);
      } catch (DateTimeParseException e2) {
        throw new IllegalArgumentException("not a time of day: " + text);
      }
    }
  }
}

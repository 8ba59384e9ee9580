package dev.tollgate.admin;

import dev.tollgate.reports.Bucket;
import dev.tollgate.reports.Grouping;
import io.vertx.core.MultiMap;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The query parameters of the usage reports, validated: each wrong one is a 400 naming it. Times
 * are UTC; {@code from} and {@code to} are rounded outward to whole hours (the answer echoes them).
 */
final class ReportParams {

  /** Rows per page when the request does not say. */
  static final int DEFAULT_PAGE = 100;

  /** The most rows one page holds. */
  static final int MAX_PAGE = 1000;

  private static final long HOUR_MS = 3_600_000L;
  private static final Pattern SINCE = Pattern.compile("([1-9][0-9]{0,4})([hdw])");
  private static final Set<String> COMMON =
      Set.of("from", "to", "since", "tz", "bucket", "group_by", "by", "limit", "cursor", "n");

  private ReportParams() {}

  /** The range: {@code since} (e.g. {@code 7d}) back from now, or {@code from}/{@code to}. */
  static Instant[] range(MultiMap q, Instant now) {
    String tz = q.get("tz");
    if (tz != null && !tz.equalsIgnoreCase("UTC") && !tz.equals("Z")) {
      throw AdminException.invalid("tz", "only UTC is supported; buckets start at 00:00Z");
    }
    String since = q.get("since");
    Instant from;
    Instant to;
    if (since != null) {
      if (q.get("from") != null) {
        throw AdminException.invalid("since", "give since or from, not both");
      }
      Matcher m = SINCE.matcher(since.strip());
      if (!m.matches()) {
        throw AdminException.invalid("since", "must be a number and h, d or w, such as 7d");
      }
      long hours = Long.parseLong(m.group(1)) * ("h".equals(m.group(2)) ? 1 : 24);
      hours *= "w".equals(m.group(2)) ? 7 : 1;
      to = q.get("to") == null ? now : instant(q, "to");
      from = to.minus(Duration.ofHours(hours));
    } else {
      to = q.get("to") == null ? now : instant(q, "to");
      from = q.get("from") == null ? to.minus(Duration.ofDays(30)) : instant(q, "from");
    }
    long start = Math.floorDiv(from.toEpochMilli(), HOUR_MS) * HOUR_MS;
    long end = -Math.floorDiv(-to.toEpochMilli(), HOUR_MS) * HOUR_MS;
    if (start >= end) {
      throw AdminException.invalid(
          "from", "must be before to (" + from + " is not before " + to + ")");
    }
    return new Instant[] {Instant.ofEpochMilli(start), Instant.ofEpochMilli(end)};
  }

  private static Instant instant(MultiMap q, String name) {
    String value = q.get(name).strip();
    try {
      if (value.length() == 10) {
        return LocalDate.parse(value).atStartOfDay(ZoneOffset.UTC).toInstant();
      }
      Instant t = Instant.parse(value);
      if (t.getEpochSecond() < 0 || t.getEpochSecond() > 253_402_300_799L) {
        throw AdminException.invalid(name, "must be between 1970 and 9999");
      }
      return t;
    } catch (DateTimeParseException e) {
      throw AdminException.invalid(
          name, "must be a UTC time such as 2026-11-01T00:00:00Z or a date such as 2026-11-01");
    }
  }

  static Bucket bucket(MultiMap q, Bucket fallback) {
    String given = q.get("bucket");
    if (given == null) {
      return fallback;
    }
    return Bucket.parse(given)
        .orElseThrow(
            () -> AdminException.invalid("bucket", "must be none, hour, day, week or month"));
  }

  /** The groupings listed in {@code field} (comma-separated); a time bucket may be one of them. */
  static List<Grouping> groupings(String field, String list, Bucket[] bucket) {
    List<Grouping> out = new ArrayList<>();
    if (list == null || list.isBlank()) {
      return out;
    }
    for (String name : list.split(",")) {
      var time = Bucket.parse(name.strip().toLowerCase(java.util.Locale.ROOT));
      if (time.isPresent() && time.get() != Bucket.NONE && bucket != null) {
        bucket[0] = time.get();
        continue;
      }
      Grouping g =
          Grouping.parse(name)
              .orElseThrow(
                  () ->
                      AdminException.invalid(
                          field,
                          "unknown dimension '"
                              + name.strip()
                              + "'; use key, user, end_user, team, project, service, tag,"
                              + " provider, model"
                              + (bucket != null ? " or hour, day, week, month" : "")));
      if (out.contains(g)) {
        throw AdminException.invalid(field, "'" + g.wire() + "' is listed twice");
      }
      out.add(g);
    }
    return out;
  }

  /** The filters: a query parameter named after a dimension, e.g. {@code team=payments}. */
  static Map<Grouping, String> filters(MultiMap q) {
    Map<Grouping, String> filters = new EnumMap<>(Grouping.class);
    for (String name : q.names()) {
      if (COMMON.contains(name)) {
        continue;
      }
      Grouping g =
          Grouping.parse(name)
              .filter(x -> x.wire().equals(name))
              .orElseThrow(() -> AdminException.invalid(name, "is not a report parameter"));
      filters.put(g, q.get(name));
    }
    return filters;
  }

  static int whole(MultiMap q, String name, int fallback, int max) {
    String given = q.get(name);
    if (given == null) {
      return fallback;
    }
    try {
      int n = Integer.parseInt(given.strip());
      if (n >= 1 && n <= max) {
        return n;
      }
    } catch (NumberFormatException e) {
      // Reported below, with the allowed range.
    }
    throw AdminException.invalid(name, "must be a whole number from 1 to " + max);
  }

  /** The offset a cursor stands for; 0 without one. */
  static long offset(MultiMap q) {
    return offset(q.get("cursor"));
  }

  /** The offset {@code cursor} stands for; 0 for null. */
  static long offset(String cursor) {
    if (cursor == null) {
      return 0;
    }
    try {
      String text = new String(Base64.getUrlDecoder().decode(cursor), StandardCharsets.UTF_8);
      if (text.startsWith("o:")) {
        long offset = Long.parseLong(text.substring(2));
        if (offset >= 0) {
          return offset;
        }
      }
    } catch (IllegalArgumentException e) {
      // Reported below.
    }
    throw AdminException.invalid("cursor", "is not a cursor from a previous page's next_cursor");
  }

  static String cursor(long offset) {
    return Base64.getUrlEncoder()
        .withoutPadding()
        .encodeToString(("o:" + offset).getBytes(StandardCharsets.UTF_8));
  }
}

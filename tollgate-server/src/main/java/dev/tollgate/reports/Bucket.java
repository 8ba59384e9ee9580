package dev.tollgate.reports;

import java.util.Arrays;
import java.util.Optional;

/**
 * The width of a report's time buckets, in UTC: a day starts at 00:00Z, a week on Monday 00:00Z
 * (ISO), a month on its first day at 00:00Z. {@link #NONE} sums the whole range.
 */
public enum Bucket {
  NONE,
  HOUR,
  DAY,
  WEEK,
  MONTH;

  /** The lower-case name in queries and answers. */
  public String wire() {
    return name().toLowerCase(java.util.Locale.ROOT);
  }

  /** The bucket named {@code name}, e.g. {@code day}. */
  public static Optional<Bucket> parse(String name) {
    return Arrays.stream(values()).filter(b -> b.wire().equals(name.strip())).findFirst();
  }
}

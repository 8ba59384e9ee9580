package dev.tollgate.bench.ledger;

import dev.tollgate.reports.Bucket;
import dev.tollgate.reports.Grouping;
import dev.tollgate.reports.ReportQuery;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** The report shapes measured over a filled ledger, as the admin API would ask for them. */
final class ReportShapes {

  /** The largest page the admin API asks for ({@code limit=1000}, plus one to see if more). */
  static final int PAGE = 1_001;

  private ReportShapes() {}

  /** A named report. */
  record Shape(String name, ReportQuery query) {

    /**
     * Which rollups answer it: the per-dimension ones when it involves at most one dimension
     * besides the provider (the store's rule), else the per-tuple ones.
     */
    String source() {
      Set<Grouping> used = EnumSet.noneOf(Grouping.class);
      used.addAll(query.groupBy());
      used.addAll(query.filters().keySet());
      used.remove(Grouping.PROVIDER);
      return used.size() <= 1 ? "per-dimension" : "per-tuple";
    }
  }

  /**
   * The shapes over the calendar month {@code [month, monthEnd)} and the ledger's whole range
   * {@code [from, to)}; {@code team} and {@code key} are values to filter on.
   */
  static List<Shape> all(
      Instant month, Instant monthEnd, Instant from, Instant to, String team, String key) {
    Instant dayAgo = to.minus(24, ChronoUnit.HOURS);
    return List.of(
        shape("month by model and day (the goal)", month, monthEnd, Bucket.DAY, g(Grouping.MODEL)),
        shape("whole ledger by model and day", from, to, Bucket.DAY, g(Grouping.MODEL)),
        shape("month totals (the API's totals line)", month, monthEnd, Bucket.NONE, g()),
        shape("month by key", month, monthEnd, Bucket.NONE, g(Grouping.KEY)),
        top("month top 10 keys by cost", month, monthEnd, Grouping.KEY),
        top("month top 10 end users by cost", month, monthEnd, Grouping.END_USER),
        shape("month by team and day", month, monthEnd, Bucket.DAY, g(Grouping.TEAM)),
        shape(
            "month by model and provider",
            month,
            monthEnd,
            Bucket.NONE,
            g(Grouping.MODEL, Grouping.PROVIDER)),
        shape("month by tag", month, monthEnd, Bucket.NONE, g(Grouping.TAG)),
        shape("last 24 h by model and hour", dayAgo, to, Bucket.HOUR, g(Grouping.MODEL)),
        shape(
            "month by team and model",
            month,
            monthEnd,
            Bucket.NONE,
            g(Grouping.TEAM, Grouping.MODEL)),
        shape(
            "month by team, model and day",
            month,
            monthEnd,
            Bucket.DAY,
            g(Grouping.TEAM, Grouping.MODEL)),
        shape(
            "month by project and service",
            month,
            monthEnd,
            Bucket.NONE,
            g(Grouping.PROJECT, Grouping.SERVICE)),
        new Shape(
            "month of one team by model and day (a team-manager)",
            new ReportQuery(
                month,
                monthEnd,
                Bucket.DAY,
                g(Grouping.MODEL),
                Map.of(Grouping.TEAM, team),
                false,
                PAGE,
                0)),
        new Shape(
            "month of one key by model and day",
            new ReportQuery(
                month,
                monthEnd,
                Bucket.DAY,
                g(Grouping.MODEL),
                Map.of(Grouping.KEY, key),
                false,
                PAGE,
                0)),
        shape(
            "month by tag and model",
            month,
            monthEnd,
            Bucket.NONE,
            g(Grouping.TAG, Grouping.MODEL)),
        shape(
            "month by end user and model",
            month,
            monthEnd,
            Bucket.NONE,
            g(Grouping.END_USER, Grouping.MODEL)));
  }

  private static List<Grouping> g(Grouping... groupings) {
    return List.of(groupings);
  }

  private static Shape shape(
      String name, Instant from, Instant to, Bucket bucket, List<Grouping> groupBy) {
    return new Shape(name, new ReportQuery(from, to, bucket, groupBy, Map.of(), false, PAGE, 0));
  }

  private static Shape top(String name, Instant from, Instant to, Grouping by) {
    return new Shape(name, new ReportQuery(from, to, Bucket.NONE, g(by), Map.of(), true, 10, 0));
  }
}

package dev.tollgate.admin;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tollgate.reports.Bucket;
import dev.tollgate.reports.Grouping;
import dev.tollgate.reports.ReportQuery;
import dev.tollgate.reports.ReportRow;
import dev.tollgate.reports.UsageReports;
import dev.tollgate.usage.UsageKind;
import io.vertx.core.MultiMap;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Instant;
import java.time.InstantSource;
import java.util.List;
import java.util.Map;

/**
 * {@code /admin/v1/usage}: spend and usage grouped by any mix of dimensions in UTC time buckets,
 * paged by cursor; {@code /admin/v1/usage/top}: the top spenders along one or more dimensions. Both
 * read the rollups only. Money is an exact decimal string of US dollars.
 */
final class UsageResource {

  /** The most rows {@code /usage/top} returns. */
  static final int MAX_TOP = 100;

  private final UsageReports reports;
  private final InstantSource clock;

  UsageResource(UsageReports reports, InstantSource clock) {
    this.reports = reports;
    this.clock = clock;
  }

  void register(AdminRouter router) {
    // Every role reads reports; a team-manager's are limited to its own team (scoped below).
    router
        .get("/usage", Access.READ, AdminRouter.Doc.answers("UsageReport"), this::usage)
        .get("/usage/top", Access.READ, AdminRouter.Doc.answers("UsageReport"), this::top);
  }

  /**
   * The filters of the query; for a team-manager, its own team is one of them, and asking for
   * another team is a 403.
   */
  private static Map<Grouping, String> filters(AdminRequest r) {
    Map<Grouping, String> filters = ReportParams.filters(r.query());
    Principal who = r.principal();
    if (who.scoped()) {
      String asked = filters.get(Grouping.TEAM);
      if (asked != null && !who.sees(asked)) {
        throw new AdminException(
            403, "team_forbidden", "team", "a team-manager sees only its own team's usage");
      }
      filters.put(Grouping.TEAM, who.team());
    }
    return filters;
  }

  private AdminResponse usage(AdminRequest r) {
    MultiMap q = r.query();
    Instant[] range = ReportParams.range(q, clock.instant());
    Bucket[] bucket = {ReportParams.bucket(q, Bucket.NONE)};
    String field = q.get("group_by") != null ? "group_by" : "by";
    List<Grouping> groupBy = ReportParams.groupings(field, q.get(field), bucket);
    Map<Grouping, String> filters = filters(r);
    int limit = ReportParams.whole(q, "limit", ReportParams.DEFAULT_PAGE, ReportParams.MAX_PAGE);
    long offset = ReportParams.offset(q);
    List<ReportRow> page =
        reports.rows(
            new ReportQuery(
                range[0], range[1], bucket[0], groupBy, filters, false, limit + 1, offset));
    boolean more = page.size() > limit;
    ObjectNode body = header(range, bucket[0], groupBy, filters);
    body.set("totals", totals(range, filters));
    ArrayNode rows = body.putArray("rows");
    for (ReportRow row : more ? page.subList(0, limit) : page) {
      rows.add(row(row));
    }
    body.put("next_cursor", more ? ReportParams.cursor(offset + limit) : null);
    return AdminResponse.ok(body);
  }

  private AdminResponse top(AdminRequest r) {
    MultiMap q = r.query();
    Instant[] range = ReportParams.range(q, clock.instant());
    if (q.get("by") == null) {
      throw AdminException.invalid("by", "is required: the dimension to rank, such as key");
    }
    List<Grouping> by = ReportParams.groupings("by", q.get("by"), null);
    Map<Grouping, String> filters = filters(r);
    int n = ReportParams.whole(q, "n", 10, MAX_TOP);
    List<ReportRow> rows =
        reports.rows(new ReportQuery(range[0], range[1], Bucket.NONE, by, filters, true, n, 0));
    ObjectNode body = header(range, Bucket.NONE, by, filters);
    body.set("totals", totals(range, filters));
    ArrayNode out = body.putArray("rows");
    int rank = 1;
    for (ReportRow row : rows) {
      ObjectNode o = row(row);
      o.put("rank", rank++);
      out.add(o);
    }
    return AdminResponse.ok(body);
  }

  private ObjectNode totals(Instant[] range, Map<Grouping, String> filters) {
    List<ReportRow> all =
        reports.rows(
            new ReportQuery(range[0], range[1], Bucket.NONE, List.of(), filters, false, 1, 0));
    return all.isEmpty() ? metrics(0, 0, 0, Map.of()) : row(all.getFirst());
  }

  private static ObjectNode header(
      Instant[] range, Bucket bucket, List<Grouping> groupBy, Map<Grouping, String> filters) {
    ObjectNode body = JsonNodeFactory.instance.objectNode();
    body.put("from", range[0].toString());
    body.put("to", range[1].toString());
    body.put("timezone", "UTC");
    body.put("bucket", bucket.wire());
    body.put("currency", "USD");
    ArrayNode groups = body.putArray("group_by");
    groupBy.forEach(g -> groups.add(g.wire()));
    ObjectNode f = body.putObject("filters");
    filters.forEach((g, v) -> f.put(g.wire(), v));
    return body;
  }

  private static ObjectNode row(ReportRow row) {
    ObjectNode o = JsonNodeFactory.instance.objectNode();
    if (row.bucketStart() != null) {
      o.put("bucket_start", row.bucketStart().toString());
    }
    row.groups().forEach((g, v) -> o.put(g.wire(), v));
    o.setAll(metrics(row.costNanos(), row.tokens(), row.requests(), row.kinds()));
    return o;
  }

  /**
   * The sums as JSON. The average cost per request is the one derived figure: rounded half-even to
   * the nano-dollar; the cost itself is exact.
   */
  static ObjectNode metrics(
      long costNanos, long tokens, long requests, Map<UsageKind, Long> kinds) {
    ObjectNode o = JsonNodeFactory.instance.objectNode();
    o.put("requests", requests);
    o.put("cost_usd", usd(costNanos));
    o.put(
        "avg_cost_per_request_usd",
        requests == 0
            ? null
            : BigDecimal.valueOf(costNanos, 9)
                .divide(BigDecimal.valueOf(requests), 9, RoundingMode.HALF_EVEN)
                .toPlainString());
    o.put("tokens", tokens);
    ObjectNode usage = o.putObject("usage");
    for (UsageKind k : UsageKind.values()) {
      usage.put(k.name().toLowerCase(java.util.Locale.ROOT), kinds.getOrDefault(k, 0L));
    }
    return o;
  }

  static String usd(long nanos) {
    return BigDecimal.valueOf(nanos, 9).toPlainString();
  }
}

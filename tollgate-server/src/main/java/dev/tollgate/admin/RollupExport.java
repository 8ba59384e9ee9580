package dev.tollgate.admin;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tollgate.reports.Bucket;
import dev.tollgate.reports.Grouping;
import dev.tollgate.reports.ReportQuery;
import dev.tollgate.reports.ReportRow;
import dev.tollgate.reports.UsageReports;
import dev.tollgate.usage.UsageKind;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;

/**
 * The usage rollups as export rows: one per UTC hour or day and whole attribution tuple (key, user,
 * end user, team, project, service, provider, model), exactly the rows of {@code
 * rollup_usage_hourly} or {@code _daily}, with requests, tokens, exact cost and the usage by kind.
 * Hourly rows exist only as far back as {@code retention.hourly_rollups_months}.
 */
final class RollupExport {

  /** The dimensions of a rollup row, in column order. */
  static final List<Grouping> TUPLE =
      List.of(
          Grouping.KEY,
          Grouping.USER,
          Grouping.END_USER,
          Grouping.TEAM,
          Grouping.PROJECT,
          Grouping.SERVICE,
          Grouping.PROVIDER,
          Grouping.MODEL);

  /** The columns, in order. */
  static final List<String> COLUMNS = columns();

  /** Rows read per query: a page of the export is a few such reads. */
  private static final int CHUNK = 5_000;

  private RollupExport() {}

  private static List<String> columns() {
    List<String> c = new ArrayList<>(List.of("bucket_start"));
    TUPLE.forEach(g -> c.add(g.wire()));
    c.addAll(List.of("requests", "tokens", "cost_usd"));
    for (UsageKind k : UsageKind.values()) {
      c.add(k.name().toLowerCase(Locale.ROOT));
    }
    return List.copyOf(c);
  }

  static ObjectNode json(ReportRow r) {
    ObjectNode o = JsonNodeFactory.instance.objectNode();
    o.put("bucket_start", r.bucketStart().toString());
    TUPLE.forEach(g -> o.put(g.wire(), r.groups().get(g)));
    o.put("requests", r.requests())
        .put("tokens", r.tokens())
        .put("cost_usd", UsageResource.usd(r.costNanos()));
    for (UsageKind k : UsageKind.values()) {
      o.put(k.name().toLowerCase(Locale.ROOT), r.kinds().getOrDefault(k, 0L));
    }
    return o;
  }

  /**
   * Up to {@code max} rows of the rollups grouped by {@code groups} per {@code bucket}, from the
   * {@code offset}-th on, in bucket and group order, each as {@code render} makes it. Read {@value
   * #CHUNK} at a time, so never all in memory.
   */
  static ExportFormat.Rows rows(
      UsageReports reports,
      Instant[] range,
      Bucket bucket,
      List<Grouping> groups,
      long offset,
      long max,
      Function<ReportRow, ObjectNode> render) {
    return sink -> {
      long done = 0;
      while (done < max) {
        int n = (int) Math.min(CHUNK, max - done);
        List<ReportRow> chunk =
            reports.rows(
                new ReportQuery(
                    range[0], range[1], bucket, groups, Map.of(), false, n, offset + done));
        for (ReportRow row : chunk) {
          sink.accept(render.apply(row));
        }
        done += chunk.size();
        if (chunk.size() < n) {
          return;
        }
      }
    };
  }
}

package dev.tollgate.admin;

import dev.tollgate.reports.Bucket;
import dev.tollgate.reports.Grouping;
import dev.tollgate.reports.UsageReports;
import dev.tollgate.reports.UsageReports.EventCursor;
import io.vertx.core.MultiMap;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.InstantSource;
import java.util.Base64;
import java.util.List;
import java.util.Set;

/**
 * {@code /admin/v1/export/events}, {@code /export/rollups} and {@code /export/focus}: whole, as CSV
 * or a JSON array streamed from the database as the client reads; or, with {@code limit} (and the
 * {@code cursor} of the page before), one page in the list envelope, which is how {@code tollgate
 * export} reads them: many short reads instead of one that lasts the whole export. Money is exact
 * decimal USD. See {@link ExportFormat}.
 */
final class ExportResource {

  /** The most rows one page holds. */
  static final int MAX_PAGE = 10_000;

  /** Rows per page when {@code cursor} is given without {@code limit}. */
  static final int DEFAULT_PAGE = 1_000;

  private static final Set<String> PARAMS =
      Set.of("from", "to", "since", "tz", "format", "limit", "cursor", "bucket");

  private final UsageReports reports;
  private final InstantSource clock;

  ExportResource(UsageReports reports, InstantSource clock) {
    this.reports = reports;
    this.clock = clock;
  }

  void register(AdminRouter router) {
    // Exports are not scoped to a team: admin and finance only.
    router
        .get("/export/events", Access.READ_ALL, AdminRouter.Doc.answers("ExportPage"), this::events)
        .get(
            "/export/rollups",
            Access.READ_ALL,
            AdminRouter.Doc.answers("ExportPage"),
            this::rollups)
        .get("/export/focus", Access.READ_ALL, AdminRouter.Doc.answers("ExportPage"), this::focus);
  }

  /** What one request asks for: the range, and the page if it asks for one (limit 0: whole). */
  private record Ask(Instant[] range, String format, int limit, String cursor) {
    boolean paged() {
      return limit > 0;
    }
  }

  private Ask ask(AdminRequest r, String defaultFormat) {
    MultiMap q = r.query();
    for (String name : q.names()) {
      if (!PARAMS.contains(name)) {
        throw AdminException.invalid(name, "is not an export parameter");
      }
    }
    Instant[] range = ReportParams.range(q, clock.instant());
    String format = q.get("format") == null ? defaultFormat : q.get("format");
    if (!format.equals("csv") && !format.equals("json")) {
      throw AdminException.invalid("format", "must be csv or json");
    }
    String cursor = q.get("cursor");
    if (q.get("limit") == null && cursor == null) {
      return new Ask(range, format, 0, null);
    }
    if (format.equals("csv") && q.get("format") != null) {
      throw AdminException.invalid(
          "format", "a page (limit or cursor) is JSON; leave out limit for a whole CSV");
    }
    return new Ask(range, "json", ReportParams.whole(q, "limit", DEFAULT_PAGE, MAX_PAGE), cursor);
  }

  private AdminResponse events(AdminRequest r) {
    if (r.query().get("bucket") != null) {
      throw AdminException.invalid("bucket", "is a parameter of /export/rollups only");
    }
    Ask a = ask(r, "csv");
    Instant from = a.range()[0];
    Instant to = a.range()[1];
    if (a.paged()) {
      EventCursor after = a.cursor() == null ? null : eventCursor(a.cursor());
      ExportFormat.Rows rows =
          sink ->
              reports.exportEvents(
                  from, to, after, a.limit() + 1L, e -> sink.accept(EventRow.json(e)));
      return page(EventRow.COLUMNS, a, rows, ExportResource::eventCursor);
    }
    return whole(
        a,
        EventRow.COLUMNS,
        sink -> reports.exportEvents(from, to, e -> sink.accept(EventRow.json(e))));
  }

  private AdminResponse rollups(AdminRequest r) {
    Bucket bucket = ReportParams.bucket(r.query(), Bucket.DAY);
    if (bucket != Bucket.HOUR && bucket != Bucket.DAY) {
      throw AdminException.invalid("bucket", "must be hour or day: the rollups are kept by those");
    }
    return report(ask(r, "csv"), bucket, RollupExport.TUPLE, RollupExport.COLUMNS, true);
  }

  private AdminResponse focus(AdminRequest r) {
    if (r.query().get("bucket") != null) {
      throw AdminException.invalid("bucket", "the FOCUS export is by day");
    }
    return report(ask(r, "csv"), Bucket.DAY, FocusExport.GROUPS, FocusExport.COLUMNS, false);
  }

  private AdminResponse report(
      Ask a, Bucket bucket, List<Grouping> groups, List<String> columns, boolean rollup) {
    long offset = ReportParams.offset(a.cursor());
    long max = a.paged() ? a.limit() + 1L : Long.MAX_VALUE;
    ExportFormat.Rows rows =
        RollupExport.rows(
            reports,
            a.range(),
            bucket,
            groups,
            offset,
            max,
            rollup ? RollupExport::json : FocusExport::json);
    if (a.paged()) {
      String next = ReportParams.cursor(offset + a.limit());
      return page(columns, a, rows, last -> next);
    }
    return whole(a, columns, rows);
  }

  private static AdminResponse whole(Ask a, List<String> columns, ExportFormat.Rows rows) {
    return a.format().equals("csv")
        ? AdminResponse.streamed(
            "text/csv; charset=utf-8", out -> ExportFormat.csv(out, columns, rows))
        : AdminResponse.streamed("application/json", out -> ExportFormat.jsonArray(out, rows));
  }

  private static AdminResponse page(
      List<String> columns,
      Ask a,
      ExportFormat.Rows rows,
      java.util.function.Function<com.fasterxml.jackson.databind.node.ObjectNode, String> next) {
    return AdminResponse.streamed(
        "application/json", out -> ExportFormat.page(out, columns, a.limit(), rows, next));
  }

  /** The cursor after an exported event: its time and id, so the next page starts past it. */
  private static String eventCursor(com.fasterxml.jackson.databind.node.ObjectNode event) {
    String text =
        "e:"
            + Instant.parse(event.get("time").asText()).toEpochMilli()
            + ":"
            + event.get("id").asText();
    return Base64.getUrlEncoder()
        .withoutPadding()
        .encodeToString(text.getBytes(StandardCharsets.UTF_8));
  }

  private static EventCursor eventCursor(String cursor) {
    try {
      String text = new String(Base64.getUrlDecoder().decode(cursor), StandardCharsets.UTF_8);
      String[] parts = text.split(":", 3);
      if (parts.length == 3 && parts[0].equals("e")) {
        return new EventCursor(Instant.ofEpochMilli(Long.parseLong(parts[1])), parts[2]);
      }
    } catch (IllegalArgumentException e) {
      // Reported below.
    }
    throw AdminException.invalid("cursor", "is not a cursor from a previous page's next_cursor");
  }
}

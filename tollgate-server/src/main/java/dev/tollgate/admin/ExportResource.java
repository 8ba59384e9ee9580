package dev.tollgate.admin;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tollgate.ledger.UsageEvent;
import dev.tollgate.reports.UsageReports;
import dev.tollgate.usage.UsageKind;
import io.vertx.core.MultiMap;
import java.io.IOException;
import java.io.Writer;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * {@code /admin/v1/export/events} (CSV or a JSON array, streamed from the database as the client
 * reads) and {@code /admin/v1/export/focus} (a FinOps FOCUS cost CSV, see {@link FocusExport}).
 * Money is exact decimal USD.
 */
final class ExportResource {

  private static final Set<String> PARAMS = Set.of("from", "to", "since", "tz", "format");

  private final UsageReports reports;
  private final InstantSource clock;

  ExportResource(UsageReports reports, InstantSource clock) {
    this.reports = reports;
    this.clock = clock;
  }

  void register(AdminRouter router) {
    // Exports are not scoped to a team: admin and finance only.
    router
        .get("/export/events", Access.READ_ALL, this::events)
        .get("/export/focus", Access.READ_ALL, this::focus);
  }

  private AdminResponse events(AdminRequest r) {
    MultiMap q = r.query();
    only(q);
    Instant[] range = ReportParams.range(q, clock.instant());
    String format = q.get("format") == null ? "csv" : q.get("format");
    return switch (format) {
      case "csv" ->
          AdminResponse.streamed(
              "text/csv; charset=utf-8",
              out -> {
                out.write(String.join(",", EventCsv.HEADING) + "\n");
                reports.exportEvents(range[0], range[1], e -> EventCsv.write(out, e));
              });
      case "json" ->
          AdminResponse.streamed(
              "application/json",
              out -> jsonArray(out, sink -> reports.exportEvents(range[0], range[1], sink)));
      default -> throw AdminException.invalid("format", "must be csv or json");
    };
  }

  private AdminResponse focus(AdminRequest r) {
    MultiMap q = r.query();
    only(q);
    if (q.get("format") != null && !q.get("format").equals("csv")) {
      throw AdminException.invalid("format", "the FOCUS export is csv only");
    }
    Instant[] range = ReportParams.range(q, clock.instant());
    return AdminResponse.streamed(
        "text/csv; charset=utf-8", out -> FocusExport.write(out, reports, range[0], range[1]));
  }

  private static void only(MultiMap q) {
    for (String name : q.names()) {
      if (!PARAMS.contains(name)) {
        throw AdminException.invalid(name, "is not an export parameter");
      }
    }
  }

  /** What produces events for an export: it hands each to the sink. */
  @FunctionalInterface
  interface Source {
    void into(UsageReports.EventSink sink) throws IOException;
  }

  /** Writes the events of {@code source} as a JSON array, one event a line. */
  static void jsonArray(Writer out, Source source) throws IOException {
    boolean[] first = {true};
    out.write("[");
    source.into(
        e -> {
          out.write(first[0] ? "\n" : ",\n");
          first[0] = false;
          out.write(json(e).toString());
        });
    out.write("\n]\n");
  }

  static ObjectNode json(UsageEvent e) {
    ObjectNode o = JsonNodeFactory.instance.objectNode();
    List<String> values = EventCsv.values(e);
    for (int i = 0; i < EventCsv.HEADING.size(); i++) {
      String column = EventCsv.HEADING.get(i);
      if (column.equals("tags")) {
        e.who().tags().forEach(o.putArray("tags")::add);
      } else if (EventCsv.NUMERIC.contains(column)) {
        o.put(column, Long.parseLong(values.get(i)));
      } else {
        o.put(column, values.get(i));
      }
    }
    return o;
  }

  /** Events as CSV rows (RFC 4180 quoting); tags joined by ';'. */
  static final class EventCsv {
    static final List<String> HEADING = heading();
    static final Set<String> NUMERIC = numeric();

    private EventCsv() {}

    private static List<String> heading() {
      List<String> h =
          new ArrayList<>(
              List.of(
                  "id",
                  "time",
                  "key",
                  "user",
                  "end_user",
                  "team",
                  "project",
                  "service",
                  "tags",
                  "provider",
                  "model_requested",
                  "model_used"));
      for (UsageKind k : UsageKind.values()) {
        h.add(k.name().toLowerCase(Locale.ROOT));
      }
      h.addAll(
          List.of(
              "estimated_cost_usd",
              "cost_usd",
              "cost_state",
              "latency_ms",
              "outcome",
              "fallback_from",
              "fallback_reason",
              "origin",
              "saved_usd"));
      return List.copyOf(h);
    }

    private static Set<String> numeric() {
      List<String> n = new ArrayList<>(List.of("latency_ms"));
      for (UsageKind k : UsageKind.values()) {
        n.add(k.name().toLowerCase(Locale.ROOT));
      }
      return Set.copyOf(n);
    }

    static List<String> values(UsageEvent e) {
      List<String> v =
          new ArrayList<>(
              List.of(
                  e.id(),
                  e.time().toString(),
                  e.who().virtualKey(),
                  e.who().user(),
                  e.who().endUser(),
                  e.who().team(),
                  e.who().project(),
                  e.who().service(),
                  String.join(";", e.who().tags()),
                  e.provider(),
                  e.modelRequested(),
                  e.modelUsed()));
      for (UsageKind k : UsageKind.values()) {
        v.add(Long.toString(e.usage().count(k)));
      }
      v.add(UsageResource.usd(e.estimatedCost().nanos()));
      v.add(UsageResource.usd(e.actualCost().nanos()));
      v.add(e.costState().name());
      v.add(Long.toString(e.latencyMillis()));
      v.add(e.outcome().name());
      v.add(e.fallbackFrom());
      v.add(e.fallbackReason());
      v.add(e.origin().name());
      v.add(UsageResource.usd(e.savedCost().nanos()));
      return v;
    }

    static void write(Writer out, UsageEvent e) throws IOException {
      List<String> cells = values(e);
      for (int i = 0; i < cells.size(); i++) {
        if (i > 0) {
          out.write(',');
        }
        out.write(cell(cells.get(i)));
      }
      out.write('\n');
    }

    static String cell(String value) {
      if (value.indexOf(',') < 0 && value.indexOf('"') < 0 && value.indexOf('\n') < 0) {
        return value;
      }
      return '"' + value.replace("\"", "\"\"") + '"';
    }
  }
}

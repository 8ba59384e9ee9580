package dev.tollgate.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tollgate.money.Money;
import dev.tollgate.reports.Csv;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code tollgate report}: usage and spend of a running gateway from {@code GET /admin/v1/usage},
 * every page followed, as an aligned table (money rounded to the micro-dollar for reading), CSV or
 * JSON (both exact).
 */
@Command(
    name = "report",
    mixinStandardHelpOptions = true,
    versionProvider = VersionProvider.class,
    description = {
      "Usage and spend of a running gateway, grouped by dimensions and UTC time buckets.",
      "",
      "Example: tollgate report --by model,day --since 7d"
    })
final class ReportCommand implements Callable<Integer> {

  private static final String[] USAGE_KINDS = {
    "input",
    "cache_read",
    "cache_write_5m",
    "cache_write_1h",
    "output",
    "reasoning",
    "input_audio",
    "output_audio",
    "images",
    "web_searches",
    "tool_calls"
  };

  private final CliContext context;

  @Mixin AdminHttp http;

  @Option(
      names = "--by",
      paramLabel = "LIST",
      description =
          "Comma-separated groupings: key, user, end_user, team, project, service, tag, provider,"
              + " model, and at most one of hour, day, week, month (e.g. model,day).")
  String by;

  @Option(names = "--since", paramLabel = "AGE", description = "How far back: 24h, 7d, 4w.")
  String since;

  @Option(names = "--from", paramLabel = "TIME", description = "Start: 2026-11-01 or an instant.")
  String from;

  @Option(names = "--to", paramLabel = "TIME", description = "End (exclusive); default now.")
  String to;

  @Option(
      names = "--where",
      paramLabel = "DIM=VALUE",
      description = "Only events with this value, e.g. team=payments; repeat for more.")
  List<String> where;

  @Option(
      names = "--format",
      defaultValue = "table",
      paramLabel = "FORMAT",
      description = "table (default), csv or json.")
  String format;

  ReportCommand(CliContext context) {
    this.context = context;
  }

  @Override
  public Integer call() {
    if (!List.of("table", "csv", "json").contains(format)) {
      throw new CliException("--format: must be table, csv or json, got '" + format + "'");
    }
    String query = query();
    List<JsonNode> rows = new ArrayList<>();
    JsonNode first = null;
    String cursor = null;
    do {
      JsonNode page =
          http.call(
              context,
              "GET",
              "/usage?" + query + (cursor == null ? "" : "&cursor=" + AdminHttp.query(cursor)),
              null);
      first = first == null ? page : first;
      page.get("rows").forEach(rows::add);
      cursor = page.path("next_cursor").isTextual() ? page.get("next_cursor").asText() : null;
    } while (cursor != null);
    switch (format) {
      case "json" -> context.out().println(json(first, rows).toPrettyString());
      case "csv" -> csv(first, rows);
      default -> table(first, rows);
    }
    context.out().flush();
    return Errors.OK;
  }

  private String query() {
    List<String> parts = new ArrayList<>();
    parts.add("limit=1000");
    add(parts, "group_by", by);
    add(parts, "since", since);
    add(parts, "from", from);
    add(parts, "to", to);
    for (String w : where == null ? List.<String>of() : where) {
      int eq = w.indexOf('=');
      if (eq < 1) {
        throw new CliException("--where: must be DIM=VALUE, e.g. team=payments, got '" + w + "'");
      }
      add(parts, w.substring(0, eq).strip(), w.substring(eq + 1));
    }
    return String.join("&", parts);
  }

  private static void add(List<String> parts, String name, String value) {
    if (value != null) {
      parts.add(name + "=" + AdminHttp.query(value));
    }
  }

  private static ObjectNode json(JsonNode first, List<JsonNode> rows) {
    ObjectNode out = ((ObjectNode) first).deepCopy();
    out.remove("next_cursor");
    ArrayNode all = out.putArray("rows");
    rows.forEach(all::add);
    return out;
  }

  private List<String> columns(JsonNode first) {
    List<String> columns = new ArrayList<>();
    if (!first.path("bucket").asText().equals("none")) {
      columns.add("bucket_start");
    }
    first.path("group_by").forEach(g -> columns.add(g.asText()));
    return columns;
  }

  private void csv(JsonNode first, List<JsonNode> rows) {
    List<String> columns = columns(first);
    List<String> heading = new ArrayList<>(columns);
    heading.addAll(List.of("requests", "tokens", "cost_usd", "avg_cost_per_request_usd"));
    heading.addAll(List.of(USAGE_KINDS));
    context.out().println(String.join(",", heading));
    for (JsonNode row : rows) {
      List<String> cells = new ArrayList<>();
      columns.forEach(c -> cells.add(Csv.cell(row.path(c).asText())));
      cells.add(row.path("requests").asText());
      cells.add(row.path("tokens").asText());
      cells.add(row.path("cost_usd").asText());
      cells.add(row.path("avg_cost_per_request_usd").asText(""));
      for (String kind : USAGE_KINDS) {
        cells.add(row.path("usage").path(kind).asText());
      }
      context.out().println(String.join(",", cells));
    }
  }

  private void table(JsonNode first, List<JsonNode> rows) {
    List<String> columns = columns(first);
    List<String[]> lines = new ArrayList<>();
    List<String> heading = new ArrayList<>();
    columns.forEach(c -> heading.add(c.equals("bucket_start") ? "BUCKET (UTC)" : c.toUpperCase()));
    heading.addAll(List.of("REQUESTS", "TOKENS", "COST", "AVG/REQUEST"));
    lines.add(heading.toArray(String[]::new));
    for (JsonNode row : rows) {
      lines.add(line(columns, row, first.path("bucket").asText()));
    }
    String[] total = line(List.of(), first.get("totals"), "");
    String[] totalLine = new String[heading.size()];
    java.util.Arrays.fill(totalLine, "");
    totalLine[0] = "TOTAL";
    System.arraycopy(total, 0, totalLine, columns.size(), 4);
    lines.add(totalLine);
    boolean[] right = new boolean[heading.size()];
    for (int i = columns.size(); i < right.length; i++) {
      right[i] = true;
    }
    TextTable.print(context.out(), lines, right);
    context
        .out()
        .println(
            "UTC, " + first.path("from").asText() + " to " + first.path("to").asText() + "; USD");
  }

  private static String[] line(List<String> columns, JsonNode row, String bucket) {
    List<String> cells = new ArrayList<>();
    for (String c : columns) {
      String v = row.path(c).asText();
      if (c.equals("bucket_start")) {
        v = bucket.equals("hour") ? v.substring(0, 16).replace('T', ' ') : v.substring(0, 10);
      }
      cells.add(v.isEmpty() ? "-" : v);
    }
    cells.add(row.path("requests").asText());
    cells.add(row.path("tokens").asText());
    cells.add(usd(row.path("cost_usd").asText()));
    JsonNode avg = row.path("avg_cost_per_request_usd");
    cells.add(avg.isTextual() ? usd(avg.asText()) : "-");
    return cells.toArray(String[]::new);
  }

  private static String usd(String exact) {
    return Money.ofUsd(new BigDecimal(exact)).format(6);
  }
}

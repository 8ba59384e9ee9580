package dev.tollgate.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * What every command against a running gateway's admin API shares: the connection ({@link
 * AdminHttp}) and the output format, a table or JSON.
 */
abstract class AdminCommand implements Callable<Integer> {

  final CliContext context;

  @Mixin AdminHttp http;

  @Option(
      names = "--format",
      defaultValue = "table",
      description = "table (default) or json.",
      paramLabel = "FORMAT")
  String format;

  AdminCommand(CliContext context) {
    this.context = context;
  }

  /** Whether the output is JSON; refuses a format that is neither. */
  boolean json() {
    if (!format.equals("json") && !format.equals("table")) {
      throw new CliException("--format: must be table or json, got '" + format + "'");
    }
    return format.equals("json");
  }

  /**
   * Reads a listing a page at a time into {@code items}, from {@code options.after}, following the
   * cursor to the last page with {@code --all}; the last page read.
   */
  JsonNode pages(String path, String query, PageOptions options, List<JsonNode> items) {
    String cursor = options.after;
    JsonNode page;
    do {
      String q = query + (cursor == null ? "" : "&after=" + AdminHttp.query(cursor));
      page = http.call(context, "GET", path + "?" + q, null);
      page.get("data").forEach(items::add);
      cursor = page.path("next_cursor").asText(null);
    } while (options.all && page.path("has_more").asBoolean());
    return page;
  }
}

package dev.tollgate.admin;

import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import dev.tollgate.reports.Csv;
import java.io.IOException;
import java.io.Writer;
import java.util.List;
import java.util.function.Function;

/**
 * How every export is written. An export is rows, each a JSON object whose keys are the export's
 * columns in order; its CSV is derived from that object ({@link Csv}), so the CSV and JSON of one
 * export can never disagree. Three shapes: a whole CSV, a whole JSON array (one row a line), and a
 * page in the admin API's list envelope with the columns first and {@code has_more}/{@code
 * next_cursor} last, which is what lets a page be streamed as it is read.
 */
final class ExportFormat {

  /** Produces rows, handing each to the sink as it is read. */
  @FunctionalInterface
  interface Rows {
    void into(RowSink sink) throws IOException;
  }

  /** Takes rows one at a time. */
  @FunctionalInterface
  interface RowSink {
    void accept(ObjectNode row) throws IOException;
  }

  private ExportFormat() {}

  /** A heading line of {@code columns}, then one line per row. */
  static void csv(Writer out, List<String> columns, Rows rows) throws IOException {
    out.write(Csv.line(columns));
    rows.into(row -> out.write(Csv.line(row)));
  }

  /** A JSON array, one row a line. */
  static void jsonArray(Writer out, Rows rows) throws IOException {
    boolean[] first = {true};
    out.write("[");
    rows.into(
        row -> {
          out.write(first[0] ? "\n" : ",\n");
          first[0] = false;
          out.write(row.toString());
        });
    out.write("\n]\n");
  }

  /**
   * One page: {@code rows} yields up to {@code limit + 1} rows; the first {@code limit} are
   * written, and an extra one only says that there are more, continued by {@code cursorAfter} of
   * the last row written.
   */
  static void page(
      Writer out,
      List<String> columns,
      int limit,
      Rows rows,
      Function<ObjectNode, String> cursorAfter)
      throws IOException {
    out.write("{\"object\":\"list\",\"columns\":");
    out.write(AdminApi.JSON.valueToTree(columns).toString());
    out.write(",\"data\":[");
    int[] written = {0};
    ObjectNode[] last = {null};
    boolean[] more = {false};
    rows.into(
        row -> {
          if (written[0] == limit) {
            more[0] = true;
            return;
          }
          out.write(written[0] == 0 ? "\n" : ",\n");
          out.write(row.toString());
          written[0]++;
          last[0] = row;
        });
    String next = more[0] ? new TextNode(cursorAfter.apply(last[0])).toString() : "null";
    out.write("\n],\"has_more\":" + more[0] + ",\"next_cursor\":" + next + "}\n");
  }
}

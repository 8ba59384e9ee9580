package dev.tollgate.reports;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;

/**
 * CSV as every export and report writes it (RFC 4180): a cell is quoted when it holds a comma,
 * quote or line break; a row given as a JSON object has its values in key order, an array cell
 * joined by {@code ;} and null empty. The server's CSV and the CLI's, made from the same JSON rows,
 * are therefore the same bytes.
 */
public final class Csv {

  private Csv() {}

  /** {@code value} as a cell. */
  public static String cell(String value) {
    if (value.indexOf(',') < 0
        && value.indexOf('"') < 0
        && value.indexOf('\n') < 0
        && value.indexOf('\r') < 0) {
      return value;
    }
    return '"' + value.replace("\"", "\"\"") + '"';
  }

  /** {@code cells} as one line, with its line break. */
  public static String line(List<String> cells) {
    StringBuilder b = new StringBuilder();
    for (String cell : cells) {
      b.append(b.isEmpty() ? "" : ",").append(cell(cell));
    }
    return b.append('\n').toString();
  }

  /** The JSON object {@code row} as one line, its values in key order. */
  public static String line(JsonNode row) {
    List<String> cells = new ArrayList<>(row.size());
    row.forEach(v -> cells.add(text(v)));
    return line(cells);
  }

  private static String text(JsonNode v) {
    if (v.isArray()) {
      List<String> parts = new ArrayList<>(v.size());
      v.forEach(x -> parts.add(x.asText()));
      return String.join(";", parts);
    }
    return v.isNull() ? "" : v.asText();
  }
}

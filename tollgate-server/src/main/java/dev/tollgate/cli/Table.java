package dev.tollgate.cli;

import java.io.PrintWriter;
import java.util.List;

/** Rows as aligned text: each column as wide as its widest cell, two spaces between columns. */
final class Table {

  private Table() {}

  /** Prints {@code rows}, the first being the headings. */
  static void print(PrintWriter out, List<String[]> rows) {
    int columns = rows.getFirst().length;
    int[] width = new int[columns];
    for (String[] row : rows) {
      for (int i = 0; i < row.length; i++) {
        width[i] = Math.max(width[i], row[i].length());
      }
    }
    for (String[] row : rows) {
      StringBuilder line = new StringBuilder();
      for (int i = 0; i < row.length; i++) {
        line.append(i == row.length - 1 ? row[i] : pad(row[i], width[i] + 2));
      }
      out.println(line.toString().stripTrailing());
    }
  }

  static String pad(String s, int width) {
    return s.length() >= width ? s : s + " ".repeat(width - s.length());
  }
}

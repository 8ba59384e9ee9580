package dev.tollgate.cli;

import java.io.PrintWriter;
import java.util.List;

/** Rows of cells as aligned text: each column as wide as its widest cell, two spaces apart. */
final class TextTable {

  private TextTable() {}

  /**
   * Prints {@code rows} (the first is the heading); the columns in {@code rightAligned} (numbers)
   * are padded on the left.
   */
  static void print(PrintWriter out, List<String[]> rows, boolean... rightAligned) {
    if (rows.isEmpty()) {
      return;
    }
    int[] width = new int[rows.getFirst().length];
    for (String[] row : rows) {
      for (int i = 0; i < row.length; i++) {
        width[i] = Math.max(width[i], row[i].length());
      }
    }
    for (String[] row : rows) {
      StringBuilder line = new StringBuilder();
      for (int i = 0; i < row.length; i++) {
        boolean right = i < rightAligned.length && rightAligned[i];
        String cell = right ? " ".repeat(width[i] - row[i].length()) + row[i] : row[i];
        line.append(i == row.length - 1 ? cell : cell + " ".repeat(width[i] - cell.length() + 2));
      }
      out.println(line.toString().stripTrailing());
    }
  }
}

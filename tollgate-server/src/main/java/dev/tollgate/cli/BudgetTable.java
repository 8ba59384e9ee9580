package dev.tollgate.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.PrintWriter;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;

/** Budgets and their status as aligned text, amounts with their unit ({@code 12.345 USD}). */
final class BudgetTable {

  private BudgetTable() {}

  /** Budget definitions, one a row. */
  static void definitions(PrintWriter out, List<JsonNode> budgets, String nextCursor) {
    List<String[]> rows = new ArrayList<>();
    rows.add(new String[] {"ID", "SOURCE", "SCOPE", "PERIOD", "ENFORCEMENT", "LIMIT"});
    for (JsonNode b : budgets) {
      rows.add(
          new String[] {
            b.path("id").asText(),
            b.path("source").asText(),
            b.path("scope").asText(),
            b.path("period").asText(),
            b.path("enforcement").asText(),
            amount(b, "limit")
          });
    }
    TextTable.print(out, rows);
    if (nextCursor != null) {
      out.println("(more: --after " + nextCursor + ", or --all)");
    }
  }

  /** Budget statuses, one a row, then the projection method. */
  static void statuses(PrintWriter out, List<JsonNode> statuses) {
    List<String[]> rows = new ArrayList<>();
    rows.add(
        new String[] {
          "BUDGET",
          "SCOPE",
          "HEALTH",
          "SPENT",
          "LIMIT",
          "RESERVED",
          "AVAILABLE",
          "PROJECTED",
          "DAYS LEFT"
        });
    String method = "";
    for (JsonNode s : statuses) {
      rows.add(
          new String[] {
            s.path("id").asText(),
            s.path("scope").asText(),
            s.path("health").asText(),
            amount(s, "spent"),
            amount(s, "allocated"),
            amount(s, "reserved"),
            amount(s, "available"),
            amount(s, "projected"),
            s.path("days_remaining").isNull()
                ? "-"
                : new BigDecimal(s.path("days_remaining").asText())
                    .setScale(1, java.math.RoundingMode.HALF_EVEN)
                    .toPlainString()
          });
      method = s.path("method").asText();
    }
    TextTable.print(out, rows);
    if (!method.isEmpty()) {
      out.println("projection: " + method);
    }
  }

  /** {@code name_usd}, {@code name_tokens} or {@code name_requests}, with its unit. */
  static String amount(JsonNode o, String name) {
    if (o.hasNonNull(name + "_usd")) {
      return usd(o.get(name + "_usd").asText());
    }
    if (o.hasNonNull(name + "_tokens")) {
      return o.get(name + "_tokens").asText() + " tokens";
    }
    return o.hasNonNull(name + "_requests")
        ? o.get(name + "_requests").asText() + " requests"
        : "-";
  }

  /** An exact dollar string with its currency, at least two decimals, no trailing zeros past. */
  static String usd(String exact) {
    BigDecimal usd = new BigDecimal(exact).stripTrailingZeros();
    return (usd.scale() < 2 ? usd.setScale(2) : usd).toPlainString() + " USD";
  }
}

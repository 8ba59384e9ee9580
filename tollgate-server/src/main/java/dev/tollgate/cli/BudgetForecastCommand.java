package dev.tollgate.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code tollgate budgets forecast}: each budget's spend projected to the end of its period from
 * its recent burn rate ({@code GET /admin/v1/forecast}), as an aligned table followed by the method
 * of each projection, or {@code --format json}.
 */
@Command(
    name = "forecast",
    mixinStandardHelpOptions = true,
    description = {
      "Project each budget's spend to the end of its period from its recent burn rate:",
      "projected total, over- or underrun, and when the limit would be reached."
    })
final class BudgetForecastCommand extends BudgetsApiCommands.Base {

  @Option(names = "--scope", description = "Only the budgets of this scope, e.g. team:ml.")
  String scope;

  @Option(names = "--budget", paramLabel = "ID", description = "Only this budget.")
  String budget;

  @Mixin PageOptions paging;

  BudgetForecastCommand(CliContext context) {
    super(context);
  }

  @Override
  public Integer call() {
    boolean asJson = json();
    StringBuilder query = new StringBuilder("limit=" + paging.limit);
    if (scope != null) {
      query.append("&scope=").append(AdminHttp.query(scope));
    }
    if (budget != null) {
      query.append("&budget=").append(AdminHttp.query(budget));
    }
    List<JsonNode> forecasts = new ArrayList<>();
    JsonNode page = pages("/forecast", query.toString(), paging, forecasts);
    if (asJson) {
      context.out().println(page.toPrettyString());
    } else {
      table(context.out(), forecasts);
      if (page.path("has_more").asBoolean()) {
        context
            .out()
            .println("(more: --after " + page.path("next_cursor").asText() + ", or --all)");
      }
    }
    context.out().flush();
    return Errors.OK;
  }

  /** Forecasts, one a row (amounts right-aligned), then each method and the budgets it is for. */
  static void table(PrintWriter out, List<JsonNode> forecasts) {
    List<String[]> rows = new ArrayList<>();
    rows.add(
        new String[] {
          "BUDGET",
          "SCOPE",
          "SPENT",
          "LIMIT",
          "PROJECTED",
          "OVER/UNDER",
          "BURN/DAY",
          "OUTLOOK",
          "LIMIT HIT",
          "PERIOD END"
        });
    Map<String, List<String>> methods = new LinkedHashMap<>();
    for (JsonNode f : forecasts) {
      String id = f.path("budget").asText();
      rows.add(
          new String[] {
            id,
            f.path("scope").asText(),
            BudgetTable.amount(f, "spent"),
            BudgetTable.amount(f, "limit"),
            BudgetTable.amount(f, "projected"),
            overUnder(f),
            burn(f),
            f.path("outlook").asText(),
            f.path("limit_hit_at").asText("-"),
            f.at("/period/end").asText("-")
          });
      methods.computeIfAbsent(f.path("method").asText(), m -> new ArrayList<>()).add(id);
    }
    TextTable.print(out, rows, false, false, true, true, true, true, true);
    methods.forEach((m, ids) -> out.println("method (" + String.join(", ", ids) + "): " + m));
  }

  /**
   * {@code +12.00 USD} over the limit, {@code -3.50 USD} under it, {@code -} without a projection.
   */
  private static String overUnder(JsonNode f) {
    String over = BudgetTable.amount(f, "projected_overrun");
    String under = BudgetTable.amount(f, "projected_underrun");
    if (over.equals("-")) {
      return "-";
    }
    if (positive(over)) {
      return "+" + over;
    }
    return positive(under) ? "-" + under : over;
  }

  private static boolean positive(String amount) {
    return new java.math.BigDecimal(amount.substring(0, amount.indexOf(' '))).signum() > 0;
  }

  private static String burn(JsonNode f) {
    if (f.hasNonNull("burn_rate_usd_per_day")) {
      return BudgetTable.usd(f.get("burn_rate_usd_per_day").asText());
    }
    for (String unit : List.of("tokens", "requests")) {
      if (f.hasNonNull("burn_rate_" + unit + "_per_day")) {
        return f.get("burn_rate_" + unit + "_per_day").asText() + " " + unit;
      }
    }
    return "-";
  }
}

package dev.tollgate.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code tollgate budgets override ID --reason … [--extra-usd X | --extra N] [--for 4h | --until
 * TIME]} lets requests past a hard budget's limit for a while; {@code --end} ends it early. Prints
 * the override, then the budget's status.
 */
@Command(
    name = "override",
    mixinStandardHelpOptions = true,
    description = {
      "Emergency override: let requests past a hard budget's limit, by --extra-usd at most (no",
      "ceiling without it), until --until or for --for (default: the end of the period).",
      "--end ends the override in force. Recorded in the audit log with who and why."
    })
final class BudgetOverrideCommand extends BudgetsApiCommands.Base {

  private static final Pattern SHORT = Pattern.compile("(\\d+)\\s*([mhd])");

  @Parameters(paramLabel = "ID")
  String id;

  @Option(names = "--reason", description = "Why (required to grant); kept in the audit log.")
  String reason;

  @Option(
      names = "--extra-usd",
      paramLabel = "USD",
      description = "How far past the limit spend may go, in US dollars (cost budgets).")
  String extraUsd;

  @Option(
      names = "--extra",
      paramLabel = "N",
      description = "How far past the limit, in tokens or requests (other budgets).")
  Long extra;

  @Option(
      names = "--for",
      paramLabel = "DURATION",
      description = "How long: 30m, 4h, 2d, or ISO-8601 (PT4H).")
  String lasting;

  @Option(
      names = "--until",
      paramLabel = "TIME",
      description = "Until when, ISO-8601, e.g. 2026-05-11T18:00:00Z.")
  String until;

  @Option(names = "--end", description = "End the override in force instead.")
  boolean end;

  BudgetOverrideCommand(CliContext context) {
    super(context);
  }

  @Override
  public Integer call() {
    boolean asJson = json();
    String path = "/budgets/" + AdminHttp.segment(id) + "/override";
    ObjectNode body = JsonNodeFactory.instance.objectNode();
    if (reason != null) {
      body.put("reason", reason);
    }
    JsonNode answer;
    if (end) {
      if (extraUsd != null || extra != null || lasting != null || until != null) {
        throw new CliException("--end takes only --reason");
      }
      answer = http.call(context, "DELETE", path, body);
    } else {
      if (extraUsd != null) {
        body.put("extra_usd", extraUsd);
      }
      if (extra != null) {
        body.put("extra", extra);
      }
      if (lasting != null) {
        body.put("duration", iso(lasting));
      }
      if (until != null) {
        body.put("expires_at", until);
      }
      answer = http.call(context, "POST", path, body);
    }
    if (asJson) {
      context.out().println(answer.toPrettyString());
      context.out().flush();
      return Errors.OK;
    }
    context.out().println(summary(answer));
    return statuses(answer, List.of(answer.get("status")));
  }

  /** One line: whose override, its ceiling, until when, and why; or that it ended. */
  static String summary(JsonNode o) {
    String extraText = BudgetTable.amount(o, "extra");
    String line =
        "override of "
            + o.path("budget").asText()
            + " by "
            + o.path("actor").asText()
            + ": "
            + (extraText.equals("-") ? "no ceiling" : "up to " + extraText + " past the limit")
            + ", until "
            + o.path("expires_at").asText()
            + " ("
            + o.path("reason").asText()
            + ")";
    return o.has("ended_at")
        ? line + "; ended at " + o.path("ended_at").asText() + " by " + o.path("ended_by").asText()
        : line;
  }

  /** {@code 30m}, {@code 4h}, {@code 2d} as ISO-8601; anything else is sent as it is. */
  static String iso(String given) {
    Matcher m = SHORT.matcher(given.strip().toLowerCase(Locale.ROOT));
    if (!m.matches()) {
      if (given.strip().toUpperCase(Locale.ROOT).startsWith("P")) {
        return given.strip();
      }
      throw new CliException("--for: a duration such as 30m, 4h or 2d (or ISO-8601, e.g. PT4H)");
    }
    return switch (m.group(2)) {
      case "m" -> "PT" + m.group(1) + "M";
      case "h" -> "PT" + m.group(1) + "H";
      default -> "P" + m.group(1) + "D";
    };
  }
}

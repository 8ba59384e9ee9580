package dev.tollgate.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code tollgate budgets list|show|create|update|delete|set-remaining|reset|forecast|override} and
 * {@code tollgate status}: the admin API's budgets, against a running gateway ({@code --url}/{@code
 * TOLLGATE_URL}, {@code --admin-key}/{@code TOLLGATE_ADMIN_KEY}). Tables by default, {@code
 * --format json}.
 */
final class BudgetsApiCommands {

  private BudgetsApiCommands() {}

  /** Adds the subcommands to {@code budgets}. */
  static CommandLine attach(CommandLine budgets, CliContext context) {
    budgets.addSubcommand(new BudgetsList(context));
    budgets.addSubcommand(new Show(context));
    budgets.addSubcommand(new Create(context));
    budgets.addSubcommand(new Update(context));
    budgets.addSubcommand(new Delete(context));
    budgets.addSubcommand(new SetRemaining(context));
    budgets.addSubcommand(new Reset(context));
    budgets.addSubcommand(new BudgetForecastCommand(context));
    budgets.addSubcommand(new BudgetOverrideCommand(context));
    return budgets;
  }

  /** The connection and the output format. */
  abstract static class Base extends AdminCommand {
    Base(CliContext context) {
      super(context);
    }

    /** Prints {@code answer} as JSON, or its statuses as a table. */
    int statuses(JsonNode answer, List<JsonNode> statuses) {
      if (json()) {
        context.out().println(answer.toPrettyString());
      } else {
        BudgetTable.statuses(context.out(), statuses);
      }
      context.out().flush();
      return Errors.OK;
    }

    /** Prints a budget (with its {@code status}) or an adjustment (with its {@code status}). */
    int budget(JsonNode answer) {
      return statuses(answer, List.of(answer.get("status")));
    }
  }

  /** The definition options of create and update: the fields of a budgets.define entry. */
  static final class Definition {
    @Option(
        names = "--scope",
        description = "global, or dimension:value such as team:ml, key:ci, provider:openai.")
    String scope;

    @Option(
        names = "--limit-usd",
        paramLabel = "USD",
        description = "A spend limit in US dollars, e.g. 250.00.")
    String limitUsd;

    @Option(names = "--limit-tokens", paramLabel = "N", description = "A token limit instead.")
    Long limitTokens;

    @Option(names = "--limit-requests", paramLabel = "N", description = "A request limit instead.")
    Long limitRequests;

    @Option(
        names = "--period",
        description = "daily, weekly, monthly, quarterly, yearly, total or rolling:HOURS.")
    String period;

    @Option(names = "--enforcement", description = "hard (default), soft, track or adaptive.")
    String enforcement;

    @Option(
        names = "--emergency-reserve-percent",
        paramLabel = "N",
        description = "The share of the limit only critical requests may spend.")
    Integer reserve;

    ObjectNode into(ObjectNode body) {
      putText(body, "scope", scope);
      putText(body, "limit_usd", limitUsd);
      putText(body, "period", period);
      putText(body, "enforcement", enforcement);
      if (limitTokens != null) {
        body.put("limit_tokens", limitTokens);
      }
      if (limitRequests != null) {
        body.put("limit_requests", limitRequests);
      }
      if (reserve != null) {
        body.put("emergency_reserve_percent", reserve);
      }
      return body;
    }
  }

  private static void putText(ObjectNode body, String field, String value) {
    if (value != null) {
      body.put(field, value);
    }
  }

  @Command(
      name = "list",
      mixinStandardHelpOptions = true,
      description = "List the budgets of a running gateway, a page at a time.")
  static final class BudgetsList extends Base {
    @Option(names = "--scope", description = "Only the budgets of this scope, e.g. team:ml.")
    String scope;

    @Mixin PageOptions paging;

    BudgetsList(CliContext context) {
      super(context);
    }

    @Override
    public Integer call() {
      boolean asJson = json();
      List<JsonNode> budgets = new ArrayList<>();
      String query =
          "limit=" + paging.limit + (scope == null ? "" : "&scope=" + AdminHttp.query(scope));
      JsonNode page = pages("/budgets", query, paging, budgets);
      String cursor = page.path("next_cursor").asText(null);
      if (asJson) {
        context.out().println(page.toPrettyString());
      } else {
        BudgetTable.definitions(
            context.out(), budgets, page.path("has_more").asBoolean() ? cursor : null);
      }
      context.out().flush();
      return Errors.OK;
    }
  }

  @Command(
      name = "show",
      mixinStandardHelpOptions = true,
      description = "Show one budget and where it stands.")
  static final class Show extends Base {
    @Parameters(paramLabel = "ID")
    String id;

    Show(CliContext context) {
      super(context);
    }

    @Override
    public Integer call() {
      json();
      return budget(http.call(context, "GET", "/budgets/" + AdminHttp.segment(id), null));
    }
  }

  @Command(
      name = "create",
      mixinStandardHelpOptions = true,
      description = "Create a budget, enforced at once and kept in the store.")
  static final class Create extends Base {
    @Option(names = "--id", required = true, description = "Its id, e.g. team-ml-monthly.")
    String id;

    @Mixin Definition definition;

    Create(CliContext context) {
      super(context);
    }

    @Override
    public Integer call() {
      json();
      ObjectNode body = definition.into(JsonNodeFactory.instance.objectNode().put("id", id));
      return budget(http.call(context, "POST", "/budgets", body));
    }
  }

  @Command(
      name = "update",
      mixinStandardHelpOptions = true,
      description = "Change a budget created through the API (the file's are read-only).")
  static final class Update extends Base {
    @Parameters(paramLabel = "ID")
    String id;

    @Mixin Definition definition;

    Update(CliContext context) {
      super(context);
    }

    @Override
    public Integer call() {
      json();
      ObjectNode body = definition.into(JsonNodeFactory.instance.objectNode());
      if (body.isEmpty()) {
        throw new CliException(
            "nothing to change: give --scope, --limit-usd, --period, --enforcement, …");
      }
      return budget(http.call(context, "PATCH", "/budgets/" + AdminHttp.segment(id), body));
    }
  }

  @Command(
      name = "delete",
      mixinStandardHelpOptions = true,
      description = "Delete a budget created through the API; its ledger entries stay.")
  static final class Delete extends Base {
    @Parameters(paramLabel = "ID")
    String id;

    Delete(CliContext context) {
      super(context);
    }

    @Override
    public Integer call() {
      boolean asJson = json();
      JsonNode answer = http.call(context, "DELETE", "/budgets/" + AdminHttp.segment(id), null);
      context
          .out()
          .println(asJson ? answer.toPrettyString() : "deleted " + answer.path("id").asText());
      context.out().flush();
      return Errors.OK;
    }
  }

  @Command(
      name = "set-remaining",
      mixinStandardHelpOptions = true,
      description = "Set what remains of the current period, e.g. to match a provider console.")
  static final class SetRemaining extends Base {
    @Parameters(paramLabel = "ID")
    String id;

    @Option(
        names = "--usd",
        paramLabel = "USD",
        description = "The remaining amount in US dollars (cost budgets).")
    String usd;

    @Option(
        names = "--amount",
        paramLabel = "N",
        description = "The remaining tokens or requests (other budgets).")
    Long amount;

    @Option(names = "--reason", description = "Why; kept in the ledger.")
    String reason;

    SetRemaining(CliContext context) {
      super(context);
    }

    @Override
    public Integer call() {
      json();
      if ((usd == null) == (amount == null)) {
        throw new CliException("give exactly one of --usd or --amount");
      }
      ObjectNode body = JsonNodeFactory.instance.objectNode();
      putText(body, "remaining_usd", usd);
      if (amount != null) {
        body.put("remaining", amount);
      }
      putText(body, "reason", reason);
      return budget(
          http.call(context, "POST", "/budgets/" + AdminHttp.segment(id) + "/set-remaining", body));
    }
  }

  @Command(
      name = "reset",
      mixinStandardHelpOptions = true,
      description = "Reset the current period to nothing spent (recorded in the ledger).")
  static final class Reset extends Base {
    @Parameters(paramLabel = "ID")
    String id;

    @Option(names = "--reason", description = "Why; kept in the ledger.")
    String reason;

    Reset(CliContext context) {
      super(context);
    }

    @Override
    public Integer call() {
      json();
      ObjectNode body = JsonNodeFactory.instance.objectNode();
      putText(body, "reason", reason);
      return budget(
          http.call(context, "POST", "/budgets/" + AdminHttp.segment(id) + "/reset", body));
    }
  }

  /** {@code tollgate status [--scope S]}: where the budgets stand, from a running gateway. */
  @Command(
      name = "status",
      mixinStandardHelpOptions = true,
      description = {
        "Where the budgets of a running gateway stand: spent, reserved, available, health,",
        "projection; every budget, or those of --scope."
      })
  static final class Status extends Base {
    @Option(
        names = "--scope",
        description = "Only this scope, e.g. global, team:ml, provider:openai.")
    String scope;

    Status(CliContext context) {
      super(context);
    }

    @Override
    public Integer call() {
      json();
      // Every page: the answer is paged by budget id, 200 at most per page.
      String query =
          "/status?limit=200" + (scope == null ? "" : "&scope=" + AdminHttp.query(scope));
      ObjectNode all = (ObjectNode) http.call(context, "GET", query, null);
      ArrayNode data = (ArrayNode) all.get("data");
      JsonNode page = all;
      while (page.path("has_more").asBoolean()) {
        String after = "&after=" + AdminHttp.query(page.path("next_cursor").asText());
        page = http.call(context, "GET", query + after, null);
        page.get("data").forEach(data::add);
      }
      all.put("has_more", false).putNull("next_cursor");
      List<JsonNode> statuses = new ArrayList<>();
      data.forEach(statuses::add);
      return statuses(all, statuses);
    }
  }
}

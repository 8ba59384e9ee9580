package dev.tollgate.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code tollgate keys create|list|show|update|rotate|revoke}: the admin API's keys, from the
 * command line, against a running gateway. Tables by default, {@code --format json} for scripts.
 */
@Command(
    name = "keys",
    mixinStandardHelpOptions = true,
    versionProvider = VersionProvider.class,
    description = "Manage the virtual keys of a running gateway through its admin API.")
final class KeysCommand implements Runnable {

  @Spec CommandSpec spec;

  @Override
  public void run() {
    throw new ParameterException(spec.commandLine(), "missing a keys command");
  }

  /** The command with its subcommands, each given {@code context}. */
  static CommandLine commandLine(CliContext context) {
    CommandLine keys = new CommandLine(new KeysCommand());
    keys.addSubcommand(new Create(context));
    keys.addSubcommand(new KeysList(context));
    keys.addSubcommand(new Show(context));
    keys.addSubcommand(new Update(context));
    keys.addSubcommand("rotate", new Action(context, "rotate"));
    keys.addSubcommand("revoke", new Action(context, "revoke"));
    return keys;
  }

  /** What every keys command shares: the connection and the output format. */
  abstract static class Base extends AdminCommand {
    Base(CliContext context) {
      super(context);
    }

    int print(JsonNode key) {
      if (json()) {
        context.out().println(key.toPrettyString());
      } else {
        KeyTable.details(context.out(), key);
      }
      context.out().flush();
      return Errors.OK;
    }
  }

  /** The limit options of create and update. */
  static final class Limits {
    @Option(
        names = "--model",
        paramLabel = "MODEL",
        description = "An allowed model or pattern (openai/*, gpt-4o*); repeat for more.")
    List<String> models;

    @Option(names = "--rpm", description = "Requests per minute for this key.")
    Long rpm;

    @Option(names = "--tpm", description = "Tokens per minute for this key.")
    Long tpm;

    @Option(
        names = "--expires",
        paramLabel = "INSTANT",
        description = "When the key stops working, e.g. 2026-12-31T00:00:00Z; 'never' clears it.")
    String expires;

    @Option(
        names = "--response-cache",
        arity = "1",
        paramLabel = "true|false",
        description = "Whether answers may come from the response cache.")
    Boolean responseCache;

    @Option(
        names = "--budget",
        paramLabel = "USD/PERIOD[/soft]",
        description = "A spend budget, e.g. 10.00/monthly or 2/daily/soft; repeat for more.")
    List<String> budgets;

    void into(ObjectNode body) {
      if (models != null) {
        models.forEach(body.putArray("allowed_models")::add);
      }
      if (rpm != null) {
        body.put("rpm", rpm);
      }
      if (tpm != null) {
        body.put("tpm", tpm);
      }
      if (expires != null) {
        body.put("expires_at", expires.equals("never") ? null : expires);
      }
      if (responseCache != null) {
        body.put("response_cache", responseCache);
      }
      if (budgets != null) {
        var list = body.putArray("budgets");
        for (String b : budgets) {
          String[] parts = b.split("/");
          if (parts.length < 2 || parts.length > 3) {
            throw new CliException(
                "--budget: must be USD/PERIOD[/soft], e.g. 10.00/monthly, got '" + b + "'");
          }
          ObjectNode o = list.addObject().put("limit_usd", parts[0]).put("period", parts[1]);
          o.put("enforcement", parts.length == 3 ? parts[2] : "hard");
        }
      }
    }
  }

  @Command(
      name = "create",
      mixinStandardHelpOptions = true,
      description = "Create a key; its secret is shown once.")
  static final class Create extends Base {
    @Option(names = "--id", description = "Its id (default: generated).")
    String id;

    @Option(names = "--name")
    String name;

    @Option(names = "--user")
    String user;

    @Option(names = "--team")
    String team;

    @Option(names = "--project")
    String project;

    @Option(names = "--service")
    String service;

    @Option(names = "--tag", paramLabel = "TAG", description = "A tag; repeat for more.")
    List<String> tags;

    @Mixin Limits limits;

    Create(CliContext context) {
      super(context);
    }

    @Override
    public Integer call() {
      json();
      ObjectNode body = JsonNodeFactory.instance.objectNode();
      String[][] texts = {
        {"id", id},
        {"name", name},
        {"user", user},
        {"team", team},
        {"project", project},
        {"service", service}
      };
      for (String[] t : texts) {
        if (t[1] != null) {
          body.put(t[0], t[1]);
        }
      }
      if (tags != null) {
        tags.forEach(body.putArray("tags")::add);
      }
      limits.into(body);
      return print(http.call(context, "POST", "/keys", body));
    }
  }

  @Command(
      name = "list",
      mixinStandardHelpOptions = true,
      description = "List the keys, a page at a time.")
  static final class KeysList extends Base {
    @Mixin PageOptions paging;

    KeysList(CliContext context) {
      super(context);
    }

    @Override
    public Integer call() {
      boolean asJson = json();
      List<JsonNode> keys = new ArrayList<>();
      JsonNode page = pages("/keys", "limit=" + paging.limit, paging, keys);
      String cursor = page.path("next_cursor").asText(null);
      if (asJson) {
        ObjectNode out = JsonNodeFactory.instance.objectNode().put("object", "list");
        keys.forEach(out.putArray("data")::add);
        out.put("has_more", page.path("has_more").asBoolean());
        out.set("next_cursor", page.get("next_cursor"));
        context.out().println(out.toPrettyString());
      } else {
        KeyTable.list(context.out(), keys, page.path("has_more").asBoolean() ? cursor : null);
      }
      context.out().flush();
      return Errors.OK;
    }
  }

  @Command(name = "show", mixinStandardHelpOptions = true, description = "Show one key.")
  static final class Show extends Base {
    @Parameters(paramLabel = "ID")
    String id;

    Show(CliContext context) {
      super(context);
    }

    @Override
    public Integer call() {
      json();
      return print(http.call(context, "GET", "/keys/" + AdminHttp.segment(id), null));
    }
  }

  @Command(
      name = "update",
      mixinStandardHelpOptions = true,
      description = "Change a key's models, rate limits, expiry, cache flag or budgets.")
  static final class Update extends Base {
    @Parameters(paramLabel = "ID")
    String id;

    @Mixin Limits limits;

    Update(CliContext context) {
      super(context);
    }

    @Override
    public Integer call() {
      json();
      ObjectNode body = JsonNodeFactory.instance.objectNode();
      limits.into(body);
      if (body.isEmpty()) {
        throw new CliException(
            "nothing to change: give --model, --rpm, --tpm, --expires, --response-cache or --budget");
      }
      return print(http.call(context, "PATCH", "/keys/" + AdminHttp.segment(id), body));
    }
  }

  /** {@code rotate} (a new secret, shown once) and {@code revoke}: a POST on the key. */
  @Command(mixinStandardHelpOptions = true, description = "Rotate or revoke a key.")
  static final class Action extends Base {
    private final String action;

    @Parameters(paramLabel = "ID")
    String id;

    Action(CliContext context, String action) {
      super(context);
      this.action = action;
    }

    @Override
    public Integer call() {
      json();
      return print(
          http.call(context, "POST", "/keys/" + AdminHttp.segment(id) + "/" + action, null));
    }
  }

  private KeysCommand() {}
}

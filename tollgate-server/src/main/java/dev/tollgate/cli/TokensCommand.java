package dev.tollgate.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code tollgate tokens create|list|revoke}: scoped admin tokens (roles admin, finance,
 * team-manager) of a running gateway, through its admin API; needs an admin-role key.
 */
@Command(
    name = "tokens",
    mixinStandardHelpOptions = true,
    versionProvider = VersionProvider.class,
    description = "Manage the scoped admin tokens of a running gateway (admin role only).")
final class TokensCommand implements Runnable {

  @Spec CommandSpec spec;

  @Override
  public void run() {
    throw new ParameterException(spec.commandLine(), "missing a tokens command");
  }

  /** The command with its subcommands, each given {@code context}. */
  static CommandLine commandLine(CliContext context) {
    CommandLine tokens = new CommandLine(new TokensCommand());
    tokens.addSubcommand(new Create(context));
    tokens.addSubcommand(new TokensList(context));
    tokens.addSubcommand(new Revoke(context));
    return tokens;
  }

  /** One token on one line. */
  static void line(PrintWriter out, JsonNode t) {
    out.println(
        t.path("id").asText()
            + "  "
            + t.path("role").asText()
            + (t.path("team").isTextual() ? " of " + t.path("team").asText() : "")
            + "  "
            + t.path("prefix").asText()
            + "…  created "
            + t.path("created_at").asText()
            + (t.path("revoked_at").isTextual() ? "  REVOKED " + t.path("revoked_at").asText() : "")
            + (t.path("name").asText("").isEmpty() ? "" : "  " + t.path("name").asText()));
  }

  @Command(
      name = "create",
      mixinStandardHelpOptions = true,
      description = "Create an admin token; its secret is shown once.")
  static final class Create implements Callable<Integer> {
    private final CliContext context;

    @Mixin AdminHttp http;

    @Option(
        names = "--role",
        required = true,
        description = "admin, finance (reads everything, changes nothing) or team-manager.")
    String role;

    @Option(names = "--team", description = "The team a team-manager manages.")
    String team;

    @Option(names = "--name", description = "What the token is for.")
    String name;

    @Option(names = "--id", description = "Its id (default: tok-<random>).")
    String id;

    Create(CliContext context) {
      this.context = context;
    }

    @Override
    public Integer call() {
      ObjectNode body = JsonNodeFactory.instance.objectNode().put("role", role);
      if (team != null) {
        body.put("team", team);
      }
      if (name != null) {
        body.put("name", name);
      }
      if (id != null) {
        body.put("id", id);
      }
      JsonNode t = http.call(context, "POST", "/tokens", body);
      line(context.out(), t);
      context.out().println("token: " + t.path("token").asText());
      context.out().println("Store it now: it is not shown again.");
      context.out().flush();
      return Errors.OK;
    }
  }

  @Command(
      name = "list",
      mixinStandardHelpOptions = true,
      description = "List the admin tokens, revoked ones too.")
  static final class TokensList implements Callable<Integer> {
    private final CliContext context;

    @Mixin AdminHttp http;

    TokensList(CliContext context) {
      this.context = context;
    }

    @Override
    public Integer call() {
      String cursor = null;
      JsonNode page;
      do {
        page =
            http.call(
                context,
                "GET",
                "/tokens?limit=200" + (cursor == null ? "" : "&after=" + AdminHttp.query(cursor)),
                null);
        page.get("data").forEach(t -> line(context.out(), t));
        cursor = page.path("next_cursor").asText(null);
      } while (page.path("has_more").asBoolean());
      context.out().flush();
      return Errors.OK;
    }
  }

  @Command(
      name = "revoke",
      mixinStandardHelpOptions = true,
      description = "Revoke an admin token; it stops working at once.")
  static final class Revoke implements Callable<Integer> {
    private final CliContext context;

    @Mixin AdminHttp http;

    @Parameters(paramLabel = "ID")
    String id;

    Revoke(CliContext context) {
      this.context = context;
    }

    @Override
    public Integer call() {
      line(
          context.out(),
          http.call(context, "POST", "/tokens/" + AdminHttp.segment(id) + "/revoke", null));
      context.out().flush();
      return Errors.OK;
    }
  }

  private TokensCommand() {}
}

package dev.tollgate.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * The {@code tollgate} command. Exit codes: 0 success, 1 a failure at run time (one line on
 * stderr), 2 a usage error.
 */
public final class Main {

  private Main() {}

  /** Runs the command line and exits with its code. */
  public static void main(String[] args) {
    System.exit(run(args, CliContext.system()));
  }

  /** Runs the command line against {@code context} and returns the exit code. */
  public static int run(String[] args, CliContext context) {
    if (args.length > 0 && args[0].equals("serve")) {
      // Start-up: picocli reflects over every annotated field of every subcommand it is given
      // (about 9 of the main thread's 32 JFR samples before the gateway started); serve needs only
      // its own. "tollgate serve --help" still names its parent, which is all it shows of it.
      return configure(
              new CommandLine(new Tollgate()).addSubcommand(new ServeCommand(context)), context)
          .execute(args);
    }
    return commandLine(context).execute(args);
  }

  /** The command tree. To add a subcommand, add one line to the list here. */
  static CommandLine commandLine(CliContext context) {
    CommandLine cli = new CommandLine(new Tollgate());
    cli.addSubcommand(new ServeCommand(context));
    cli.addSubcommand(new PriceCommand(context));
    cli.addSubcommand(new ModelsCommand(context));
    cli.addSubcommand(
        PricesApiCommands.attach(new picocli.CommandLine(new PricesCommand(context)), context));
    cli.addSubcommand(
        BudgetsApiCommands.attach(new picocli.CommandLine(new BudgetsCommand(context)), context));
    cli.addSubcommand(new BudgetsApiCommands.Status(context));
    cli.addSubcommand(KeysCommand.commandLine(context));
    cli.addSubcommand(TokensCommand.commandLine(context));
    cli.addSubcommand(AuditCommand.commandLine(context));
    cli.addSubcommand(new SimulateCommand(context));
    cli.addSubcommand(new ReportCommand(context));
    cli.addSubcommand(new ExportCommand(context));
    cli.addSubcommand(new RecommendationsCommand(context));
    return configure(cli, context);
  }

  private static CommandLine configure(CommandLine cli, CliContext context) {
    cli.setOut(context.out());
    cli.setErr(context.err());
    cli.setParameterExceptionHandler(Errors::usage);
    cli.setExecutionExceptionHandler(Errors::runtime);
    return cli;
  }

  /** The top-level command: on its own it only shows help. */
  @Command(
      name = "tollgate",
      mixinStandardHelpOptions = true,
      versionProvider = VersionProvider.class,
      description = {
        "A self-hosted LLM gateway that prices every token and enforces spend budgets.",
        ""
      },
      synopsisSubcommandLabel = "COMMAND",
      commandListHeading = "%nCommands:%n",
      footer = {"", "Run 'tollgate COMMAND --help' for a command's options."})
  static final class Tollgate implements Runnable {

    @Spec CommandSpec spec;

    @Override
    public void run() {
      throw new ParameterException(spec.commandLine(), "missing a command");
    }
  }
}

package dev.tollgate.cli;

import dev.tollgate.catalog.FeedImport;
import dev.tollgate.catalog.PriceBook;
import dev.tollgate.config.TollgateConfig;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code tollgate prices import FILE|URL [--dry-run] [--gateway]}: replaces the base catalog with a
 * feed, in the data directory for the next start, or with {@code --gateway} in a running gateway at
 * once; {@code prices set|unset} ({@link PricesApiCommands}) change one model's price in a running
 * gateway.
 */
@Command(
    name = "prices",
    mixinStandardHelpOptions = true,
    description = "Manage the price catalog.",
    subcommands = PricesCommand.Import.class)
final class PricesCommand implements Runnable {

  private final CliContext context;

  @Spec CommandSpec spec;

  PricesCommand(CliContext context) {
    this.context = context;
  }

  @Override
  public void run() {
    throw new ParameterException(spec.commandLine(), "missing a subcommand: import, set or unset");
  }

  /** {@code tollgate prices import}. */
  @Command(
      name = "import",
      mixinStandardHelpOptions = true,
      description = {
        "Import a genai-prices v2 or LiteLLM model_prices_and_context_window.json feed from a file",
        "or an http(s) URL, print the price changes, and save it in the data directory, where the",
        "next start of the gateway uses it. Refuses a feed that does not parse, or that would",
        "remove more than 10% of the current models. With --gateway, imports it into the running",
        "gateway instead (--url, --admin-key), in force at once: a file is sent, a URL is fetched",
        "by the gateway."
      })
  static final class Import implements Callable<Integer> {

    @picocli.CommandLine.ParentCommand PricesCommand parent;

    @Mixin ConfigOption config;

    @Parameters(paramLabel = "FILE|URL", description = "Where to read the feed.")
    String location;

    @Option(names = "--dry-run", description = "Print the changes without saving anything.")
    boolean dryRun;

    @Option(
        names = "--gateway",
        description = "Import into the running gateway (--url, --admin-key), not the data dir.")
    boolean gateway;

    @Mixin AdminHttp http;

    @Override
    public Integer call() {
      CliContext context = parent.context;
      if (gateway) {
        return PricesApiCommands.importInto(http, context, location, dryRun);
      }
      TollgateConfig loaded = config.load(context);
      PriceBook current = PriceBook.load(loaded);
      FeedImport.Outcome outcome =
          FeedImport.run(
              location,
              current,
              loaded.storage().dataDir(),
              context.workingDir(),
              dryRun,
              context.clock().instant());
      PrintWriter out = context.out();
      out.println("Changes from the " + current.baseName() + " to " + location + ":");
      out.print(outcome.diff().render());
      outcome.notes().forEach(note -> out.println("  note: " + note));
      if (outcome.written() == null) {
        out.println("dry run: nothing saved (" + outcome.models() + " models would be in use)");
      } else {
        // PriceBook prefers pricing.catalog to the imported file, so a restart alone is not enough.
        String use =
            loaded
                .pricing()
                .catalog()
                .map(
                    c ->
                        "; pricing.catalog is set and wins over it: remove pricing.catalog ("
                            + c
                            + ") and restart the gateway to use them")
                .orElse("; restart the gateway to use them");
        out.println("saved " + outcome.models() + " models to " + outcome.written() + use);
      }
      out.flush();
      return Errors.OK;
    }
  }
}

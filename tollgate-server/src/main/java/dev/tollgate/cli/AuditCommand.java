package dev.tollgate.cli;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tollgate.audit.AuditChain;
import dev.tollgate.config.TollgateConfig;
import dev.tollgate.store.Store;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * {@code tollgate audit verify}: checks the admin audit log's hash chain, offline in the data
 * directory by default or through a running gateway with {@code --remote}. Exit 0 with a one-line
 * summary when intact, 1 naming the first broken row.
 */
@Command(
    name = "audit",
    mixinStandardHelpOptions = true,
    versionProvider = VersionProvider.class,
    description = "The admin audit log.")
final class AuditCommand implements Runnable {

  @Spec CommandSpec spec;

  @Override
  public void run() {
    throw new ParameterException(spec.commandLine(), "missing an audit command");
  }

  /** The command with its subcommands, each given {@code context}. */
  static CommandLine commandLine(CliContext context) {
    CommandLine audit = new CommandLine(new AuditCommand());
    audit.addSubcommand(new Verify(context));
    return audit;
  }

  @Command(
      name = "verify",
      mixinStandardHelpOptions = true,
      description = {
        "Verify the audit log's hash chain: every row unchanged, none missing or reordered.",
        "Reads the database in the data directory (storage.data_dir) unless --remote."
      })
  static final class Verify implements Callable<Integer> {
    private final CliContext context;

    @Mixin ConfigOption config;

    @Mixin AdminHttp http;

    @Option(
        names = "--data-dir",
        paramLabel = "DIR",
        description = "The data directory holding tollgate.db (default: storage.data_dir).")
    java.nio.file.Path dataDir;

    @Option(
        names = "--remote",
        description = "Ask the running gateway (--url, --admin-key) instead of reading the file.")
    boolean remote;

    Verify(CliContext context) {
      this.context = context;
    }

    @Override
    public Integer call() {
      if (remote) {
        JsonNode v = http.call(context, "GET", "/audit/verify", null);
        return report(
            v.path("ok").asBoolean(),
            v.path("rows").asLong(),
            v.path("last_hash").asText(),
            v.path("broken").path("seq").asLong(),
            v.path("broken").path("reason").asText());
      }
      java.nio.file.Path dir = dataDir;
      if (dir == null) {
        TollgateConfig loaded = config.load(context);
        dir = loaded.storage().dataDir();
      }
      if (!java.nio.file.Files.isRegularFile(dir.resolve(Store.SQLITE_FILE))) {
        throw new CliException("no database at " + dir.resolve(Store.SQLITE_FILE));
      }
      try (Store store = Store.openSqlite(dir, context.clock())) {
        AuditChain.Verification v = AuditChain.verify(store.audit());
        return report(
            v.ok(),
            v.rows(),
            v.lastHash(),
            v.broken().map(AuditChain.Broken::seq).orElse(0L),
            v.broken().map(AuditChain.Broken::reason).orElse(""));
      }
    }

    private int report(boolean ok, long rows, String lastHash, long seq, String reason) {
      if (ok) {
        context
            .out()
            .println(
                "audit log intact: "
                    + rows
                    + " rows, last hash "
                    + (rows == 0 ? "(none)" : lastHash.substring(0, 16) + "…"));
        context.out().flush();
        return Errors.OK;
      }
      context
          .err()
          .println(
              "audit log BROKEN at row "
                  + seq
                  + ": "
                  + reason
                  + " (rows before it intact: "
                  + rows
                  + ")");
      context.err().flush();
      return Errors.RUNTIME_ERROR;
    }
  }

  private AuditCommand() {}
}

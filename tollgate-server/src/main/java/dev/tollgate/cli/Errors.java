package dev.tollgate.cli;

import dev.tollgate.config.ConfigException;
import dev.tollgate.pricing.CatalogException;
import dev.tollgate.pricing.feed.FeedRejectedException;
import dev.tollgate.server.StartupException;
import dev.tollgate.store.StoreException;
import java.io.PrintWriter;
import java.util.List;
import picocli.CommandLine;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.ParseResult;

/**
 * The one place that turns a failure into an exit code and what the operator reads. Expected
 * failures print one line, {@code error: <message>}, and exit {@value #RUNTIME_ERROR}; a usage
 * error also points at {@code --help} and exits {@value #USAGE_ERROR}. Anything else is a bug and
 * keeps its stack trace.
 */
final class Errors {

  /** Exit code for success. */
  static final int OK = 0;

  /** Exit code for a failure at run time: bad configuration, port in use, and so on. */
  static final int RUNTIME_ERROR = 1;

  /** Exit code for a command line that does not parse. */
  static final int USAGE_ERROR = 2;

  /** Exceptions whose message says everything; add a command's own ones here. */
  private static final List<Class<? extends Exception>> EXPECTED =
      List.of(
          ConfigException.class,
          StartupException.class,
          StoreException.class,
          CliException.class,
          CatalogException.class,
          FeedRejectedException.class);

  private Errors() {}

  /** Handles a command line that picocli could not parse. */
  static int usage(ParameterException e, String[] args) {
    CommandLine command = e.getCommandLine();
    PrintWriter err = command.getErr();
    err.println("error: " + e.getMessage());
    err.println("Try '" + command.getCommandSpec().qualifiedName() + " --help' for usage.");
    err.flush();
    return USAGE_ERROR;
  }

  /** Handles an exception thrown by a command. */
  static int runtime(Exception e, CommandLine command, ParseResult parsed) {
    PrintWriter err = command.getErr();
    if (EXPECTED.stream().anyMatch(type -> type.isInstance(e))) {
      err.println("error: " + e.getMessage());
    } else {
      err.println("error: unexpected failure, please report it: " + e);
      e.printStackTrace(err);
    }
    err.flush();
    return RUNTIME_ERROR;
  }
}

package dev.tollgate.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Instant;
import java.time.InstantSource;
import java.util.Map;
import java.util.Objects;

/**
 * What a command may use from the outside world, passed in so that tests can supply their own: the
 * environment, the working directory, the clock and the output streams.
 *
 * @param env the environment variables
 * @param workingDir the directory relative paths are resolved against
 * @param clock the only source of the current time
 * @param processStart when the process started, to report how long start-up took
 * @param out standard output, for results
 * @param err standard error, for problems
 */
public record CliContext(
    Map<String, String> env,
    Path workingDir,
    InstantSource clock,
    Instant processStart,
    PrintWriter out,
    PrintWriter err) {

  public CliContext {
    env = Map.copyOf(env);
    Objects.requireNonNull(workingDir, "workingDir");
    Objects.requireNonNull(clock, "clock");
    Objects.requireNonNull(processStart, "processStart");
    Objects.requireNonNull(out, "out");
    Objects.requireNonNull(err, "err");
  }

  /** The real environment, working directory, system clock and standard streams. */
  public static CliContext system() {
    InstantSource clock = InstantSource.system();
    // The operating system's start time includes JVM start-up, which is what an operator waits for.
    Instant started = ProcessHandle.current().info().startInstant().orElseGet(clock::instant);
    return new CliContext(
        System.getenv(),
        Path.of("").toAbsolutePath(),
        clock,
        started,
        new PrintWriter(System.out, true),
        new PrintWriter(System.err, true));
  }
}

package dev.tollgate.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.InstantSource;
import java.util.HashMap;
import java.util.Map;

/**
 * Runs {@link Main} in a temporary working directory with a fixed clock, an environment of the
 * test's choosing and captured output, so that command output is the same on every run.
 */
final class Cli {

  /** What the fixed clock says: before claude-sonnet-5's 2026-09-01 price change. */
  static final Instant NOW = Instant.parse("2026-05-01T12:00:00Z");

  private final Path dir;
  private final Map<String, String> env = new HashMap<>();
  private StringWriter out = new StringWriter();
  private StringWriter err = new StringWriter();

  Cli(Path dir) {
    this.dir = dir;
  }

  /**
   * A CLI in {@code dir} pointed at {@code gateway} with its admin key, as an operator's would be.
   */
  static Cli against(Path dir, dev.tollgate.server.Gateway gateway) {
    return new Cli(dir)
        .env("TOLLGATE_URL", "http://127.0.0.1:" + gateway.port())
        .env("TOLLGATE_ADMIN_KEY", gateway.adminKeySecret().orElseThrow());
  }

  /** Sets an environment variable for the following runs. */
  Cli env(String name, String value) {
    env.put(name, value);
    return this;
  }

  /** Writes {@code text} to {@code name} in the working directory and returns its path. */
  Path write(String name, String text) throws IOException {
    Path file = dir.resolve(name);
    Files.createDirectories(file.getParent());
    return Files.writeString(file, text);
  }

  /** Runs the command line with fresh output buffers and returns its exit code. */
  int run(String... args) {
    out = new StringWriter();
    err = new StringWriter();
    CliContext context =
        new CliContext(
            env,
            dir,
            InstantSource.fixed(NOW),
            NOW,
            new PrintWriter(out, true),
            new PrintWriter(err, true));
    return Main.run(args, context);
  }

  /** Standard output of the last run, with {@code \n} line ends. */
  String out() {
    return out.toString().replace(System.lineSeparator(), "\n");
  }

  /** Standard error of the last run, with {@code \n} line ends. */
  String err() {
    return err.toString().replace(System.lineSeparator(), "\n");
  }
}

package dev.tollgate.bench.load;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine;

/**
 * Runs a plan of {@link LoadGen} measurements one after another in this one JVM: one measurement
 * per line of the plan file, its options separated by tabs; blank lines and lines starting with
 * {@code #} are skipped. Each measurement prints what {@code LoadGen} prints, to standard output.
 *
 * <p>Why one JVM: a load generator started afresh for each measurement was still compiling its own
 * hot code in the measured window. Recorded with {@code perf sched} during a 1,000 rps measurement
 * after 5 s of warm-up, its C2 compiler threads ran 592 ms in 6 s, and on a 2-core machine they
 * pushed the gateway's and the upstream's event loops off the cores (docs/BENCHMARKS.md, "Profiling
 * notes, fifth pass"). Every path paid it, which inflated every path's tail.
 *
 * <pre>
 * java -cp tollgate-bench/target/benchmarks.jar dev.tollgate.bench.load.LoadPlan plan.tsv
 * </pre>
 *
 * <p>A measurement that fails (a usage error, an unreachable target) is reported on standard error
 * with its line number and the plan goes on; the exit code is 1 when any failed.
 */
public final class LoadPlan {

  private LoadPlan() {}

  public static void main(String[] args) throws IOException {
    if (args.length != 1) {
      System.err.println(
          "usage: LoadPlan PLAN_FILE (one LoadGen measurement a line, tab-separated)");
      System.exit(2);
    }
    PrintWriter err = new PrintWriter(System.err, true, StandardCharsets.UTF_8);
    int failed = run(Files.readAllLines(Path.of(args[0]), StandardCharsets.UTF_8), err);
    System.out.flush();
    System.exit(failed == 0 ? 0 : 1);
  }

  /**
   * Runs each measurement line in order.
   *
   * @return how many measurements failed
   */
  static int run(List<String> lines, PrintWriter err) {
    int failed = 0;
    int total = (int) lines.stream().filter(LoadPlan::isMeasurement).count();
    int done = 0;
    for (int i = 0; i < lines.size(); i++) {
      String line = lines.get(i);
      if (!isMeasurement(line)) {
        continue;
      }
      String[] args = line.split("\t");
      err.printf(
          "[loadplan %s] %d of %d: %s%n",
          LocalTime.now(ZoneOffset.UTC).truncatedTo(ChronoUnit.SECONDS),
          ++done,
          total,
          labels(args));
      int code = execute(args, err);
      System.out.flush();
      if (code != 0) {
        failed++;
        err.printf("loadplan: the measurement on line %d failed (exit code %d)%n", i + 1, code);
      }
    }
    return failed;
  }

  private static boolean isMeasurement(String line) {
    return !line.isBlank() && !line.startsWith("#");
  }

  /**
   * The measurement's {@code --meta} labels, or its URL when it has none: for the progress line.
   */
  private static String labels(String[] args) {
    List<String> labels = new ArrayList<>();
    String url = "";
    for (int i = 0; i + 1 < args.length; i++) {
      switch (args[i]) {
        case "--meta" -> labels.add(args[i + 1]);
        case "--url" -> url = args[i + 1];
        default -> {}
      }
    }
    return labels.isEmpty() ? url : String.join(" ", labels);
  }

  private static int execute(String[] args, PrintWriter err) {
    CommandLine cli = new CommandLine(new LoadGen()).setErr(err);
    // A measurement that throws is counted and reported like a usage error, not the end of the
    // plan.
    cli.setExecutionExceptionHandler(
        (ex, commandLine, parseResult) -> {
          err.println("loadplan: " + ex);
          return 1;
        });
    return cli.execute(args);
  }
}

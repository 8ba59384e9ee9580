package dev.tollgate.cli;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.regex.Pattern;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code tollgate export}: the usage events, the usage rollups or the FOCUS cost dataset of a
 * running gateway, as CSV or JSON, to a file or standard output. It reads {@code
 * /admin/v1/export/...} a page at a time, following {@code next_cursor}, and writes each row as it
 * is parsed, so memory stays the same whatever the export's size; a file is written beside its name
 * and renamed into place only when the last page has arrived.
 */
@Command(
    name = "export",
    mixinStandardHelpOptions = true,
    versionProvider = VersionProvider.class,
    description = {
      "Export the usage events, usage rollups or FOCUS cost rows of a running gateway.",
      "",
      "  events   every request, billable or not, with its usage and exact cost",
      "  rollups  sums per UTC hour or day and key, user, team, provider, model, …",
      "  focus    a FinOps FOCUS cost dataset: a row per day, model and key",
      "",
      "Example: tollgate export events --since 7d --format csv --output events.csv"
    },
    footer = {
      "",
      "Times are UTC and rounded outward to whole hours. Money is exact decimal USD.",
      "Needs an admin or finance key. Exit codes: 0 written, 1 failed (one line on stderr),"
          + " 2 usage error."
    })
final class ExportCommand implements Callable<Integer> {

  private static final Pattern AGE = Pattern.compile("[1-9][0-9]{0,4}[hdw]");

  private final CliContext context;

  @Mixin AdminHttp http;

  @Parameters(
      index = "0",
      paramLabel = "WHAT",
      description = "events, rollups or focus.",
      completionCandidates = Whats.class)
  String what;

  @Option(
      names = "--since",
      paramLabel = "AGE|TIME",
      description =
          "Start: an age back from --until (24h, 7d, 4w) or a time (2026-11-01,"
              + " 2026-11-01T09:00:00Z). Default: 30 days back.")
  String since;

  @Option(
      names = "--until",
      paramLabel = "TIME",
      description = "End, exclusive: 2026-12-01 or an instant. Default: now.")
  String until;

  @Option(
      names = "--format",
      defaultValue = "csv",
      paramLabel = "FORMAT",
      description = "csv (default) or json (an array, one object a line).")
  String format;

  @Option(
      names = {"-o", "--output"},
      paramLabel = "FILE",
      description = "Write to FILE (replaced only once the export is complete); default stdout.")
  Path output;

  @Option(
      names = "--bucket",
      paramLabel = "hour|day",
      description = "rollups only: hourly or daily rows (default day).")
  String bucket;

  @Option(
      names = "--page-size",
      defaultValue = "5000",
      paramLabel = "N",
      description = "Rows asked for per request, 1 to 10000 (default 5000).")
  int pageSize;

  ExportCommand(CliContext context) {
    this.context = context;
  }

  /** The exports there are. */
  static final class Whats extends ArrayList<String> {
    Whats() {
      super(List.of("events", "rollups", "focus"));
    }
  }

  @Override
  public Integer call() {
    String query = query();
    if (output == null) {
      copy(query, context.out());
      context.out().flush();
      return Errors.OK;
    }
    Path target = context.workingDir().resolve(output);
    Path partial = target.resolveSibling(target.getFileName() + ".part");
    try {
      try (Writer out = Files.newBufferedWriter(partial, StandardCharsets.UTF_8)) {
        copy(query, out);
      }
      Files.move(partial, target, StandardCopyOption.REPLACE_EXISTING);
    } catch (IOException | UncheckedIOException e) {
      deleteQuietly(partial);
      throw new CliException("cannot write " + target + ": " + e.getMessage());
    } catch (RuntimeException e) {
      deleteQuietly(partial);
      throw e;
    }
    return Errors.OK;
  }

  private String query() {
    if (!new Whats().contains(what)) {
      throw new CliException("WHAT: must be events, rollups or focus, got '" + what + "'");
    }
    if (!format.equals("csv") && !format.equals("json")) {
      throw new CliException("--format: must be csv or json, got '" + format + "'");
    }
    if (pageSize < 1 || pageSize > 10_000) {
      throw new CliException("--page-size: must be from 1 to 10000, got " + pageSize);
    }
    List<String> parts = new ArrayList<>(List.of("format=json", "limit=" + pageSize));
    if (bucket != null) {
      if (!what.equals("rollups")) {
        throw new CliException("--bucket: only rollups have buckets");
      }
      parts.add("bucket=" + AdminHttp.query(bucket));
    }
    if (since != null) {
      parts.add((AGE.matcher(since).matches() ? "since=" : "from=") + AdminHttp.query(since));
    }
    if (until != null) {
      parts.add("to=" + AdminHttp.query(until));
    }
    return "/export/" + what + "?" + String.join("&", parts);
  }

  /** Reads every page into {@code out}, in {@code format}. */
  private void copy(String query, Writer out) {
    ExportPage.Output sink = ExportPage.output(format, out);
    String cursor = null;
    do {
      String path = query + (cursor == null ? "" : "&cursor=" + AdminHttp.query(cursor));
      cursor = http.stream(context, path, in -> ExportPage.read(in, sink));
    } while (cursor != null);
    sink.finish();
  }

  private static void deleteQuietly(Path file) {
    try {
      Files.deleteIfExists(file);
    } catch (IOException ignored) {
      // The export already failed; that is what the operator reads.
    }
  }
}

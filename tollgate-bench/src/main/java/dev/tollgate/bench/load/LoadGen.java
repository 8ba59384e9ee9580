package dev.tollgate.bench.load;

import io.vertx.core.Context;
import io.vertx.core.MultiMap;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.buffer.Buffer;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * The load generator: an open loop at a fixed rate (latency corrected for coordinated omission), or
 * with {@code --saturate} a closed loop of {@code --connections} clients sending back to back, for
 * the highest throughput. Prints one result as JSON (one line) or Markdown.
 *
 * <pre>
 * java -cp tollgate-bench/target/benchmarks.jar dev.tollgate.bench.load.LoadGen \
 *   --url http://127.0.0.1:4000/v1/chat/completions --body chat.json \
 *   -H 'Authorization: Bearer tg-…' --rate 1000 --duration 20 --warmup 5
 * </pre>
 */
@Command(
    name = "loadgen",
    mixinStandardHelpOptions = true,
    description =
        "Open-loop HTTP load generator with HdrHistogram latency (see docs/BENCHMARKS.md).")
public final class LoadGen implements Callable<Integer> {

  @Spec CommandSpec spec;

  @Option(names = "--url", required = true, description = "Where to POST.")
  URI url;

  @Option(names = "--body", required = true, description = "File holding the request body.")
  Path body;

  @Option(
      names = {"-H", "--header"},
      description = "A header, 'Name: value'; repeatable.")
  List<String> headers = new ArrayList<>();

  @Option(names = "--rate", defaultValue = "1000", description = "Requests per second (open loop).")
  long rate;

  @Option(names = "--saturate", description = "Closed loop for the highest throughput instead.")
  boolean saturate;

  @Option(names = "--duration", defaultValue = "20", description = "Measured seconds.")
  double duration;

  @Option(names = "--warmup", defaultValue = "5", description = "Seconds sent first, not measured.")
  double warmup;

  @Option(names = "--connections", defaultValue = "64", description = "Keep-alive connections.")
  int connections;

  @Option(names = "--stream", description = "Measure time to the first SSE data event too.")
  boolean stream;

  @Option(names = "--timeout", defaultValue = "30", description = "Idle seconds before a timeout.")
  double timeout;

  @Option(names = "--event-loops", defaultValue = "1", description = "Client event loops.")
  int eventLoops;

  @Option(names = "--format", defaultValue = "json", description = "json or markdown.")
  String format;

  @Option(names = "--meta", description = "key=value copied into the JSON; repeatable.")
  Map<String, String> meta = new LinkedHashMap<>();

  @Option(names = "--watch-pid", description = "Sample this process's CPU and RSS; repeatable.")
  List<Long> watchPids = new ArrayList<>();

  @Option(
      names = "--no-output",
      description = "Send the load but print nothing: a warm-up pass in a plan (see LoadPlan).")
  boolean noOutput;

  public static void main(String[] args) {
    System.exit(new CommandLine(new LoadGen()).execute(args));
  }

  @Override
  public Integer call() throws Exception {
    validate();
    Vertx vertx = Vertx.vertx(new VertxOptions().setEventLoopPoolSize(eventLoops));
    try (Target target =
        new Target(
            vertx,
            url,
            Buffer.buffer(Files.readAllBytes(body)),
            headers(),
            connections,
            seconds(timeout),
            stream)) {
      Context context = vertx.getOrCreateContext();
      Run run = new Run(target, context, seconds(warmup), seconds(duration), seconds(timeout));
      Run.Measured measured =
          saturate ? run.closedLoop(connections, watchPids) : run.openLoop(rate, watchPids);
      if (!noOutput) {
        print(measured);
      }
    } finally {
      vertx.close().await();
    }
    return 0;
  }

  private void print(Run.Measured m) {
    if (format.equals("json")) {
      Map<String, String> labels = new LinkedHashMap<>(meta);
      labels.putIfAbsent("mode", saturate ? "saturation" : "open");
      labels.putIfAbsent("stream", Boolean.toString(stream));
      labels.putIfAbsent("target_rps", saturate ? "max" : Long.toString(rate));
      System.out.println(m.result().toJson(labels, m.process()));
    } else {
      System.out.print(m.result().toMarkdown());
      if (m.process() != null) {
        System.out.printf(
            "watched process: %.1f%% CPU (of one core), max RSS %.1f MB%n",
            m.process().cpuPercent(), m.process().maxRssBytes() / 1048576.0);
      }
    }
  }

  private void validate() {
    String wrong =
        !format.equals("json") && !format.equals("markdown")
            ? "--format must be json or markdown, got " + format
            : rate < 1
                ? "--rate must be at least 1, got " + rate
                : connections < 1
                    ? "--connections must be at least 1, got " + connections
                    : duration <= 0
                        ? "--duration must be positive, got " + duration
                        : warmup < 0
                            ? "--warmup must not be negative, got " + warmup
                            : timeout <= 0
                                ? "--timeout must be positive, got " + timeout
                                : eventLoops < 1
                                    ? "--event-loops must be at least 1, got " + eventLoops
                                    : null;
    if (wrong != null) {
      throw new CommandLine.ParameterException(spec.commandLine(), wrong);
    }
  }

  private MultiMap headers() {
    MultiMap map = MultiMap.caseInsensitiveMultiMap();
    map.set("content-type", "application/json");
    for (String h : headers) {
      int colon = h.indexOf(':');
      if (colon <= 0) {
        throw new CommandLine.ParameterException(
            spec.commandLine(), "--header must be 'Name: value', got " + h);
      }
      map.set(h.substring(0, colon).trim(), h.substring(colon + 1).trim());
    }
    return map;
  }

  private static Duration seconds(double s) {
    return Duration.ofNanos(Math.round(s * 1e9));
  }
}

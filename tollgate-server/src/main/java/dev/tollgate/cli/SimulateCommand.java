package dev.tollgate.cli;

import dev.tollgate.provider.simulated.SimulatedOptions;
import dev.tollgate.provider.simulated.SimulatedServer;
import java.util.OptionalLong;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * {@code tollgate simulate}: the simulated provider as a standalone HTTP server, an upstream for
 * benchmarks and for a gateway's provider entries, until SIGTERM or SIGINT.
 */
@Command(
    name = "simulate",
    mixinStandardHelpOptions = true,
    versionProvider = VersionProvider.class,
    description = {
      "Serve the simulated provider over HTTP: POST /v1/chat/completions, /v1/completions,"
          + " /v1/embeddings (OpenAI format) and /v1/messages (Anthropic format), plain or"
          + " streamed, with deterministic latency, token counts, cache tokens and faults."
          + " No key is checked. Point a provider entry's base_url at http://HOST:PORT/v1."
    })
final class SimulateCommand implements Callable<Integer> {

  private final CliContext context;

  @Spec CommandSpec spec;

  @Option(names = "--host", description = "Address to bind (default: ${DEFAULT-VALUE}).")
  String host = "127.0.0.1";

  @Option(names = "--port", description = "TCP port (default: ${DEFAULT-VALUE}).")
  int port = 9000;

  @Option(names = "--latency-ms", description = "Milliseconds before the first byte.")
  long latencyMs;

  @Option(names = "--chunk-delay-ms", description = "Milliseconds between stream chunks.")
  long chunkDelayMs;

  @Option(
      names = "--tokens",
      description = "Completion tokens of every reply (default: the echo reply's estimate).")
  Long tokens;

  @Option(names = "--chunks", description = "Content chunks of a stream (default: 3).")
  int chunks = 3;

  @Option(names = "--cache-read-tokens", description = "Prompt tokens reported as cache reads.")
  long cacheRead;

  @Option(
      names = "--cache-write-tokens",
      description = "Prompt tokens reported as cache writes (Anthropic only).")
  long cacheWrite;

  @Option(
      names = "--error-status",
      description = "HTTP status of a faulty request, e.g. 429, 500, 529.")
  int errorStatus;

  @Option(names = "--retry-after", description = "retry-after seconds of an error answer.")
  long retryAfter;

  @Option(names = "--fail-every", description = "Every Nth request is faulty.")
  int failEvery;

  @Option(names = "--fail-rate", description = "This fraction (0-1) of requests is faulty.")
  double failRate;

  @Option(names = "--malformed", description = "A faulty answer is not JSON.")
  boolean malformed;

  @Option(
      names = "--cut-after-chunks",
      description = "A faulty stream's connection drops after this many chunks.")
  int cutAfter = -1;

  SimulateCommand(CliContext context) {
    this.context = context;
  }

  @Override
  public Integer call() throws InterruptedException {
    SimulatedOptions options = options();
    SimulatedServer server;
    try {
      server = SimulatedServer.start(options, host, port);
    } catch (IllegalStateException e) {
      throw new CliException(e.getMessage());
    }
    context
        .out()
        .println(
            "Tollgate simulated provider listening on http://"
                + host
                + ":"
                + server.port()
                + "/v1  ("
                + describe(options)
                + ")");
    context.out().flush();
    Runtime.getRuntime().addShutdownHook(new Thread(server::close, "tollgate-simulate-stop"));
    new CountDownLatch(1).await();
    return Errors.OK;
  }

  /** The options, or a usage error naming the flag that is out of range. */
  SimulatedOptions options() {
    try {
      return new SimulatedOptions(
          latencyMs,
          chunkDelayMs,
          tokens == null ? OptionalLong.empty() : OptionalLong.of(tokens),
          chunks,
          cacheRead,
          cacheWrite,
          errorStatus,
          retryAfter,
          failEvery,
          failRate,
          malformed,
          cutAfter);
    } catch (IllegalArgumentException e) {
      throw new ParameterException(spec.commandLine(), "--" + e.getMessage().replace('_', '-'));
    }
  }

  private static String describe(SimulatedOptions o) {
    return "latency "
        + o.latencyMs()
        + " ms, chunk delay "
        + o.chunkDelayMs()
        + " ms, "
        + (o.completionTokens().isPresent()
            ? o.completionTokens().getAsLong() + " completion tokens"
            : "echo replies")
        + (o.hasFault() ? ", faults on" : ", no faults");
  }
}

package dev.tollgate.bench;

import dev.tollgate.metrics.Metrics;
import dev.tollgate.metrics.PrometheusMetrics;
import dev.tollgate.usage.Usage;
import dev.tollgate.usage.UsageKind;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Timer;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * What recording one finished request costs: {@code record} is what the gateway does (one {@link
 * Metrics#request} with the meters resolved once per label set: the request counter, two latency
 * histograms, the upstream histogram, three token counters and the exact cost adder); {@code
 * lookupPerRequest} is the same updates done the naive way, building the tag lists and asking the
 * registry for each meter on every request, for comparison.
 *
 * <p>Run: {@code ./mvnw -B -q -o -pl tollgate-bench -am package -DskipTests && java -jar
 * tollgate-bench/target/benchmarks.jar MetricsBenchmark -f 1 -wi 3 -w 2 -i 5 -r 2 -prof gc}
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class MetricsBenchmark {

  private static final String[] MODELS = {"gpt-4o-mini", "gpt-4o", "claude-sonnet-4-5", "o3"};

  private PrometheusMetrics metrics;
  private PrometheusMeterRegistry naive;
  private Metrics.Sample[] samples;
  private int next;

  @Setup(Level.Trial)
  public void setUp() {
    metrics = Metrics.prometheus();
    naive = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    Usage usage =
        Usage.builder()
            .set(UsageKind.INPUT, 1_200)
            .set(UsageKind.CACHE_READ, 300)
            .set(UsageKind.OUTPUT, 250)
            .build();
    samples = new Metrics.Sample[MODELS.length];
    for (int i = 0; i < MODELS.length; i++) {
      samples[i] =
          new Metrics.Sample(
              "/v1/chat/completions",
              "openai",
              MODELS[i],
              "success",
              "2xx",
              52_000_000,
              51_900_000,
              -1,
              usage,
              1_234_567,
              0,
              false,
              null,
              null);
    }
  }

  @TearDown
  public void tearDown() {
    metrics.close();
    naive.close();
  }

  /** The gateway's way: one call, the meters found in maps keyed by small records. */
  @Benchmark
  public Metrics.Sample record() {
    Metrics.Sample s = samples[next++ & 3];
    metrics.request(s);
    return s;
  }

  /** For comparison: tag lists built and the registry asked for each meter, per request. */
  @Benchmark
  public Metrics.Sample lookupPerRequest() {
    Metrics.Sample s = samples[next++ & 3];
    String[] tags = {
      "endpoint", s.endpoint(),
      "provider", s.provider(),
      "model", s.model(),
      "outcome", s.outcome(),
      "status", s.status()
    };
    Counter.builder("tollgate.requests").tags(tags).register(naive).increment();
    Timer.builder("tollgate.request.duration")
        .tags(tags)
        .register(naive)
        .record(s.totalNanos(), TimeUnit.NANOSECONDS);
    Timer.builder("tollgate.request.added")
        .tags(tags)
        .register(naive)
        .record(s.totalNanos() - s.upstreamNanos(), TimeUnit.NANOSECONDS);
    Timer.builder("tollgate.upstream.duration")
        .tags("provider", s.provider(), "model", s.model())
        .register(naive)
        .record(s.upstreamNanos(), TimeUnit.NANOSECONDS);
    for (UsageKind k : new UsageKind[] {UsageKind.INPUT, UsageKind.CACHE_READ, UsageKind.OUTPUT}) {
      Counter.builder("tollgate.tokens")
          .tags("provider", s.provider(), "model", s.model(), "kind", k.name())
          .register(naive)
          .increment(s.usage().count(k));
    }
    return s;
  }
}

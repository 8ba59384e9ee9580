package dev.tollgate.metrics;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.binder.jvm.ClassLoaderMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmGcMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.core.instrument.binder.system.UptimeMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * Metrics in a Prometheus registry. Every meter a request touches is resolved once per label set
 * and kept in a map keyed by a small record, so a request builds no tag list and makes no registry
 * lookup: one {@link ConcurrentHashMap#get} per map and the meters' own lock-free updates.
 */
public final class PrometheusMetrics implements Metrics, AutoCloseable {

  /** Buckets of the whole request: from a cache hit to a long stream. */
  static final Duration[] TOTAL_BUCKETS =
      millis(1, 5, 10, 25, 50, 100, 250, 500, 1_000, 2_500, 5_000, 10_000, 30_000, 60_000, 120_000);

  /** Buckets of the time the gateway adds: the goal is p50 ≤ 150 µs and p99 ≤ 1 ms. */
  static final Duration[] ADDED_BUCKETS = {
    Duration.ofNanos(50_000),
    Duration.ofNanos(100_000),
    Duration.ofNanos(150_000),
    Duration.ofNanos(250_000),
    Duration.ofNanos(500_000),
    Duration.ofMillis(1),
    Duration.ofMillis(2),
    Duration.ofMillis(5),
    Duration.ofMillis(10),
    Duration.ofMillis(50),
    Duration.ofMillis(250),
    Duration.ofSeconds(1)
  };

  private final PrometheusMeterRegistry registry;
  private final ConcurrentHashMap<Series, RequestMeters> requests = new ConcurrentHashMap<>();
  private final ConcurrentHashMap<ModelKey, ModelMeters> models = new ConcurrentHashMap<>();
  private final ConcurrentHashMap<String, EndpointMeters> endpoints = new ConcurrentHashMap<>();
  private final ConcurrentHashMap<String, Counter> denials = new ConcurrentHashMap<>();
  private volatile Set<String> budgetIds = Set.of();

  PrometheusMetrics() {
    this.registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    new JvmMemoryMetrics().bindTo(registry);
    new JvmGcMetrics().bindTo(registry);
    new JvmThreadMetrics().bindTo(registry);
    new ClassLoaderMetrics().bindTo(registry);
    new ProcessorMetrics().bindTo(registry);
    new UptimeMetrics().bindTo(registry);
  }

  /** The registry, for the gauges {@link Gauges} binds. */
  MeterRegistry registry() {
    return registry;
  }

  /**
   * The budgets that may be named in a label: the ones in the configuration. A denial by any other
   * budget (a virtual key's own) is counted as {@code budget="virtual_key"}, so keys never become
   * label values.
   */
  public void labelBudgets(Set<String> ids) {
    this.budgetIds = Set.copyOf(ids);
  }

  @Override
  public boolean enabled() {
    return true;
  }

  @Override
  public void request(Sample s) {
    Series series = new Series(s.endpoint(), s.provider(), s.model(), s.outcome(), s.status());
    RequestMeters r = requests.get(series);
    if (r == null) {
      r = requests.computeIfAbsent(series, k -> new RequestMeters(registry, k));
    }
    r.record(s);
    if (!NONE.equals(s.provider())) {
      ModelKey key = new ModelKey(s.provider(), s.model());
      ModelMeters m = models.get(key);
      if (m == null) {
        m = models.computeIfAbsent(key, k -> new ModelMeters(registry, k.provider(), k.model()));
      }
      m.record(s);
    }
    EndpointMeters e = endpoints.get(s.endpoint());
    if (e == null) {
      e = endpoints.computeIfAbsent(s.endpoint(), k -> new EndpointMeters(registry, k));
    }
    e.record(s);
    if (s.deniedBy() != null) {
      String budget = budgetIds.contains(s.deniedBy()) ? s.deniedBy() : "virtual_key";
      denials
          .computeIfAbsent(
              budget,
              b ->
                  Counter.builder("tollgate.budget.denials")
                      .description("Requests a budget refused (402)")
                      .tag("budget", b)
                      .register(registry))
          .increment();
    }
  }

  @Override
  public String scrape() {
    return registry.scrape();
  }

  @Override
  public void close() {
    registry.close();
  }

  /** The labels of the request counter and timers. */
  record Series(String endpoint, String provider, String model, String outcome, String status) {}

  /** The labels of the per-model meters. */
  record ModelKey(String provider, String model) {}

  /** A timer exported as a Prometheus histogram with fixed buckets, no client-side percentiles. */
  static Timer histogram(
      String name, String help, Duration[] buckets, MeterRegistry r, String... t) {
    return Timer.builder(name)
        .description(help)
        .tags(t)
        .serviceLevelObjectives(buckets)
        .minimumExpectedValue(buckets[0])
        .maximumExpectedValue(buckets[buckets.length - 1])
        .register(r);
  }

  static Counter counter(String name, String help, MeterRegistry r, String... tags) {
    return Counter.builder(name).description(help).tags(tags).register(r);
  }

  static FunctionCounter functionCounter(
      String name,
      String help,
      java.util.concurrent.atomic.LongAdder adder,
      double scale,
      MeterRegistry r,
      String... tags) {
    return FunctionCounter.builder(name, adder, a -> a.sum() / scale)
        .description(help)
        .tags(tags)
        .register(r);
  }

  private static Duration[] millis(long... ms) {
    Duration[] d = new Duration[ms.length];
    for (int i = 0; i < ms.length; i++) {
      d[i] = Duration.ofMillis(ms[i]);
    }
    return d;
  }

  static void record(Timer timer, long nanos) {
    timer.record(nanos, TimeUnit.NANOSECONDS);
  }
}

package dev.tollgate.metrics;

import dev.tollgate.budget.BudgetEngine;
import dev.tollgate.budget.BudgetSpec;
import dev.tollgate.budget.BudgetStatus;
import dev.tollgate.budget.Metric;
import dev.tollgate.ledger.LedgerWriter;
import dev.tollgate.routing.Breaker;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.function.Supplier;
import java.util.function.ToDoubleFunction;

/**
 * The meters read when scraped rather than recorded per request: the budgets' limits, spend and
 * reservations, the ledger writer's queue and batches, and the deployments' circuit breakers.
 */
public final class Gauges {

  private Gauges() {}

  /**
   * A limit, spent and reserved gauge for each of {@code budgets} (the configured ones: a virtual
   * key's own budgets are left out, so the series are bounded by the configuration, not by the
   * number of keys), in USD for cost budgets, else in tokens or requests ({@code unit} label).
   */
  public static void budgets(
      PrometheusMetrics metrics, BudgetEngine engine, List<BudgetSpec> budgets) {
    MeterRegistry r = metrics.registry();
    for (BudgetSpec spec : budgets) {
      String unit =
          spec.metric() == Metric.COST ? "usd" : spec.metric().name().toLowerCase(Locale.ROOT);
      double scale = spec.metric() == Metric.COST ? 1e9 : 1;
      budget(
          r,
          engine,
          spec.id(),
          unit,
          "limit",
          "The budget's limit this period",
          s -> s.allocated() / scale);
      budget(
          r,
          engine,
          spec.id(),
          unit,
          "spent",
          "Spent in the budget's current period",
          s -> s.spent() / scale);
      budget(
          r,
          engine,
          spec.id(),
          unit,
          "reserved",
          "Held for requests in flight",
          s -> s.reserved() / scale);
    }
    metrics.labelBudgets(Set.copyOf(budgets.stream().map(BudgetSpec::id).toList()));
  }

  private static void budget(
      MeterRegistry r,
      BudgetEngine engine,
      String id,
      String unit,
      String what,
      String help,
      ToDoubleFunction<BudgetStatus> value) {
    Gauge.builder("tollgate.budget." + what, engine, e -> value.applyAsDouble(e.status(id)))
        .description(help)
        .tags("budget", id, "unit", unit)
        .register(r);
  }

  /** The writer's queue depth, and a histogram each of its batch sizes and commit times. */
  public static void ledger(PrometheusMetrics metrics, LedgerWriter writer) {
    MeterRegistry r = metrics.registry();
    Gauge.builder("tollgate.ledger.queue.depth", writer, LedgerWriter::queued)
        .description("Ledger entries waiting for the writer")
        .register(r);
    FunctionCounter.builder("tollgate.ledger.batch.failures", writer, LedgerWriter::failedBatches)
        .description("Ledger batches the store failed")
        .register(r);
    io.micrometer.core.instrument.DistributionSummary sizes =
        io.micrometer.core.instrument.DistributionSummary.builder("tollgate.ledger.batch.size")
            .description("Entries per ledger commit")
            .serviceLevelObjectives(1, 2, 5, 10, 20, 50, 100, 200, 500, 1_000)
            .register(r);
    Timer commits =
        PrometheusMetrics.histogram(
            "tollgate.ledger.commit.duration",
            "Time of one ledger commit (transaction and fsync)",
            new java.time.Duration[] {
              java.time.Duration.ofNanos(100_000),
              java.time.Duration.ofNanos(250_000),
              java.time.Duration.ofNanos(500_000),
              java.time.Duration.ofMillis(1),
              java.time.Duration.ofMillis(2),
              java.time.Duration.ofMillis(5),
              java.time.Duration.ofMillis(10),
              java.time.Duration.ofMillis(25),
              java.time.Duration.ofMillis(100),
              java.time.Duration.ofSeconds(1)
            },
            r);
    writer.observe(
        (size, nanos, failed) -> {
          sizes.record(size);
          PrometheusMetrics.record(commits, nanos);
        });
  }

  /**
   * One gauge per deployment and breaker state, 1 for the state it is in and 0 for the others, so
   * {@code tollgate_circuit_state{state="open"} == 1} finds the open ones.
   */
  public static void breakers(PrometheusMetrics metrics, Supplier<List<Breaker.Snapshot>> health) {
    MeterRegistry r = metrics.registry();
    for (Breaker.Snapshot b : health.get()) {
      for (Breaker.State state : Breaker.State.values()) {
        Gauge.builder(
                "tollgate.circuit.state",
                health,
                h ->
                    h.get().stream().anyMatch(s -> s.name().equals(b.name()) && s.state() == state)
                        ? 1
                        : 0)
            .description("Whether the deployment's circuit breaker is in the state")
            .tags("deployment", b.name(), "state", state.name().toLowerCase(Locale.ROOT))
            .register(r);
      }
    }
  }
}

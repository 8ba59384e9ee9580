package dev.tollgate.bench;

import dev.tollgate.budget.Actual;
import dev.tollgate.budget.BudgetEngine;
import dev.tollgate.budget.BudgetListener;
import dev.tollgate.budget.BudgetRequest;
import dev.tollgate.budget.BudgetSpec;
import dev.tollgate.budget.Decision;
import dev.tollgate.budget.Estimate;
import dev.tollgate.budget.Metric;
import dev.tollgate.budget.Period;
import dev.tollgate.ledger.Attribution;
import dev.tollgate.ledger.Dimension;
import dev.tollgate.money.Money;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;

/**
 * What the budget engine costs per request: reserve the worst case in five nested hard cost budgets
 * that all apply (org, team, project, user, key), then settle with the estimate. The limits are so
 * large that nothing is ever denied, so every operation takes the allow path.
 *
 * <p>The clock is {@link InstantSource#fixed}, so the figure is the engine's own cost without the
 * cost of reading a real clock, which the engine does once per reserve.
 *
 * <p>Run: {@code ./mvnw -B -q -o -pl tollgate-bench -am package -DskipTests && java -jar
 * tollgate-bench/target/benchmarks.jar BudgetBenchmark -f 1 -wi 3 -w 2 -i 5 -r 2 -prof gc}
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class BudgetBenchmark {

  /** $100M per budget: at 200,000 nanos a request, 5e11 requests before any limit bites. */
  private static final long LIMIT = Money.ofUsd("100000000").nanos();

  private static final Attribution ALICE =
      new Attribution("key-1", "alice", "", "payments", "checkout", "api", List.of("prod"));

  /**
   * Budgets in the engine in all (issue 6's scale figure): the request's five, and the rest on
   * other keys, which must not make finding the request's own budgets any slower.
   */
  @Param({"10", "1000", "100000"})
  public int budgets;

  private BudgetEngine engine;
  private BudgetRequest request;
  private Actual actual;

  @Setup
  public void setUp() {
    engine =
        new BudgetEngine(
            specs(),
            InstantSource.fixed(Instant.parse("2026-05-01T12:00:00Z")),
            Duration.ofMinutes(10),
            BudgetListener.NONE);
    // 100 input tokens for $0.0001, up to 100 output tokens at 1,000 nanos each: $0.0002 at worst.
    Estimate estimate =
        new Estimate("openai", "gpt-4o", 100, 100, Money.ofUsd("0.0001"), new BigDecimal("1000"));
    request = BudgetRequest.of("req-1", ALICE, estimate);
    actual = new Actual(estimate.worstCost(), estimate.worstTokens());
  }

  private List<BudgetSpec> specs() {
    List<BudgetSpec> specs = new ArrayList<>();
    specs.add(hard("org", dev.tollgate.budget.Scope.GLOBAL));
    specs.add(hard("team", dev.tollgate.budget.Scope.of(Dimension.TEAM, "payments")));
    specs.add(hard("project", dev.tollgate.budget.Scope.of(Dimension.PROJECT, "checkout")));
    specs.add(hard("user", dev.tollgate.budget.Scope.of(Dimension.USER, "alice")));
    specs.add(hard("key", dev.tollgate.budget.Scope.of(Dimension.KEY, "key-1")));
    for (int i = specs.size(); i < budgets; i++) {
      specs.add(hard("other-key-" + i, dev.tollgate.budget.Scope.of(Dimension.KEY, "other-" + i)));
    }
    return specs;
  }

  private static BudgetSpec hard(String id, dev.tollgate.budget.Scope scope) {
    return BudgetSpec.builder(id, scope, Metric.COST, LIMIT, Period.of(Period.Kind.MONTHLY))
        .build();
  }

  /** One request at a time: the engine's cost on one core. */
  @Benchmark
  @Threads(1)
  public boolean reserveAndSettle() {
    return settle(engine.reserve(request));
  }

  /** Two threads on the same five budgets: every operation contends for the same locks. */
  @Benchmark
  @Threads(2)
  public boolean reserveAndSettleTwoThreads() {
    return settle(engine.reserve(request));
  }

  private boolean settle(Decision d) {
    if (d instanceof Decision.Allow a) {
      return engine.settle(a.reservation(), actual);
    }
    throw new AssertionError("the benchmark's budgets must never deny: " + d.reason());
  }
}

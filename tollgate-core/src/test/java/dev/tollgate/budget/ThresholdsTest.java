package dev.tollgate.budget;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class ThresholdsTest {

  @Test
  void theCrossingSpendIsTheLeastSpendThatReachesThePercentage() {
    assertThat(Thresholds.crossingSpend(100, 50)).isEqualTo(50);
    // 3 × 50% = 1.5: a spend of 1 is below it, 2 reaches it
    assertThat(Thresholds.crossingSpend(3, 50)).isEqualTo(2);
    assertThat(Thresholds.crossingSpend(1, 1)).isEqualTo(1);
    assertThat(Thresholds.crossingSpend(Long.MAX_VALUE, 100)).isEqualTo(Long.MAX_VALUE);
    // past what a long holds: only the exact check can decide
    assertThat(Thresholds.crossingSpend(Long.MAX_VALUE, 1000)).isEqualTo(Long.MAX_VALUE);
  }

  @Test
  void eachThresholdIsReportedOnceWhenSpendReachesItExactly() {
    BudgetSpec spec =
        BudgetSpec.builder("org", Scope.GLOBAL, Metric.COST, 3, Period.of(Period.Kind.TOTAL))
            .build();
    BudgetState b = new BudgetState(spec, 0);
    Counter c = new Counter(Period.BEGINNING, Period.END);
    List<Integer> heard = new ArrayList<>();
    BudgetListener l =
        new BudgetListener() {
          @Override
          public void thresholdCrossed(
              BudgetSpec budget, Period.Window window, int percent, long spent) {
            heard.add(percent);
          }
        };
    c.spent = 1;
    Thresholds.check(b, c, 1, l);
    assertThat(heard).isEmpty();
    c.spent = 2; // 200 reaches 3 × 50 = 150 but not 3 × 75 = 225
    Thresholds.check(b, c, 1, l);
    assertThat(heard).containsExactly(50);
    c.spent = 3;
    Thresholds.check(b, c, 1, l);
    Thresholds.check(b, c, 0, l);
    assertThat(heard).containsExactly(50, 75, 90, 100);
  }
}

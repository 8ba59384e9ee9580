package dev.tollgate.recommend;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tollgate.money.Money;
import dev.tollgate.pricing.Catalog;
import dev.tollgate.pricing.ModelPrice;
import dev.tollgate.usage.Usage;
import dev.tollgate.usage.UsageKind;
import java.math.BigDecimal;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/** Re-pricing summed usage: tiers by the longest prompt, fees per request, discounts, rounding. */
class RepricingTest {

  private static final Instant NOW = Instant.parse("2026-05-01T00:00:00Z");

  private static final Catalog CATALOG =
      TestCatalog.of(
          """
          format: tollgate-catalog/1
          providers:
            - id: acme
              models:
                - id: tiered
                  prices:
                    - input: 1
                      output: 2
                      per_request: 0.001
                      long_context: {above_input_tokens: 1000, input: 2, output: 4, per_request: 0.002}
                - id: odd
                  negotiated_discount_percent: 50
                  prices:
                    - {input: 0.000003, output: 1}
          """);

  private static ModelPrice model(String id) {
    return Repricing.model(CATALOG, "acme", id).orElseThrow();
  }

  private static final Usage USAGE =
      Usage.builder().set(UsageKind.INPUT, 1_500).set(UsageKind.OUTPUT, 100).build();

  @Test
  void theStandardPricesApplyWhileTheLongestPromptIsWithinTheTier() {
    // 1,500 × $1 + 100 × $2 per million, plus 3 request fees of $0.001.
    assertThat(Repricing.cost(model("tiered"), USAGE, 3, 1_000, NOW))
        .isEqualTo(Money.ofNanos(1_500 * 1_000L + 100 * 2_000L + 3 * 1_000_000L));
  }

  @Test
  void everyTokenAndFeeIsAtTheTierPriceOnceTheLongestPromptIsAboveIt() {
    // The tier replaces the whole price set, its request fee too, as PriceCalculator bills it.
    assertThat(Repricing.cost(model("tiered"), USAGE, 3, 1_001, NOW))
        .isEqualTo(Money.ofNanos(1_500 * 2_000L + 100 * 4_000L + 3 * 2_000_000L));
  }

  @Test
  void theNegotiatedDiscountIsTakenOffAndTheCostRoundedUpOnce() {
    Usage oneInput = Usage.builder().set(UsageKind.INPUT, 1).build();
    // $0.000003 per million is 0.003 nanos a token; half of it rounds up to one nano-dollar.
    assertThat(Repricing.cost(model("odd"), oneInput, 1, 1, NOW)).isEqualTo(Money.ofNanos(1));
    assertThat(Repricing.floor(new BigDecimal("0.0015"))).isEqualTo(Money.ZERO);
    assertThat(Repricing.floor(new BigDecimal("41.99"))).isEqualTo(Money.ofNanos(41));
  }

  @Test
  void aModelIsFoundWithinTheLedgersProviderFirstThenByItsBareId() {
    assertThat(Repricing.model(CATALOG, "acme", "tiered")).isPresent();
    assertThat(Repricing.model(CATALOG, "simulated", "tiered")).isPresent();
    assertThat(Repricing.model(CATALOG, "acme", "nothing")).isEmpty();
  }
}

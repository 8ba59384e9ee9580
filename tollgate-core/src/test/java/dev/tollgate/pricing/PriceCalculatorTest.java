package dev.tollgate.pricing;

import static dev.tollgate.pricing.TestPrices.from;
import static dev.tollgate.pricing.TestPrices.model;
import static dev.tollgate.pricing.TestPrices.rates;
import static dev.tollgate.pricing.TestPrices.tiered;
import static dev.tollgate.pricing.TestPrices.windowed;
import static org.assertj.core.api.Assertions.assertThat;

import dev.tollgate.money.Money;
import dev.tollgate.usage.Usage;
import dev.tollgate.usage.UsageKind;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class PriceCalculatorTest {

  private static final PriceOptions NOON = PriceOptions.at(Instant.parse("2026-05-01T12:00:00Z"));

  private static Usage usage(long input, long output) {
    return Usage.builder().set(UsageKind.INPUT, input).set(UsageKind.OUTPUT, output).build();
  }

  @Test
  void eachKindIsPricedAtItsOwnRateAndTheLinesAddUpToTheTotal() {
    Rates r =
        Rates.builder()
            .usd(UsageKind.INPUT, "2.5")
            .usd(UsageKind.CACHE_READ, "1.25")
            .usd(UsageKind.OUTPUT, "10")
            .build();
    Usage u =
        Usage.builder()
            .set(UsageKind.INPUT, 1000)
            .set(UsageKind.CACHE_READ, 200)
            .set(UsageKind.OUTPUT, 500)
            .build();
    Cost cost = PriceCalculator.price(model("openai", "gpt-4o", PriceSchedule.always(r)), u, NOON);
    assertThat(cost.lines())
        .extracting(Cost.CostLine::label)
        .containsExactly("input", "cache read", "output");
    // 1000 × 2.5/1M = 0.0025; 200 × 1.25/1M = 0.00025; 500 × 10/1M = 0.005
    assertThat(cost.total()).isEqualTo(Money.ofUsd("0.00775"));
    assertThat(cost.explain()).contains("1,000 × $2.50 / 1M").contains("= $0.0025");
  }

  @Test
  void aSubNanoRemainderIsRoundedUpOnceOnTheTotalNotPerLine() {
    Rates r =
        Rates.builder().usd(UsageKind.INPUT, "0.0375").usd(UsageKind.OUTPUT, "0.0375").build();
    Cost cost = PriceCalculator.price(model("x", "m", PriceSchedule.always(r)), usage(1, 1), NOON);
    // each line is 37.5 nanos exactly; the sum, 75, needs no rounding
    assertThat(cost.exactNanos()).isEqualByComparingTo("75");
    assertThat(cost.total().nanos()).isEqualTo(75);
    Cost one = PriceCalculator.price(model("x", "m", PriceSchedule.always(r)), usage(1, 0), NOON);
    assertThat(one.total().nanos()).isEqualTo(38);
  }

  @Test
  void aKindWithoutItsOwnPriceFallsBackAndTheLineSaysSo() {
    Usage u =
        Usage.builder()
            .set(UsageKind.CACHE_WRITE_1H, 1_000_000)
            .set(UsageKind.REASONING, 10)
            .build();
    Cost cost =
        PriceCalculator.price(model("x", "m", PriceSchedule.always(rates("3", "15"))), u, NOON);
    assertThat(cost.lines().get(0).note()).isEqualTo("input price: no cache write 1h price listed");
    assertThat(cost.lines().get(1).note()).isEqualTo("output price: no reasoning price listed");
    assertThat(cost.total()).isEqualTo(Money.ofUsd("3.00015"));
  }

  @Test
  void aUnitKindWithoutAFeeCostsNothingAndSaysSo() {
    Usage u = Usage.builder().set(UsageKind.WEB_SEARCHES, 3).build();
    Cost cost =
        PriceCalculator.price(model("x", "m", PriceSchedule.always(rates("3", "15"))), u, NOON);
    assertThat(cost.total()).isEqualTo(Money.ZERO);
    assertThat(cost.lines().get(0).note()).isEqualTo("no web searches fee listed");
  }

  @Test
  void atTheLongContextThresholdTheBaseRateAppliesAndOneTokenAboveItTheTierAppliesToEverything() {
    ModelPrice m = model("anthropic", "s", tiered(rates("3", "15"), 200_000, rates("6", "22.5")));
    Cost at = PriceCalculator.price(m, usage(200_000, 1000), NOON);
    Cost above = PriceCalculator.price(m, usage(200_001, 1000), NOON);
    assertThat(at.total()).isEqualTo(Money.ofUsd("0.615")); // 0.6 + 0.015
    assertThat(above.total()).isEqualTo(Money.ofUsd("1.222506")); // 1.200006 + 0.0225
    assertThat(above.basis())
        .contains("long-context tier: prompt of 200001 tokens is above 200000");
  }

  @Test
  void cachedTokensCountTowardsTheLongContextThreshold() {
    ModelPrice m = model("anthropic", "s", tiered(rates("3", "15"), 200_000, rates("6", "22.5")));
    Usage u = Usage.builder().set(UsageKind.INPUT, 1000).set(UsageKind.CACHE_READ, 199_001).build();
    assertThat(PriceCalculator.price(m, u, NOON).basis()).contains("long-context");
  }

  @Test
  void anOffPeakWindowThatWrapsMidnightAppliesOnBothSidesOfIt() {
    ModelPrice m =
        model(
            "deepseek",
            "deepseek-chat",
            windowed(rates("0.27", "1.1"), "off-peak", "16:30", "00:30", rates("0.135", "0.55")));
    Usage u = usage(1_000_000, 0);
    assertThat(price(m, u, "2026-05-01T16:29:59Z")).isEqualTo(Money.ofUsd("0.27"));
    assertThat(price(m, u, "2026-05-01T16:30:00Z")).isEqualTo(Money.ofUsd("0.135"));
    assertThat(price(m, u, "2026-05-01T23:59:59Z")).isEqualTo(Money.ofUsd("0.135"));
    assertThat(price(m, u, "2026-05-02T00:29:59Z")).isEqualTo(Money.ofUsd("0.135"));
    assertThat(price(m, u, "2026-05-02T00:30:00Z")).isEqualTo(Money.ofUsd("0.27"));
  }

  @Test
  void aPriceChangeAppliesFromItsDateAndHistoryKeepsTheOldPrice() {
    ModelPrice m =
        model(
            "anthropic",
            "claude-sonnet-5",
            PriceSchedule.always(rates("2", "10")),
            from("2026-09-01", rates("3", "15")));
    Usage u = usage(1_000_000, 0);
    assertThat(price(m, u, "2026-08-31T23:59:59Z")).isEqualTo(Money.ofUsd("2"));
    assertThat(price(m, u, "2026-09-01T00:00:00Z")).isEqualTo(Money.ofUsd("3"));
  }

  @Test
  void theBatchDiscountAppliesOnlyToBatchRequests() {
    ModelPrice m =
        new ModelPrice(
            "openai",
            "gpt-4o",
            List.of(),
            0,
            0,
            List.of(PriceSchedule.always(rates("2.5", "10"))),
            new BigDecimal("50"),
            List.of(),
            BigDecimal.ZERO,
            false);
    Usage u = usage(1_000_000, 1_000_000);
    assertThat(PriceCalculator.price(m, u, NOON).total()).isEqualTo(Money.ofUsd("12.5"));
    Cost batch = PriceCalculator.price(m, u, NOON.asBatch());
    assertThat(batch.total()).isEqualTo(Money.ofUsd("6.25"));
    assertThat(batch.explain()).contains("batch discount 50%");
  }

  @Test
  void aVolumeTierAppliesOnceTheMonthsSpendHasReachedIt() {
    ModelPrice m =
        new ModelPrice(
            "openai",
            "gpt-4o",
            List.of(),
            0,
            0,
            List.of(PriceSchedule.always(rates("2.5", "10"))),
            BigDecimal.ZERO,
            List.of(
                new ModelPrice.VolumeTier(Money.ofUsd("10000"), new BigDecimal("10")),
                new ModelPrice.VolumeTier(Money.ofUsd("50000"), new BigDecimal("20"))),
            BigDecimal.ZERO,
            false);
    Usage u = usage(1_000_000, 0);
    assertThat(PriceCalculator.price(m, u, NOON.withMonthlySpend(Money.ofUsd("9999.99"))).total())
        .isEqualTo(Money.ofUsd("2.5"));
    assertThat(PriceCalculator.price(m, u, NOON.withMonthlySpend(Money.ofUsd("10000"))).total())
        .isEqualTo(Money.ofUsd("2.25"));
    assertThat(PriceCalculator.price(m, u, NOON.withMonthlySpend(Money.ofUsd("60000"))).total())
        .isEqualTo(Money.ofUsd("2"));
  }

  @Test
  void aNegotiatedDiscountAndABatchDiscountCompound() {
    ModelPrice m =
        new ModelPrice(
            "openai",
            "gpt-4o",
            List.of(),
            0,
            0,
            List.of(PriceSchedule.always(rates("2.5", "10"))),
            new BigDecimal("50"),
            List.of(),
            new BigDecimal("15"),
            false);
    // 2.5 × 0.85 × 0.5 = 1.0625
    assertThat(PriceCalculator.price(m, usage(1_000_000, 0), NOON.asBatch()).total())
        .isEqualTo(Money.ofUsd("1.0625"));
  }

  @Test
  void aPerRequestFeeIsItsOwnLine() {
    Rates r =
        Rates.builder()
            .usd(UsageKind.INPUT, "1")
            .usd(UsageKind.OUTPUT, "1")
            .perRequestUsd(new BigDecimal("0.005"))
            .build();
    Cost cost =
        PriceCalculator.price(
            model("perplexity", "sonar", PriceSchedule.always(r)), usage(0, 0), NOON);
    assertThat(cost.lines()).extracting(Cost.CostLine::label).containsExactly("request fee");
    assertThat(cost.total()).isEqualTo(Money.ofUsd("0.005"));
  }

  private static Money price(ModelPrice m, Usage u, String at) {
    return PriceCalculator.price(m, u, PriceOptions.at(Instant.parse(at))).total();
  }
}

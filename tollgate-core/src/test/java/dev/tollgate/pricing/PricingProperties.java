package dev.tollgate.pricing;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tollgate.money.Money;
import dev.tollgate.usage.Usage;
import dev.tollgate.usage.UsageKind;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/** Laws that every price card and every usage must obey. */
class PricingProperties {

  private static final long THRESHOLD = 200_000;
  private static final PriceOptions AT = PriceOptions.at(Instant.parse("2026-05-01T12:00:00Z"));

  @Property
  void costIsNeverNegative(@ForAll("models") ModelPrice model, @ForAll("usages") Usage usage) {
    assertThat(PriceCalculator.price(model, usage, AT).total().isNegative()).isFalse();
  }

  @Property
  void costIsMonotonicInEveryCount(
      @ForAll("models") ModelPrice model,
      @ForAll("usages") Usage usage,
      @ForAll UsageKind kind,
      @ForAll("extra") long extra) {
    Usage more = usage.plus(Usage.builder().set(kind, extra).build());
    Money before = PriceCalculator.price(model, usage, AT).total();
    Money after = PriceCalculator.price(model, more, AT).total();
    assertThat(after).isGreaterThanOrEqualTo(before);
  }

  @Property
  void belowTheThresholdTheCostOfTheSumIsTheSumOfTheCosts(
      @ForAll("models") ModelPrice model,
      @ForAll("smallUsages") Usage a,
      @ForAll("smallUsages") Usage b) {
    BigDecimal fee = BigDecimal.valueOf(model.scheduleAt(AT.at()).rates().perRequestNanos());
    BigDecimal together = PriceCalculator.price(model, a.plus(b), AT).exactNanos();
    BigDecimal apart =
        PriceCalculator.price(model, a, AT)
            .exactNanos()
            .add(PriceCalculator.price(model, b, AT).exactNanos());
    // the per-request fee is charged once for one request, twice for two
    assertThat(together.add(fee)).isEqualByComparingTo(apart);
  }

  @Property
  void theChargedTotalIsTheExactTotalRoundedUpByLessThanOneNano(
      @ForAll("models") ModelPrice model, @ForAll("usages") Usage usage) {
    Cost cost = PriceCalculator.price(model, usage, AT);
    BigDecimal gap = BigDecimal.valueOf(cost.total().nanos()).subtract(cost.exactNanos());
    assertThat(gap).isBetween(BigDecimal.ZERO, new BigDecimal("0.999999999999"));
  }

  @Provide
  Arbitrary<Long> extra() {
    return Arbitraries.longs().between(0, 5_000_000);
  }

  @Provide
  Arbitrary<ModelPrice> models() {
    return Combinators.combine(
            rates(), Arbitraries.integers().between(100, 300), Arbitraries.of(0, 50))
        .as(
            (base, tierPercent, batch) ->
                new ModelPrice(
                    "p",
                    "m",
                    List.of(),
                    0,
                    0,
                    List.of(
                        new PriceSchedule(
                            Instant.MIN,
                            base,
                            Optional.of(
                                new PriceSchedule.LongContextTier(
                                    THRESHOLD,
                                    base.scaled(BigDecimal.valueOf(tierPercent).movePointLeft(2)))),
                            List.of())),
                    BigDecimal.valueOf(batch),
                    List.of(),
                    BigDecimal.ZERO,
                    false));
  }

  private Arbitrary<Rates> rates() {
    Arbitrary<BigDecimal> price =
        Arbitraries.longs().between(0, 150_000_000_000L).map(n -> BigDecimal.valueOf(n, 9));
    return Combinators.combine(
            price.list().ofSize(UsageKind.values().length), price.injectNull(0.5))
        .as(
            (prices, fee) -> {
              Rates.Builder b = Rates.builder();
              UsageKind[] kinds = UsageKind.values();
              for (int i = 0; i < kinds.length; i++) {
                // leave some kinds unlisted so that the fallbacks are exercised
                if (i < 2 || i % 3 != 0) {
                  b.usd(kinds[i], prices.get(i));
                }
              }
              if (fee != null) {
                b.perRequestUsd(
                    fee.divideToIntegralValue(BigDecimal.valueOf(1000)).movePointLeft(9));
              }
              return b.build();
            });
  }

  @Provide
  Arbitrary<Usage> usages() {
    return usagesUpTo(2_000_000);
  }

  @Provide
  Arbitrary<Usage> smallUsages() {
    // at most 11 kinds × 9,000 tokens, so two of them stay below the 200,000 threshold
    return usagesUpTo(9_000);
  }

  private Arbitrary<Usage> usagesUpTo(long max) {
    return Arbitraries.longs()
        .between(0, max)
        .list()
        .ofSize(UsageKind.values().length)
        .map(
            counts -> {
              Usage.Builder b = Usage.builder();
              for (UsageKind kind : UsageKind.values()) {
                b.set(kind, counts.get(kind.ordinal()));
              }
              return b.build();
            });
  }
}

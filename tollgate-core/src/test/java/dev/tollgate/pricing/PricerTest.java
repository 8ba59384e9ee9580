package dev.tollgate.pricing;

import static dev.tollgate.pricing.TestPrices.model;
import static dev.tollgate.pricing.TestPrices.rates;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tollgate.money.Money;
import dev.tollgate.usage.Usage;
import dev.tollgate.usage.UsageKind;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class PricerTest {

  private final Catalog catalog =
      Catalog.of(
          List.of(model("openai", "gpt-4o", PriceSchedule.always(rates("2.5", "10")))), Set.of());
  private final Usage usage = Usage.builder().set(UsageKind.INPUT, 1000).build();
  private final PriceOptions now = PriceOptions.at(Instant.parse("2026-01-01T00:00:00Z"));

  @Test
  void aKnownModelIsPricedAndSaysHowItWasMatched() {
    PriceResult r =
        new Pricer(catalog, UnknownModelPolicy.REFUSE).price("gpt-4o-2024-08-06", usage, now);
    assertThat(r)
        .isInstanceOfSatisfying(
            PriceResult.Priced.class,
            p -> {
              assertThat(p.cost().total()).isEqualTo(Money.ofUsd("0.0025"));
              assertThat(p.matchedBy()).isEqualTo("dated snapshot of gpt-4o");
            });
  }

  @Test
  void anUnknownModelIsRefusedUnderTheDefaultPolicy() {
    assertThat(new Pricer(catalog, UnknownModelPolicy.REFUSE).price("mystery-1", usage, now))
        .isInstanceOf(PriceResult.Refused.class);
  }

  @Test
  void anUnknownModelIsRecordedAsUnpricedNotAsFreeUnderTheRecordPolicy() {
    assertThat(new Pricer(catalog, UnknownModelPolicy.RECORD).price("mystery-1", usage, now))
        .isInstanceOfSatisfying(
            PriceResult.Unpriced.class, u -> assertThat(u.reason()).contains("mystery-1"));
  }

  @Test
  void thePolicyParsesItsTwoValuesAndNamesThemWhenGivenAnotherOne() {
    assertThat(UnknownModelPolicy.parse(" Record ")).isEqualTo(UnknownModelPolicy.RECORD);
    assertThatThrownBy(() -> UnknownModelPolicy.parse("free"))
        .hasMessage("must be 'refuse' or 'record', got 'free'");
  }
}

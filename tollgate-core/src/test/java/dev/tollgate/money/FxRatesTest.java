package dev.tollgate.money;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tollgate.money.FxRates.Currency;
import java.math.BigDecimal;
import java.util.Map;
import org.junit.jupiter.api.Test;

class FxRatesTest {

  private final FxRates rates =
      FxRates.of(
          Map.of(Currency.EUR, new BigDecimal("0.92"), Currency.JPY, new BigDecimal("155.3")));

  @Test
  void aConvertedAmountSaysWhichRateItUsed() {
    FxRates.Converted eur = rates.convert(Money.ofUsd("12.50"), Currency.EUR, 2);
    assertThat(eur.amount()).isEqualByComparingTo("11.50");
    assertThat(eur.display()).isEqualTo("€11.50 (at 0.92 EUR per USD)");
  }

  @Test
  void yenIsShownAtTheRequestedScale() {
    assertThat(rates.convert(Money.ofUsd("1"), Currency.JPY, 0).display())
        .isEqualTo("¥155 (at 155.3 JPY per USD)");
  }

  @Test
  void aCurrencyWithoutAConfiguredRateIsRefusedNamingTheSetting() {
    assertThatThrownBy(() -> rates.convert(Money.ofUsd("1"), Currency.GBP, 2))
        .hasMessageContaining("fx.GBP")
        .hasMessageContaining("TOLLGATE_FX_GBP");
  }

  @Test
  void aRateMustBePositive() {
    assertThatThrownBy(() -> FxRates.of(Map.of(Currency.CNY, BigDecimal.ZERO)))
        .hasMessageContaining("CNY");
  }

  @Test
  void anUnknownCurrencyCodeListsTheSupportedOnes() {
    assertThatThrownBy(() -> Currency.parse("chf")).hasMessageContaining("EUR, GBP, JPY, CNY");
    assertThat(Currency.parse("eur")).isEqualTo(Currency.EUR);
  }
}

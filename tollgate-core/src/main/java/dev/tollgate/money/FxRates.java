package dev.tollgate.money;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.Collections;
import java.util.EnumMap;
import java.util.Map;
import java.util.Optional;

/**
 * Exchange rates, configured by the operator, for displaying USD amounts in another currency. The
 * ledger is always in USD; a converted figure exists only for display and always names the rate
 * that produced it.
 */
public final class FxRates {

  /** The currencies a report can be shown in. */
  public enum Currency {
    USD("$", 2),
    EUR("€", 2),
    GBP("£", 2),
    JPY("¥", 0),
    CNY("CN¥", 2);

    private final String symbol;
    private final int minorDigits;

    Currency(String symbol, int minorDigits) {
      this.symbol = symbol;
      this.minorDigits = minorDigits;
    }

    /** The symbol printed before an amount. */
    public String symbol() {
      return symbol;
    }

    /** Digits after the decimal point in the currency's usual notation (JPY has none). */
    public int minorDigits() {
      return minorDigits;
    }

    /**
     * Parses a currency code, case-insensitively.
     *
     * @throws IllegalArgumentException naming the supported codes
     */
    public static Currency parse(String code) {
      try {
        return valueOf(code.trim().toUpperCase(java.util.Locale.ROOT));
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException(
            "unknown currency '" + code + "'; supported: USD, EUR, GBP, JPY, CNY");
      }
    }
  }

  /** A USD amount converted for display, with the rate used. */
  public record Converted(Currency currency, BigDecimal amount, BigDecimal ratePerUsd) {
    /** For example {@code €0.002300 (at 0.92 EUR per USD)}. */
    public String display() {
      String figure = currency.symbol() + amount.toPlainString();
      if (currency == Currency.USD) {
        return figure;
      }
      return figure + " (at " + ratePerUsd.toPlainString() + " " + currency + " per USD)";
    }
  }

  private final Map<Currency, BigDecimal> perUsd;

  private FxRates(Map<Currency, BigDecimal> perUsd) {
    this.perUsd = perUsd;
  }

  /** No rates: only USD can be displayed. */
  public static FxRates none() {
    return new FxRates(Map.of(Currency.USD, BigDecimal.ONE));
  }

  /**
   * Rates given as units of each currency per one USD.
   *
   * @throws IllegalArgumentException if a rate is not positive
   */
  public static FxRates of(Map<Currency, BigDecimal> unitsPerUsd) {
    EnumMap<Currency, BigDecimal> copy = new EnumMap<>(Currency.class);
    copy.put(Currency.USD, BigDecimal.ONE);
    unitsPerUsd.forEach(
        (currency, rate) -> {
          if (rate == null || rate.signum() <= 0) {
            throw new IllegalArgumentException(
                "fx rate for " + currency + " must be a positive number, got " + rate);
          }
          copy.put(currency, rate);
        });
    return new FxRates(Collections.unmodifiableMap(copy));
  }

  /** The configured rate, if any. */
  public Optional<BigDecimal> rate(Currency currency) {
    return Optional.ofNullable(perUsd.get(currency));
  }

  /**
   * Converts {@code amount} for display, rounding half-even to {@code scale} decimal places.
   *
   * @throws IllegalArgumentException if no rate is configured for the currency
   */
  public Converted convert(Money amount, Currency currency, int scale) {
    BigDecimal rate =
        rate(currency)
            .orElseThrow(
                () ->
                    new IllegalArgumentException(
                        "no exchange rate configured for "
                            + currency
                            + "; set fx."
                            + currency
                            + " in tollgate.yaml or TOLLGATE_FX_"
                            + currency));
    BigDecimal value = amount.toUsd().multiply(rate).setScale(scale, RoundingMode.HALF_EVEN);
    return new Converted(currency, value, rate);
  }
}

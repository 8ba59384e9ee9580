package dev.tollgate.money;

import java.math.BigDecimal;
import java.math.RoundingMode;

/**
 * An exact amount of US dollars, held as a whole number of nano-dollars (1 USD = 1,000,000,000
 * nanos).
 *
 * <p><b>The rounding rule.</b> Tollgate computes the cost of a request exactly, as a decimal number
 * of nano-dollars (see {@code dev.tollgate.pricing.Cost}), and rounds that exact total
 * <em>once</em>, upwards ({@link RoundingMode#CEILING}), to a whole nano-dollar. Rounding up means
 * that a budget is never charged less than the provider bills, and a nano-dollar is a billionth of
 * a dollar, so the bias is at most 1e-9 USD per request. Every other operation on {@code Money} is
 * exact: addition and subtraction are integer arithmetic that throws on overflow rather than
 * wrapping (a long holds about 9.2 billion dollars). Display rounds only at the edge, in {@link
 * #format(int)}, and says so by showing the scale it used.
 *
 * @param nanos the amount in nano-dollars; may be negative (a refund or an adjustment)
 */
public record Money(long nanos) implements Comparable<Money> {

  /** Nano-dollars in one dollar. */
  public static final long NANOS_PER_USD = 1_000_000_000L;

  /** No money. */
  public static final Money ZERO = new Money(0);

  /** Returns the amount of {@code nanos} nano-dollars. */
  public static Money ofNanos(long nanos) {
    return nanos == 0 ? ZERO : new Money(nanos);
  }

  /**
   * Parses a dollar amount such as {@code "12.5"} or {@code "0.000000001"}.
   *
   * @throws IllegalArgumentException if the text is not a number, or has more than nine decimal
   *     places (it would not be exact in nanos)
   */
  public static Money ofUsd(String usd) {
    final BigDecimal value;
    try {
      value = new BigDecimal(usd.trim());
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("not a dollar amount: '" + usd + "'");
    }
    return ofUsd(value);
  }

  /**
   * Returns the exact amount of {@code usd} dollars.
   *
   * @throws IllegalArgumentException if it has more than nine decimal places, or is too large
   */
  public static Money ofUsd(BigDecimal usd) {
    BigDecimal nanos = usd.movePointRight(9);
    try {
      return ofNanos(nanos.stripTrailingZeros().longValueExact());
    } catch (ArithmeticException e) {
      throw new IllegalArgumentException(
          "dollar amount " + usd.toPlainString() + " is finer than a nano-dollar or too large");
    }
  }

  /**
   * Rounds an exact amount of nano-dollars up to a whole nano-dollar: the one rounding rule.
   *
   * @param exactNanos an exact decimal number of nano-dollars
   */
  public static Money ceilNanos(BigDecimal exactNanos) {
    // A whole number needs no rounding: setScale's division showed in the reservation's profile.
    return ofNanos(
        exactNanos.scale() <= 0
            ? exactNanos.longValueExact()
            : exactNanos.setScale(0, RoundingMode.CEILING).longValueExact());
  }

  /** Returns this plus {@code other}, exactly. */
  public Money plus(Money other) {
    return ofNanos(Math.addExact(nanos, other.nanos));
  }

  /** Returns this minus {@code other}, exactly. */
  public Money minus(Money other) {
    return ofNanos(Math.subtractExact(nanos, other.nanos));
  }

  /** Returns this times {@code factor}, exactly. */
  public Money times(long factor) {
    return ofNanos(Math.multiplyExact(nanos, factor));
  }

  /** Whether this is below zero. */
  public boolean isNegative() {
    return nanos < 0;
  }

  /** Whether this is exactly zero. */
  public boolean isZero() {
    return nanos == 0;
  }

  /** The exact amount in dollars, for example {@code 0.0025}. */
  public BigDecimal toUsd() {
    return BigDecimal.valueOf(nanos, 9).stripTrailingZeros();
  }

  /**
   * Formats for display as {@code $1.234567}, rounding half-even to {@code scale} decimal places.
   * This is the only place where a dollar amount is rounded for people to read.
   */
  public String format(int scale) {
    BigDecimal usd = BigDecimal.valueOf(nanos, 9).setScale(scale, RoundingMode.HALF_EVEN);
    return (usd.signum() < 0 ? "-$" + usd.negate().toPlainString() : "$" + usd.toPlainString());
  }

  /** Formats with all nine decimal places, which is exact. */
  public String formatExact() {
    return format(9);
  }

  @Override
  public int compareTo(Money other) {
    return Long.compare(nanos, other.nanos);
  }

  @Override
  public String toString() {
    return formatExact();
  }
}

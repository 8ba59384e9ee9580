package dev.tollgate.pricing;

import dev.tollgate.money.Money;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;

/**
 * The cost of one request, with every line that makes it up. The total is the exact sum of the
 * lines less the discounts, rounded up once to a whole nano-dollar (see {@link Money}).
 *
 * @param provider the provider whose prices were used
 * @param model the catalog model id whose prices were used
 * @param at the instant the prices were taken at
 * @param basis which prices applied and why, e.g. "standard prices" or "long-context tier: prompt
 *     of 250000 tokens is above 200000"
 * @param lines one line per usage kind with a non-zero count, plus a request fee if any
 * @param discounts discounts applied to the sum of the lines, in order
 * @param exactNanos the exact cost in nano-dollars, before rounding
 * @param total the charged cost: {@code exactNanos} rounded up to a whole nano-dollar
 */
public record Cost(
    String provider,
    String model,
    Instant at,
    String basis,
    List<CostLine> lines,
    List<Discount> discounts,
    BigDecimal exactNanos,
    Money total) {

  public Cost {
    lines = List.copyOf(lines);
    discounts = List.copyOf(discounts);
  }

  /**
   * One line of a breakdown: {@code quantity × price = amount}.
   *
   * @param label the usage kind, e.g. "cache read"
   * @param quantity how many tokens or units
   * @param perMillion whether the price is per million tokens (else per unit)
   * @param priceNanos the price in nano-dollars, per million tokens or per unit
   * @param amountNanos the exact amount in nano-dollars
   * @param note why this price, when it is not the kind's own (e.g. "input price: no cache-read
   *     price listed"), or ""
   */
  public record CostLine(
      String label,
      long quantity,
      boolean perMillion,
      long priceNanos,
      BigDecimal amountNanos,
      String note) {}

  /**
   * A discount applied to the running total.
   *
   * @param label e.g. "batch discount"
   * @param percent the percentage taken off
   * @param amountNanos the exact amount taken off, in nano-dollars (positive)
   */
  public record Discount(String label, BigDecimal percent, BigDecimal amountNanos) {}

  /** The breakdown as text, one line per kind, then the discounts and the total. */
  public String explain() {
    return CostFormatter.explain(this);
  }
}

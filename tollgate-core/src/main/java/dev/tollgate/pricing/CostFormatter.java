package dev.tollgate.pricing;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.Locale;

/** Renders a {@link Cost} as the line-by-line breakdown people read. Amounts shown are exact. */
final class CostFormatter {

  private CostFormatter() {}

  static String explain(Cost cost) {
    StringBuilder out = new StringBuilder();
    out.append(cost.provider())
        .append('/')
        .append(cost.model())
        .append(" at ")
        .append(cost.at().truncatedTo(java.time.temporal.ChronoUnit.SECONDS))
        .append(": ")
        .append(cost.basis())
        .append('\n');
    for (Cost.CostLine line : cost.lines()) {
      String price =
          usd(BigDecimal.valueOf(line.priceNanos()), 2) + (line.perMillion() ? " / 1M" : " each");
      out.append(
          String.format(
              Locale.ROOT,
              "  %-16s %,13d × %-16s = %s%s%n",
              line.label(),
              line.quantity(),
              price,
              usd(line.amountNanos(), 0),
              line.note().isEmpty() ? "" : "   (" + line.note() + ")"));
    }
    for (Cost.Discount d : cost.discounts()) {
      out.append(
          String.format(
              Locale.ROOT,
              "  %-49s = -%s%n",
              d.label() + " " + d.percent().stripTrailingZeros().toPlainString() + "%",
              usd(d.amountNanos(), 0)));
    }
    out.append(String.format(Locale.ROOT, "  %-49s = %s%n", "total", usd(cost.exactNanos(), 0)));
    out.append(
        String.format(
            Locale.ROOT,
            "  %-49s = %s%n",
            "charged (rounded up to a nano-dollar)",
            cost.total().formatExact()));
    return out.toString();
  }

  /** Exact dollars from nanos, with at least {@code minScale} decimals and no trailing zeros. */
  static String usd(BigDecimal nanos, int minScale) {
    BigDecimal value = nanos.movePointLeft(9).stripTrailingZeros();
    if (value.scale() < minScale) {
      value = value.setScale(minScale, RoundingMode.UNNECESSARY);
    }
    return value.signum() < 0 ? "-$" + value.negate().toPlainString() : "$" + value.toPlainString();
  }
}

package dev.tollgate.pricing;

import dev.tollgate.money.Money;
import dev.tollgate.pricing.PriceSchedule.LongContextTier;
import dev.tollgate.pricing.PriceSchedule.TimeWindow;
import dev.tollgate.usage.Usage;
import dev.tollgate.usage.UsageKind;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Prices a {@link Usage} against a {@link ModelPrice}: picks the schedule in force, then the
 * long-context tier or time window that applies, then sums {@code count × price} over the usage
 * kinds exactly, applies discounts, and rounds once.
 */
public final class PriceCalculator {

  private static final BigDecimal HUNDRED = BigDecimal.valueOf(100);
  private static final UsageKind[] KINDS = UsageKind.values();

  private PriceCalculator() {}

  /** The cost of {@code usage} on {@code model} under {@code options}. */
  public static Cost price(ModelPrice model, Usage usage, PriceOptions options) {
    PriceSchedule schedule = model.scheduleAt(options.at());
    StringBuilder basis =
        new StringBuilder(model.local() ? "local model, free" : "standard prices");
    if (schedule.from().isAfter(java.time.Instant.MIN)) {
      basis.append(" in force from ").append(schedule.from());
    }
    Rates rates = chooseRates(schedule, usage, options, basis);
    List<Cost.CostLine> lines = new ArrayList<>(KINDS.length + 1);
    BigDecimal sum = BigDecimal.ZERO;
    for (UsageKind kind : KINDS) {
      long count = usage.count(kind);
      if (count == 0) {
        continue;
      }
      Cost.CostLine line = line(kind, count, rates);
      lines.add(line);
      sum = sum.add(line.amountNanos());
    }
    if (rates.perRequestNanos() > 0) {
      BigDecimal fee = BigDecimal.valueOf(rates.perRequestNanos());
      lines.add(new Cost.CostLine("request fee", 1, false, rates.perRequestNanos(), fee, ""));
      sum = sum.add(fee);
    }
    List<Cost.Discount> discounts = new ArrayList<>(3);
    sum = discount(sum, "negotiated discount", model.negotiatedDiscountPercent(), discounts);
    if (options.batch()) {
      sum = discount(sum, "batch discount", model.batchDiscountPercent(), discounts);
      if (model.batchDiscountPercent().signum() == 0) {
        basis.append("; batch request, but no batch discount is listed");
      }
    }
    sum = discount(sum, "volume discount", volumePercent(model, options), discounts);
    return new Cost(
        model.provider(),
        model.id(),
        options.at(),
        basis.toString(),
        lines,
        discounts,
        sum,
        Money.ceilNanos(sum));
  }

  private static Rates chooseRates(
      PriceSchedule schedule, Usage usage, PriceOptions options, StringBuilder basis) {
    Optional<LongContextTier> tier = schedule.longContext();
    if (tier.isPresent() && usage.promptTokens() > tier.get().aboveInputTokens()) {
      basis
          .append("; long-context tier: prompt of ")
          .append(usage.promptTokens())
          .append(" tokens is above ")
          .append(tier.get().aboveInputTokens());
      return tier.get().rates();
    }
    for (TimeWindow window : schedule.windows()) {
      if (window.contains(options.at())) {
        basis
            .append("; ")
            .append(window.name())
            .append(" window ")
            .append(window.start())
            .append("–")
            .append(window.end())
            .append(" UTC");
        return window.rates();
      }
    }
    return schedule.rates();
  }

  private static Cost.CostLine line(UsageKind kind, long count, Rates rates) {
    long price = rates.nanos(kind);
    BigDecimal amount = exactProduct(count, price, kind.perMillionTokens() ? 6 : 0);
    return new Cost.CostLine(
        kind.label(), count, kind.perMillionTokens(), price, amount, note(kind, rates));
  }

  /**
   * {@code count × price / 10^scale}, exactly. The product almost always fits in a long, and then
   * the division is only a scale on the unscaled value: about five times cheaper than multiplying
   * BigDecimals (PricingBenchmark). An overflowing product takes the BigDecimal path.
   */
  private static BigDecimal exactProduct(long count, long price, int scale) {
    long high = Math.multiplyHigh(count, price);
    long low = count * price;
    if ((high == 0 && low >= 0) || (high == -1 && low < 0)) {
      return BigDecimal.valueOf(low, scale);
    }
    return BigDecimal.valueOf(count).multiply(BigDecimal.valueOf(price)).movePointLeft(scale);
  }

  private static String note(UsageKind kind, Rates rates) {
    Optional<UsageKind> source = rates.source(kind);
    if (source.isEmpty()) {
      return "no " + kind.label() + " fee listed";
    }
    if (source.get() != kind) {
      return source.get().label() + " price: no " + kind.label() + " price listed";
    }
    return "";
  }

  private static BigDecimal discount(
      BigDecimal sum, String label, BigDecimal percent, List<Cost.Discount> out) {
    if (percent.signum() == 0) {
      return sum;
    }
    BigDecimal off = sum.multiply(percent).divide(HUNDRED);
    out.add(new Cost.Discount(label, percent, off));
    return sum.subtract(off);
  }

  private static BigDecimal volumePercent(ModelPrice model, PriceOptions options) {
    BigDecimal percent = BigDecimal.ZERO;
    for (ModelPrice.VolumeTier tier : model.volumeTiers()) {
      if (options.monthlySpendBefore().compareTo(tier.aboveMonthlySpend()) >= 0) {
        percent = tier.discountPercent();
      }
    }
    return percent;
  }
}

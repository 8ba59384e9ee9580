package dev.tollgate.recommend;

import dev.tollgate.money.Money;
import dev.tollgate.pricing.Catalog;
import dev.tollgate.pricing.ModelPrice;
import dev.tollgate.pricing.PriceSchedule;
import dev.tollgate.pricing.Rates;
import dev.tollgate.pricing.Resolution;
import dev.tollgate.usage.Usage;
import dev.tollgate.usage.UsageKind;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Instant;
import java.util.Locale;
import java.util.Optional;

/**
 * Prices summed usage exactly, as the rules need it: many requests' token counts at once, which
 * {@link dev.tollgate.pricing.PriceCalculator} cannot do (it would put the sum of the prompts
 * against a long-context threshold and charge a request fee once).
 */
final class Repricing {

  private static final BigDecimal HUNDRED = BigDecimal.valueOf(100);

  private Repricing() {}

  /**
   * The catalog model that served events recorded with {@code provider} and {@code model}: looked
   * up within the provider first (the ledger's provider is a catalog provider unless an entry of
   * another name serves it), then by the bare id.
   */
  static Optional<ModelPrice> model(Catalog catalog, String provider, String model) {
    if (catalog.resolve(provider + "/" + model) instanceof Resolution.Known k) {
      return Optional.of(k.model());
    }
    return catalog.resolve(model) instanceof Resolution.Known k
        ? Optional.of(k.model())
        : Optional.empty();
  }

  /**
   * What {@code usage}, the sum of {@code requests} requests whose longest prompt had {@code
   * maxPrompt} tokens, costs on {@code m} at its prices in force at {@code at}: the standard ones,
   * or the long-context tier's for all of it when the longest prompt is above the tier (so never
   * less than the provider would bill), plus the request fee of each, less the negotiated discount,
   * rounded up once to a nano-dollar. No time-of-day window, batch or volume discount.
   */
  static Money cost(ModelPrice m, Usage usage, long requests, long maxPrompt, Instant at) {
    PriceSchedule schedule = m.scheduleAt(at);
    Rates rates =
        schedule
            .longContext()
            .filter(t -> maxPrompt > t.aboveInputTokens())
            .map(PriceSchedule.LongContextTier::rates)
            .orElse(schedule.rates());
    BigDecimal nanos =
        BigDecimal.valueOf(requests).multiply(BigDecimal.valueOf(rates.perRequestNanos()));
    for (UsageKind kind : UsageKind.values()) {
      nanos = nanos.add(amount(usage.count(kind), rates.nanos(kind), kind.perMillionTokens()));
    }
    return Money.ceilNanos(discounted(m, nanos));
  }

  /** {@code count × price}, the price per million tokens or per unit, in exact nano-dollars. */
  static BigDecimal amount(long count, long priceNanos, boolean perMillion) {
    BigDecimal a = BigDecimal.valueOf(count).multiply(BigDecimal.valueOf(priceNanos));
    return perMillion ? a.movePointLeft(6) : a;
  }

  /** {@code nanos} less {@code m}'s negotiated discount, exactly. */
  static BigDecimal discounted(ModelPrice m, BigDecimal nanos) {
    BigDecimal percent = m.negotiatedDiscountPercent();
    return percent.signum() == 0
        ? nanos
        : nanos.multiply(HUNDRED.subtract(percent)).divide(HUNDRED);
  }

  /** An exact saving rounded down to a whole nano-dollar, so it is never overstated. */
  static Money floor(BigDecimal exactNanos) {
    return Money.ofNanos(exactNanos.setScale(0, RoundingMode.FLOOR).longValueExact());
  }

  /**
   * Whether {@code m} answers in text that is billed: a chat model, not an embedding model (whose
   * output price is nothing), as the cheapest route decides it.
   */
  static boolean chats(ModelPrice m, Instant at) {
    return m.scheduleAt(at).rates().nanos(UsageKind.OUTPUT) > 0;
  }

  /** {@code n} with thousands separators, for explanations. */
  static String count(long n) {
    return String.format(Locale.ROOT, "%,d", n);
  }

  /** A dollar amount for explanations, exact: {@code $0.0025}. */
  static String usd(Money m) {
    String plain = m.toUsd().abs().toPlainString();
    return m.isNegative() ? "-$" + plain : "$" + plain;
  }
}

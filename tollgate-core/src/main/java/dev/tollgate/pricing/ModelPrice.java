package dev.tollgate.pricing;

import dev.tollgate.money.Money;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.Comparator;
import java.util.EnumSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * Everything Tollgate knows about the price of one model at one provider.
 *
 * @param provider the provider id, e.g. {@code openai}, {@code groq}
 * @param id the model id, unique within the provider, e.g. {@code gpt-4o}
 * @param aliases other names that mean this model
 * @param contextWindow the context window in tokens, or 0 if unknown
 * @param maxOutputTokens the largest output the model may produce, or 0 if unknown
 * @param schedules the price history, in order of {@code from}; the first starts at {@link
 *     Instant#MIN}
 * @param batchDiscountPercent the discount for batch requests, e.g. 50
 * @param volumeTiers discounts that apply once the month's spend on this model passes a volume
 * @param negotiatedDiscountPercent the operator's negotiated discount on every request
 * @param local whether this is a local model (priced at $0 on purpose)
 * @param capabilities what the model can do beyond text chat, as the catalog states it
 */
public record ModelPrice(
    String provider,
    String id,
    List<String> aliases,
    long contextWindow,
    long maxOutputTokens,
    List<PriceSchedule> schedules,
    BigDecimal batchDiscountPercent,
    List<VolumeTier> volumeTiers,
    BigDecimal negotiatedDiscountPercent,
    boolean local,
    Set<Capability> capabilities) {

  /**
   * @throws IllegalArgumentException if a field is out of range, naming it
   */
  public ModelPrice {
    Objects.requireNonNull(provider, "provider");
    Objects.requireNonNull(id, "id");
    aliases = List.copyOf(aliases);
    schedules = schedules.stream().sorted(Comparator.comparing(PriceSchedule::from)).toList();
    volumeTiers =
        volumeTiers.stream().sorted(Comparator.comparing(VolumeTier::aboveMonthlySpend)).toList();
    if (schedules.isEmpty()) {
      throw new IllegalArgumentException(provider + "/" + id + ": prices: at least one is needed");
    }
    checkPercent(batchDiscountPercent, "batch_discount_percent");
    checkPercent(negotiatedDiscountPercent, "negotiated_discount_percent");
    volumeTiers.forEach(t -> checkPercent(t.discountPercent(), "volume_tiers.discount_percent"));
    capabilities =
        capabilities.isEmpty()
            ? Set.of()
            : java.util.Collections.unmodifiableSet(EnumSet.copyOf(capabilities));
  }

  /** A model whose capabilities the catalog does not state. */
  public ModelPrice(
      String provider,
      String id,
      List<String> aliases,
      long contextWindow,
      long maxOutputTokens,
      List<PriceSchedule> schedules,
      BigDecimal batchDiscountPercent,
      List<VolumeTier> volumeTiers,
      BigDecimal negotiatedDiscountPercent,
      boolean local) {
    this(
        provider,
        id,
        aliases,
        contextWindow,
        maxOutputTokens,
        schedules,
        batchDiscountPercent,
        volumeTiers,
        negotiatedDiscountPercent,
        local,
        Set.of());
  }

  /** This model with {@code negotiatedDiscountPercent} instead. */
  public ModelPrice withNegotiatedDiscount(BigDecimal percent) {
    return new ModelPrice(
        provider,
        id,
        aliases,
        contextWindow,
        maxOutputTokens,
        schedules,
        batchDiscountPercent,
        volumeTiers,
        percent,
        local,
        capabilities);
  }

  /** This model with {@code capabilities} instead. */
  public ModelPrice withCapabilities(Set<Capability> capabilities) {
    return new ModelPrice(
        provider,
        id,
        aliases,
        contextWindow,
        maxOutputTokens,
        schedules,
        batchDiscountPercent,
        volumeTiers,
        negotiatedDiscountPercent,
        local,
        capabilities);
  }

  /**
   * This model priced by {@code schedule} from its start on: the schedules that start before it
   * stay, those at or after its start are dropped, so that a price set by hand is not undone by a
   * later change the catalog knew of.
   */
  public ModelPrice withPricesFrom(PriceSchedule schedule) {
    List<PriceSchedule> kept =
        new java.util.ArrayList<>(
            schedules.stream().filter(s -> s.from().isBefore(schedule.from())).toList());
    kept.add(schedule);
    return new ModelPrice(
        provider,
        id,
        aliases,
        contextWindow,
        maxOutputTokens,
        kept,
        batchDiscountPercent,
        volumeTiers,
        negotiatedDiscountPercent,
        local,
        capabilities);
  }

  /** Whether the catalog states that the model has {@code capability}. */
  public boolean can(Capability capability) {
    return capabilities.contains(capability);
  }

  private static void checkPercent(BigDecimal percent, String field) {
    if (percent.signum() < 0 || percent.compareTo(BigDecimal.valueOf(100)) > 0) {
      throw new IllegalArgumentException(field + ": must be between 0 and 100, got " + percent);
    }
  }

  /** The schedule in force at {@code at}: the last one that started at or before it. */
  public PriceSchedule scheduleAt(Instant at) {
    PriceSchedule current = schedules.getFirst();
    for (PriceSchedule s : schedules) {
      if (!s.from().isAfter(at)) {
        current = s;
      }
    }
    return current;
  }

  /** {@code provider/id}. */
  public String qualifiedId() {
    return provider + "/" + id;
  }

  /**
   * A discount once the month's spend on the model, before this request, has reached {@code
   * aboveMonthlySpend}. The highest tier reached applies to the whole request.
   */
  public record VolumeTier(Money aboveMonthlySpend, BigDecimal discountPercent) {}
}

package dev.tollgate.pricing;

import dev.tollgate.usage.UsageKind;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalTime;
import java.util.List;
import java.util.Optional;

/** Small builders for hand-made price cards in tests. */
final class TestPrices {
  private TestPrices() {}

  static Rates rates(String input, String output) {
    return Rates.builder().usd(UsageKind.INPUT, input).usd(UsageKind.OUTPUT, output).build();
  }

  static ModelPrice model(String provider, String id, PriceSchedule... schedules) {
    return new ModelPrice(
        provider,
        id,
        List.of(),
        0,
        0,
        List.of(schedules),
        BigDecimal.ZERO,
        List.of(),
        BigDecimal.ZERO,
        false);
  }

  static ModelPrice withAliases(ModelPrice m, String... aliases) {
    return new ModelPrice(
        m.provider(),
        m.id(),
        List.of(aliases),
        m.contextWindow(),
        m.maxOutputTokens(),
        m.schedules(),
        m.batchDiscountPercent(),
        m.volumeTiers(),
        m.negotiatedDiscountPercent(),
        m.local());
  }

  static PriceSchedule from(String date, Rates rates) {
    return new PriceSchedule(
        Instant.parse(date + "T00:00:00Z"), rates, Optional.empty(), List.of());
  }

  static PriceSchedule tiered(Rates base, long above, Rates tier) {
    return new PriceSchedule(
        Instant.MIN, base, Optional.of(new PriceSchedule.LongContextTier(above, tier)), List.of());
  }

  static PriceSchedule windowed(Rates base, String name, String start, String end, Rates window) {
    return new PriceSchedule(
        Instant.MIN,
        base,
        Optional.empty(),
        List.of(
            new PriceSchedule.TimeWindow(
                name, LocalTime.parse(start), LocalTime.parse(end), window)));
  }
}

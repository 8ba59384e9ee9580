package dev.tollgate.routing;

import dev.tollgate.config.Routing.Cheapest;
import dev.tollgate.money.Money;
import dev.tollgate.pricing.Capability;
import dev.tollgate.pricing.Catalog;
import dev.tollgate.pricing.ModelPrice;
import dev.tollgate.pricing.PriceCalculator;
import dev.tollgate.pricing.PriceOptions;
import dev.tollgate.usage.Usage;
import dev.tollgate.usage.UsageKind;
import java.time.Instant;
import java.util.Optional;
import java.util.function.Predicate;

/**
 * Picks the cheapest catalog model that meets a {@code cheapest} route's needs. The price compared
 * is that of a typical request, {@value #TYPICAL_TOKENS} input plus {@value #TYPICAL_TOKENS} output
 * tokens at the model's standard prices (no cache, no tier, no discount but the operator's
 * negotiated one), computed exactly in nano-USD. Ties go to the model listed first in the catalog.
 * Models that produce no billable output (embeddings) are never picked, except local ones, which
 * are free on purpose.
 */
final class CheapestModel {

  /** Input tokens, and output tokens, of the typical request whose price is compared. */
  static final long TYPICAL_TOKENS = 1_000;

  private static final Usage TYPICAL =
      Usage.builder()
          .set(UsageKind.INPUT, TYPICAL_TOKENS)
          .set(UsageKind.OUTPUT, TYPICAL_TOKENS)
          .build();

  private static final Usage OUTPUT_ONLY =
      Usage.builder().set(UsageKind.OUTPUT, TYPICAL_TOKENS).build();

  private CheapestModel() {}

  /**
   * The cheapest model of {@code catalog} that {@code served} accepts and that meets {@code needs},
   * priced at {@code at}.
   */
  static Optional<ModelPrice> pick(
      Cheapest needs, Catalog catalog, Predicate<ModelPrice> served, Instant at) {
    ModelPrice best = null;
    Money bestCost = null;
    for (ModelPrice m : catalog.models()) {
      if (!meets(m, needs) || !chats(m, at) || !served.test(m)) {
        continue;
      }
      Money cost = typicalCost(m, at);
      if (bestCost == null || cost.compareTo(bestCost) < 0) {
        best = m;
        bestCost = cost;
      }
    }
    return Optional.ofNullable(best);
  }

  /** What {@value #TYPICAL_TOKENS} input and output tokens cost on {@code m} at {@code at}. */
  static Money typicalCost(ModelPrice m, Instant at) {
    return PriceCalculator.price(m, TYPICAL, PriceOptions.at(at)).total();
  }

  private static boolean meets(ModelPrice m, Cheapest needs) {
    return m.contextWindow() >= needs.minContext()
        && (!needs.tools() || m.can(Capability.TOOLS))
        && (!needs.vision() || m.can(Capability.VISION));
  }

  private static boolean chats(ModelPrice m, Instant at) {
    return m.local()
        || !PriceCalculator.price(m, OUTPUT_ONLY, PriceOptions.at(at)).total().isZero();
  }
}

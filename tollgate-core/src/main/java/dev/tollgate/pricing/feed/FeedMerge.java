package dev.tollgate.pricing.feed;

import dev.tollgate.pricing.ModelPrice;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;

/**
 * Keeps what a feed does not state. Neither feed format lists everything the catalog knows: the
 * genai-prices format has no batch discounts or output limits, and LiteLLM's lists batch prices
 * only for some models. So an imported model takes, from the current model it replaces (its {@link
 * Counterparts counterpart}), the batch discount, volume tiers, negotiated discount, context window
 * and maximum output whenever the feed leaves them at zero or empty. Prices always come from the
 * feed.
 */
public final class FeedMerge {

  private FeedMerge() {}

  /** The imported models, each completed from its current counterpart. */
  public static List<ModelPrice> keepUnstated(List<ModelPrice> current, List<ModelPrice> imported) {
    Map<ModelPrice, ModelPrice> replacedBy = Counterparts.of(current, imported);
    Map<ModelPrice, ModelPrice> previous = new IdentityHashMap<>();
    replacedBy.forEach((old, now) -> previous.putIfAbsent(now, old));
    List<ModelPrice> out = new ArrayList<>(imported.size());
    for (ModelPrice m : imported) {
      ModelPrice old = previous.get(m);
      out.add(old == null ? m : complete(m, old));
    }
    return out;
  }

  /**
   * The imported models reordered so that providers keep the priority they have in the current
   * catalog (a bare model id resolves to the first provider that lists it: {@code gpt-4o} should
   * stay OpenAI's, not become Azure's because a feed lists Azure first). Providers new to the
   * catalog follow, in feed order.
   */
  public static List<ModelPrice> inPriorityOf(List<ModelPrice> current, List<ModelPrice> imported) {
    List<String> order = new ArrayList<>();
    current.forEach(
        m -> {
          String p = m.provider().toLowerCase(java.util.Locale.ROOT);
          if (!order.contains(p)) {
            order.add(p);
          }
        });
    List<ModelPrice> sorted = new ArrayList<>(imported);
    sorted.sort(
        java.util.Comparator.comparingInt(
            m -> {
              int i = order.indexOf(m.provider().toLowerCase(java.util.Locale.ROOT));
              return i < 0 ? order.size() : i;
            }));
    return sorted;
  }

  private static ModelPrice complete(ModelPrice m, ModelPrice old) {
    return new ModelPrice(
        m.provider(),
        m.id(),
        m.aliases(),
        m.contextWindow() != 0 ? m.contextWindow() : old.contextWindow(),
        m.maxOutputTokens() != 0 ? m.maxOutputTokens() : old.maxOutputTokens(),
        m.schedules(),
        orElse(m.batchDiscountPercent(), old.batchDiscountPercent()),
        m.volumeTiers().isEmpty() ? old.volumeTiers() : m.volumeTiers(),
        orElse(m.negotiatedDiscountPercent(), old.negotiatedDiscountPercent()),
        m.local(),
        m.capabilities().isEmpty() ? old.capabilities() : m.capabilities());
  }

  private static BigDecimal orElse(BigDecimal stated, BigDecimal previous) {
    return stated.signum() != 0 ? stated : previous;
  }
}

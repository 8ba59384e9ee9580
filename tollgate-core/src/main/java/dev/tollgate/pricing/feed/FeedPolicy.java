package dev.tollgate.pricing.feed;

import dev.tollgate.pricing.ModelPrice;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Decides whether an imported feed may replace the current prices. A feed is refused when it could
 * not be read (not JSON, no known format, no models) or when it would remove more than {@value
 * #MAX_REMOVED_PERCENT}% of the current models: a feed that suddenly lacks many models is far more
 * likely broken or truncated than right, and a removed model would be served unpriced.
 */
public final class FeedPolicy {

  /** The largest share of the current models, in percent, that one feed may remove. */
  public static final int MAX_REMOVED_PERCENT = 10;

  /** How many removed models a rejection names before "and N more". */
  private static final int NAMED = 5;

  private FeedPolicy() {}

  /**
   * Imports a feed of any known format and checks it against the current catalog.
   *
   * @param current the models priced now
   * @param text the feed's text
   * @param source where it came from, named in every message
   * @return the imported feed, if it passes
   * @throws FeedRejectedException if the feed cannot be read or fails {@link #check}
   */
  public static ImportResult load(List<ModelPrice> current, String text, String source) {
    ImportResult imported = FeedFormat.importAny(text, source);
    check(current, imported, "price feed " + source);
    return imported;
  }

  /**
   * Checks an imported feed against the current catalog: it must have models, and may remove at
   * most {@value #MAX_REMOVED_PERCENT}% of the current ones (exactly 10% is allowed). Removal is
   * counted among the current catalog's models only, so the models of providers the catalog does
   * not have yet neither count nor dilute the share; local models are not counted, since no feed
   * lists them.
   *
   * @throws FeedRejectedException saying why, if the feed is refused
   */
  public static void check(List<ModelPrice> current, ImportResult imported) {
    check(current, imported, imported.format() + " feed");
  }

  private static void check(List<ModelPrice> current, ImportResult imported, String feed) {
    if (imported.models().isEmpty()) {
      String why =
          imported.skipped().isEmpty()
              ? ""
              : " ("
                  + imported.skipped().size()
                  + " skipped, first "
                  + imported.skipped().getFirst()
                  + ")";
      throw new FeedRejectedException(feed + " has no models" + why);
    }
    Map<String, ModelPrice> counted = new LinkedHashMap<>();
    current.stream()
        .filter(m -> !m.local())
        .forEach(m -> counted.putIfAbsent(CatalogDiff.key(m), m));
    Map<ModelPrice, ModelPrice> pairs =
        Counterparts.of(List.copyOf(counted.values()), imported.models());
    List<String> removed =
        counted.values().stream()
            .filter(m -> !pairs.containsKey(m))
            .map(ModelPrice::qualifiedId)
            .toList();
    // Integer arithmetic decides; the rounded percentage is only for the message.
    if (removed.size() * 100L > counted.size() * (long) MAX_REMOVED_PERCENT) {
      BigDecimal percent =
          BigDecimal.valueOf(removed.size() * 100L)
              .divide(BigDecimal.valueOf(counted.size()), 1, RoundingMode.HALF_UP);
      String named = String.join(", ", removed.subList(0, Math.min(NAMED, removed.size())));
      String more = removed.size() > NAMED ? " and " + (removed.size() - NAMED) + " more" : "";
      throw new FeedRejectedException(
          feed
              + " would remove "
              + removed.size()
              + " of "
              + counted.size()
              + " models ("
              + percent.toPlainString()
              + "%), more than the "
              + MAX_REMOVED_PERCENT
              + "% allowed: "
              + named
              + more);
    }
  }
}

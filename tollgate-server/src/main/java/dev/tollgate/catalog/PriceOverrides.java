package dev.tollgate.catalog;

import dev.tollgate.pricing.Catalog;
import dev.tollgate.pricing.CatalogException;
import dev.tollgate.pricing.ModelPrice;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Consumer;

/**
 * Applies the admin API's price overrides to a catalog: each one prices its model from its start
 * on, and the catalog's own later price changes of that model no longer apply ({@link
 * ModelPrice#withPricesFrom}). Overrides apply in order of their start, so a later one takes over
 * from an earlier one.
 */
final class PriceOverrides {

  private PriceOverrides() {}

  /**
   * {@code catalog} with {@code overrides} applied; an override whose model the catalog lacks, or
   * whose card cannot be read, is left out and told to {@code skipped}.
   */
  static Catalog applyTo(Catalog catalog, List<PriceOverride> overrides, Consumer<String> skipped) {
    if (overrides.isEmpty()) {
      return catalog;
    }
    Map<String, ModelPrice> byId = new LinkedHashMap<>();
    catalog.models().forEach(m -> byId.putIfAbsent(key(m.qualifiedId()), m));
    Map<String, ModelPrice> changed = new LinkedHashMap<>();
    List<PriceOverride> ordered = new ArrayList<>(overrides);
    ordered.sort(Comparator.comparing(PriceOverride::effectiveFrom));
    for (PriceOverride o : ordered) {
      String key = key(o.qualifiedId());
      ModelPrice model = changed.getOrDefault(key, byId.get(key));
      if (model == null) {
        skipped.accept(
            "the price override of " + o.qualifiedId() + ": no such model in the catalog");
        continue;
      }
      try {
        changed.put(key, model.withPricesFrom(o.schedule()));
      } catch (CatalogException e) {
        skipped.accept("the price override of " + o.qualifiedId() + ": " + e.getMessage());
      }
    }
    return catalog.withOverrides(List.copyOf(changed.values()));
  }

  /** The catalog's model {@code provider/id}, matched exactly but for case. */
  static java.util.Optional<ModelPrice> find(Catalog catalog, String qualifiedId) {
    String key = key(qualifiedId);
    return catalog.models().stream().filter(m -> key(m.qualifiedId()).equals(key)).findFirst();
  }

  private static String key(String qualifiedId) {
    return qualifiedId.toLowerCase(Locale.ROOT);
  }
}

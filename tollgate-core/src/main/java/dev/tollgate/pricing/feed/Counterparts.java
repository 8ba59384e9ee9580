package dev.tollgate.pricing.feed;

import dev.tollgate.pricing.Catalog;
import dev.tollgate.pricing.ModelPrice;
import dev.tollgate.pricing.Resolution;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Pairs each model of the current catalog with the imported model that would price it: the one with
 * the same {@code provider/id}, else the one its {@code provider/id} or one of its aliases resolves
 * to in the imported catalog (by alias or snapshot). A current model without a counterpart is
 * removed by the import: requests for it would no longer be priced.
 */
final class Counterparts {

  private Counterparts() {}

  /** Current model → its imported counterpart, for the current models that have one. */
  static Map<ModelPrice, ModelPrice> of(List<ModelPrice> current, List<ModelPrice> imported) {
    Map<String, ModelPrice> byKey = new LinkedHashMap<>();
    imported.forEach(m -> byKey.putIfAbsent(CatalogDiff.key(m), m));
    Catalog importedCatalog = Catalog.of(imported, Set.of());
    Map<ModelPrice, ModelPrice> pairs = new LinkedHashMap<>();
    for (ModelPrice m : current) {
      ModelPrice same = byKey.get(CatalogDiff.key(m));
      ModelPrice found = same != null ? same : resolve(importedCatalog, m);
      if (found != null) {
        pairs.put(m, found);
      }
    }
    return pairs;
  }

  private static ModelPrice resolve(Catalog imported, ModelPrice m) {
    ModelPrice found = resolve(imported, m.provider(), m.id());
    for (int i = 0; found == null && i < m.aliases().size(); i++) {
      found = resolve(imported, m.provider(), m.aliases().get(i));
    }
    return found;
  }

  private static ModelPrice resolve(Catalog imported, String provider, String name) {
    if (imported.resolve(provider + "/" + name) instanceof Resolution.Known k
        && k.model().provider().equalsIgnoreCase(provider)) {
      return k.model();
    }
    return null;
  }
}

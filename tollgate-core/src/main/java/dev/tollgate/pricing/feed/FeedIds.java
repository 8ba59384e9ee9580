package dev.tollgate.pricing.feed;

import dev.tollgate.pricing.Catalog;
import dev.tollgate.pricing.ModelPrice;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Gives imported models the ids that clients' snapshot names resolve to. A feed often lists a model
 * by a pointer or snapshot id ({@code claude-3-opus-latest}, {@code grok-4-0709}) while clients
 * send other snapshots of it ({@code claude-3-opus-20240229}), which the catalog matches by
 * stripping the suffix to the base ({@code claude-3-opus}). So a model whose id has a snapshot
 * suffix is renamed to its base, keeping the feed's id as an alias, when no other model of the
 * provider has or strips to the same base (then the ids stay as the feed wrote them).
 */
final class FeedIds {

  private FeedIds() {}

  static List<ModelPrice> canonical(List<ModelPrice> models) {
    Map<String, Integer> claims = new HashMap<>();
    Set<String> ids = new HashSet<>();
    for (ModelPrice m : models) {
      ids.add(key(m.provider(), m.id()));
      base(m).ifPresent(b -> claims.merge(key(m.provider(), b), 1, Integer::sum));
    }
    List<ModelPrice> out = new ArrayList<>(models.size());
    for (ModelPrice m : models) {
      Optional<String> base = base(m);
      String k = base.map(b -> key(m.provider(), b)).orElse(null);
      if (base.isPresent() && claims.get(k) == 1 && !ids.contains(k)) {
        out.add(renamed(m, base.get()));
      } else {
        out.add(m);
      }
    }
    return out;
  }

  private static Optional<String> base(ModelPrice m) {
    return Catalog.snapshotBase(m.id());
  }

  private static ModelPrice renamed(ModelPrice m, String base) {
    List<String> aliases = new ArrayList<>();
    aliases.add(m.id());
    m.aliases().stream()
        .filter(a -> !a.equalsIgnoreCase(base) && !a.equalsIgnoreCase(m.id()))
        .forEach(aliases::add);
    return new ModelPrice(
        m.provider(),
        base,
        aliases,
        m.contextWindow(),
        m.maxOutputTokens(),
        m.schedules(),
        m.batchDiscountPercent(),
        m.volumeTiers(),
        m.negotiatedDiscountPercent(),
        m.local(),
        m.capabilities());
  }

  private static String key(String provider, String id) {
    return (provider + "/" + id).toLowerCase(Locale.ROOT);
  }
}

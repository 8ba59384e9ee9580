package dev.tollgate.pricing;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * An immutable set of model prices with the rules that match a requested model name to one.
 *
 * <p>Matching, first hit wins, case-insensitively: (1) an exact id or alias, bare or as {@code
 * provider/id}; (2) {@code provider/model} with a known provider: the model looked up within that
 * provider only (Groq's {@code openai/gpt-oss-20b} is an id of its own and matches in step 1); (3)
 * the same after removing a snapshot suffix: a date ({@code -2024-08-06}, {@code -20250929},
 * {@code @20240620}), a four- or three-digit version ({@code -0613}, {@code -002}) or {@code
 * -latest}; (4) any model under a local provider ({@code ollama/…}), which is free on purpose. A
 * bare id found under several providers resolves to the provider listed first.
 */
public final class Catalog {

  private static final Pattern SNAPSHOT =
      Pattern.compile("^(.+?)(?:-\\d{4}-\\d{2}-\\d{2}|-\\d{8}|@\\d{8}|-\\d{3,4}|-latest)$");

  private static final int MEMO_LIMIT = 10_000;

  private final List<ModelPrice> models;
  private final Map<String, ModelPrice> byName;
  private final Set<String> providers;
  private final Set<String> localProviders;
  // Resolving a snapshot name runs a regex; remembering the answer makes a repeated name a hash
  // lookup. Bounded, because model names come from clients.
  private final Map<String, Resolution> memo = new ConcurrentHashMap<>();

  private Catalog(List<ModelPrice> models, Set<String> localProviders) {
    this.models = List.copyOf(models);
    this.localProviders = Set.copyOf(localProviders);
    Map<String, ModelPrice> names = new HashMap<>();
    Map<String, Boolean> provs = new LinkedHashMap<>();
    for (ModelPrice m : this.models) {
      provs.put(key(m.provider()), true);
      for (String name : names(m)) {
        names.putIfAbsent(key(name), m);
        names.putIfAbsent(key(m.provider() + "/" + name), m);
      }
    }
    localProviders.forEach(p -> provs.put(key(p), true));
    this.byName = Map.copyOf(names);
    this.providers = Set.copyOf(provs.keySet());
  }

  /**
   * A catalog of {@code models}, in priority order.
   *
   * @param localProviders providers whose every model is local and free
   */
  public static Catalog of(List<ModelPrice> models, Set<String> localProviders) {
    return new Catalog(models, localProviders);
  }

  /** Every model, in priority order. */
  public List<ModelPrice> models() {
    return models;
  }

  /** Providers whose models are local and free. */
  public Set<String> localProviders() {
    return localProviders;
  }

  /** Looks {@code requested} up by the matching rules above. */
  public Resolution resolve(String requested) {
    if (requested == null) {
      return new Resolution.Unknown("null", "no model name given");
    }
    Resolution known = memo.get(requested);
    if (known != null) {
      return known;
    }
    Resolution fresh = lookUp(requested);
    if (memo.size() < MEMO_LIMIT) {
      memo.put(requested, fresh);
    }
    return fresh;
  }

  private Resolution lookUp(String requested) {
    if (requested.isBlank()) {
      return new Resolution.Unknown(requested, "no model name given");
    }
    String name = key(requested.trim());
    ModelPrice exact = byName.get(name);
    if (exact != null) {
      return new Resolution.Known(requested, exact, "exact id or alias");
    }
    int slash = name.indexOf('/');
    if (slash > 0 && providers.contains(name.substring(0, slash))) {
      return resolveInProvider(requested, name.substring(0, slash), name.substring(slash + 1));
    }
    Optional<ModelPrice> snapshot = stripSnapshot(name).map(byName::get);
    if (snapshot.isPresent()) {
      return new Resolution.Known(
          requested, snapshot.get(), "dated snapshot of " + snapshot.get().id());
    }
    return new Resolution.Unknown(
        requested, "no model, alias or dated snapshot named '" + requested + "' in the catalog");
  }

  private Resolution resolveInProvider(String requested, String provider, String model) {
    ModelPrice found = byName.get(provider + "/" + model);
    String how = "id within provider " + provider;
    if (found == null) {
      found = stripSnapshot(model).map(m -> byName.get(provider + "/" + m)).orElse(null);
      how = "dated snapshot within provider " + provider;
    }
    if (found != null && key(found.provider()).equals(provider)) {
      return new Resolution.Known(requested, found, how);
    }
    if (localProviders.stream().anyMatch(p -> key(p).equals(provider))) {
      return new Resolution.Known(
          requested, localModel(provider, model), "local provider " + provider);
    }
    return new Resolution.Unknown(
        requested, "provider " + provider + " has no model '" + model + "' in the catalog");
  }

  /** Returns a catalog where {@code overrides} replace (by provider and id) or add models. */
  public Catalog withOverrides(List<ModelPrice> overrides) {
    Map<String, ModelPrice> merged = new LinkedHashMap<>();
    List<ModelPrice> added = new ArrayList<>();
    models.forEach(m -> merged.put(key(m.qualifiedId()), m));
    for (ModelPrice o : overrides) {
      ModelPrice old = merged.get(key(o.qualifiedId()));
      if (old != null && o.capabilities().isEmpty()) {
        // An override about prices keeps what the catalog says the model can do.
        o = o.withCapabilities(old.capabilities());
      }
      if (merged.replace(key(o.qualifiedId()), o) == null) {
        added.add(o);
      }
    }
    // Operator-defined models come first, so that their ids win over the bundled ones.
    List<ModelPrice> all = new ArrayList<>(added);
    all.addAll(merged.values());
    return new Catalog(all, localProviders);
  }

  private static ModelPrice localModel(String provider, String model) {
    return new ModelPrice(
        provider,
        model,
        List.of(),
        0,
        0,
        List.of(
            PriceSchedule.always(
                Rates.builder()
                    .usd(dev.tollgate.usage.UsageKind.INPUT, BigDecimal.ZERO)
                    .usd(dev.tollgate.usage.UsageKind.OUTPUT, BigDecimal.ZERO)
                    .build())),
        BigDecimal.ZERO,
        List.of(),
        BigDecimal.ZERO,
        true);
  }

  /**
   * The base name of a dated or versioned snapshot name, e.g. {@code gpt-4o} for {@code
   * gpt-4o-2024-08-06}; empty if the name has no snapshot suffix.
   */
  public static Optional<String> snapshotBase(String name) {
    return stripSnapshot(name);
  }

  private static Optional<String> stripSnapshot(String name) {
    Matcher m = SNAPSHOT.matcher(name);
    return m.matches() ? Optional.of(m.group(1)) : Optional.empty();
  }

  private static List<String> names(ModelPrice m) {
    List<String> names = new ArrayList<>(m.aliases().size() + 1);
    names.add(m.id());
    names.addAll(m.aliases());
    return names;
  }

  private static String key(String name) {
    return name.toLowerCase(Locale.ROOT);
  }
}

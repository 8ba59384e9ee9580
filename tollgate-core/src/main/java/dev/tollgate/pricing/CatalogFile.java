package dev.tollgate.pricing;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The contents of a {@code tollgate-catalog/1} file.
 *
 * @param format the format tag, always {@link CatalogReader#FORMAT}
 * @param source where the prices came from ({@code name}, {@code commit}, {@code license}, ...), in
 *     file order; empty if the file has no {@code source} block
 * @param models every model, grouped by provider, providers in priority order (a bare model id
 *     found under several providers resolves to the first)
 * @param localProviders the providers marked {@code local: true}, whose models are free on purpose
 */
public record CatalogFile(
    String format,
    Map<String, String> source,
    List<ModelPrice> models,
    Set<String> localProviders) {

  public CatalogFile {
    source = Collections.unmodifiableMap(new LinkedHashMap<>(source));
    models = List.copyOf(models);
    localProviders = Collections.unmodifiableSet(new LinkedHashSet<>(localProviders));
  }

  /** The provider ids in priority order, each once. */
  public List<String> providers() {
    return models.stream().map(ModelPrice::provider).distinct().toList();
  }
}

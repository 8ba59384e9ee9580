package dev.tollgate.provider;

import dev.tollgate.config.TollgateConfig;
import dev.tollgate.config.TollgateConfig.ProviderEntry;
import dev.tollgate.pricing.ModelPrice;
import dev.tollgate.proxy.ProxyException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/**
 * Which provider serves a model: the first enabled entry of {@code providers} whose {@code
 * catalog_provider} is the model's catalog provider. When no entry is enabled at all, one fallback
 * provider (the simulated one) serves every model.
 */
public final class Providers {

  private final Map<String, Provider> byCatalogProvider;
  private final Map<String, Provider> byName;
  private final List<Provider> all;
  private final Optional<Provider> fallback;
  private final TollgateConfig.Providers config;

  private Providers(
      Map<String, Provider> byCatalogProvider,
      Map<String, Provider> byName,
      List<Provider> all,
      Optional<Provider> fallback,
      TollgateConfig.Providers config) {
    this.byCatalogProvider = byCatalogProvider;
    this.byName = byName;
    this.all = all;
    this.fallback = fallback;
    this.config = config;
  }

  /** {@code provider} serves every model. */
  public static Providers only(Provider provider) {
    return new Providers(
        Map.of(),
        Map.of(),
        List.of(provider),
        Optional.of(provider),
        TollgateConfig.Providers.none());
  }

  /**
   * The enabled entries of {@code config}, each made a provider by {@code create}; {@code fallback}
   * serves everything if none is enabled.
   */
  public static Providers of(
      TollgateConfig.Providers config,
      Function<ProviderEntry, Provider> create,
      Provider fallback) {
    return of(config, ProviderEntry::enabled, create, fallback);
  }

  /**
   * The entries of {@code config} that {@code enabled} accepts (e.g. those whose key variable is
   * set, or that have a stored credential), each made a provider by {@code create}; {@code
   * fallback} serves everything if none is.
   */
  public static Providers of(
      TollgateConfig.Providers config,
      java.util.function.Predicate<ProviderEntry> serves,
      Function<ProviderEntry, Provider> create,
      Provider fallback) {
    List<ProviderEntry> enabled = config.entries().stream().filter(serves).toList();
    if (enabled.isEmpty()) {
      return only(fallback);
    }
    Map<String, Provider> byCatalog = new LinkedHashMap<>();
    Map<String, Provider> byName = new LinkedHashMap<>();
    for (ProviderEntry entry : enabled) {
      Provider provider = create.apply(entry);
      byName.put(entry.name(), provider);
      byCatalog.putIfAbsent(entry.catalogProvider(), provider);
    }
    return new Providers(
        Map.copyOf(byCatalog),
        Map.copyOf(byName),
        List.copyOf(byCatalog.values()),
        Optional.empty(),
        config);
  }

  /** Whether the fallback serves everything because no provider is enabled. */
  public boolean fallbackOnly() {
    return fallback.isPresent();
  }

  /**
   * The provider of the enabled entry named {@code entryName} (a deployment's {@code provider}), or
   * the fallback when it serves everything; empty when that entry is not enabled.
   */
  public Optional<Provider> named(String entryName) {
    return fallback.isPresent() ? fallback : Optional.ofNullable(byName.get(entryName));
  }

  /** The providers that can serve, in the configuration's order. */
  public List<Provider> all() {
    return all;
  }

  /**
   * The provider for {@code requested}, which resolved to {@code model} in the catalog (null when
   * the model is unknown and recorded unpriced: its {@code provider/} prefix decides, else the only
   * enabled provider).
   *
   * @throws ProxyException 400 naming the model and the variable to set, if no provider serves it
   */
  public Provider route(String requested, ModelPrice model) {
    if (fallback.isPresent()) {
      return fallback.get();
    }
    String catalogProvider;
    if (model != null) {
      catalogProvider = model.provider();
    } else if (requested.indexOf('/') > 0) {
      catalogProvider = requested.substring(0, requested.indexOf('/'));
    } else if (all.size() == 1) {
      return all.getFirst();
    } else {
      throw ProxyException.badRequest(
          "model",
          "The model '"
              + requested
              + "' is not in the catalog, so Tollgate cannot tell which provider serves it;"
              + " prefix it with the provider's catalog name (e.g. 'openai/"
              + requested
              + "').");
    }
    Provider provider = byCatalogProvider.get(catalogProvider);
    if (provider == null) {
      throw ProxyException.badRequest(
          "model",
          "The model '"
              + requested
              + "' is served by '"
              + catalogProvider
              + "', but no provider serving "
              + catalogProvider
              + " is configured (set "
              + config.keyVariableFor(catalogProvider)
              + ", or add an entry with catalog_provider: "
              + catalogProvider
              + " under providers in tollgate.yaml).");
    }
    return provider;
  }
}

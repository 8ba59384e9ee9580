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
 * provider (the simulated one) serves every model. Each entry serves both endpoints through its
 * {@link Views}: {@link #route} gives its chat-completions view and {@link #routeMessages} its
 * Messages view, one of them native and the other translated.
 */
public final class Providers {

  /**
   * One upstream as each endpoint sees it; both views have the same {@link Provider#id()}.
   *
   * @param chat the view serving OpenAI chat completions
   * @param messages the view serving Anthropic Messages requests, or null if it serves none
   */
  public record Views(Provider chat, MessagesProvider messages) {}

  private final Map<String, Views> byCatalogProvider;
  private final List<Provider> all;
  private final Optional<Views> fallback;
  private final TollgateConfig.Providers config;

  private Providers(
      Map<String, Views> byCatalogProvider,
      List<Provider> all,
      Optional<Views> fallback,
      TollgateConfig.Providers config) {
    this.byCatalogProvider = byCatalogProvider;
    this.all = all;
    this.fallback = fallback;
    this.config = config;
  }

  /** {@code provider} serves every chat completion, and no Messages request. */
  public static Providers only(Provider provider) {
    return only(new Views(provider, null));
  }

  /** {@code views} serve every model. */
  public static Providers only(Views views) {
    return new Providers(
        Map.of(), List.of(views.chat()), Optional.of(views), TollgateConfig.Providers.none());
  }

  /**
   * The enabled entries of {@code config}, each made its views by {@code create}; {@code fallback}
   * serves everything if none is enabled.
   */
  public static Providers of(
      TollgateConfig.Providers config, Function<ProviderEntry, Views> create, Views fallback) {
    return of(config, ProviderEntry::enabled, create, fallback);
  }

  /**
   * The entries of {@code config} that {@code serves} accepts (e.g. those whose key variable is
   * set, or that have a stored credential), each made its views by {@code create}; {@code fallback}
   * serves everything if none is.
   */
  public static Providers of(
      TollgateConfig.Providers config,
      java.util.function.Predicate<ProviderEntry> serves,
      Function<ProviderEntry, Views> create,
      Views fallback) {
    List<ProviderEntry> enabled = config.entries().stream().filter(serves).toList();
    if (enabled.isEmpty()) {
      return only(fallback);
    }
    Map<String, Views> byCatalog = new LinkedHashMap<>();
    for (ProviderEntry entry : enabled) {
      if (!byCatalog.containsKey(entry.catalogProvider())) {
        byCatalog.put(entry.catalogProvider(), create.apply(entry));
      }
    }
    return new Providers(
        Map.copyOf(byCatalog),
        byCatalog.values().stream().map(Views::chat).toList(),
        Optional.empty(),
        config);
  }

  /** Whether the fallback serves everything because no provider is enabled. */
  public boolean fallbackOnly() {
    return fallback.isPresent();
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
    return views(requested, model).chat();
  }

  /**
   * The provider for a Messages request, as {@link #route} chooses it.
   *
   * @throws ProxyException 400 as {@link #route} does
   */
  public MessagesProvider routeMessages(String requested, ModelPrice model) {
    MessagesProvider messages = views(requested, model).messages();
    if (messages == null) {
      throw new IllegalStateException("no Messages view was configured for " + requested);
    }
    return messages;
  }

  private Views views(String requested, ModelPrice model) {
    if (fallback.isPresent()) {
      return fallback.get();
    }
    String catalogProvider;
    if (model != null) {
      catalogProvider = model.provider();
    } else if (requested.indexOf('/') > 0) {
      catalogProvider = requested.substring(0, requested.indexOf('/'));
    } else if (byCatalogProvider.size() == 1) {
      return byCatalogProvider.values().iterator().next();
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
    Views provider = byCatalogProvider.get(catalogProvider);
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

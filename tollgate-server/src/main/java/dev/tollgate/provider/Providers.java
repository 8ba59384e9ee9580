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
import java.util.function.Predicate;

/**
 * Which provider serves a model: the first enabled entry of {@code providers} whose {@code
 * catalog_provider} is the model's catalog provider. When no entry is enabled at all, one fallback
 * provider (the simulated one) serves every model. Each entry serves both chat formats through its
 * {@link Views}: {@link #route} gives its chat-completions view and {@link #messagesOf} its
 * Messages view, one of them native and the other translated.
 */
public final class Providers {

  /**
   * One upstream as each endpoint sees it; both views have the same {@link Provider#id()}, the
   * entry's name.
   *
   * @param chat the view serving OpenAI chat completions
   * @param messages the view serving Anthropic Messages requests, or null if it serves none
   */
  public record Views(Provider chat, MessagesProvider messages) {}

  private final Map<String, Views> byCatalogProvider;
  private final Map<String, Views> byName;
  private final List<Provider> all;
  private final Optional<Views> fallback;
  private final TollgateConfig.Providers config;

  private Providers(
      Map<String, Views> byCatalogProvider,
      Map<String, Views> byName,
      Optional<Views> fallback,
      TollgateConfig.Providers config) {
    this.byCatalogProvider = byCatalogProvider;
    this.byName = byName;
    this.all =
        fallback.isPresent()
            ? List.of(fallback.get().chat())
            : byCatalogProvider.values().stream().map(Views::chat).toList();
    this.fallback = fallback;
    this.config = config;
  }

  /** {@code provider} serves every chat completion, and no Messages request. */
  public static Providers only(Provider provider) {
    return only(new Views(provider, null));
  }

  /** {@code views} serve every model. */
  public static Providers only(Views views) {
    return new Providers(Map.of(), Map.of(), Optional.of(views), TollgateConfig.Providers.none());
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
      Predicate<ProviderEntry> serves,
      Function<ProviderEntry, Views> create,
      Views fallback) {
    List<ProviderEntry> enabled = config.entries().stream().filter(serves).toList();
    if (enabled.isEmpty()) {
      return only(fallback);
    }
    Map<String, Views> byCatalog = new LinkedHashMap<>();
    Map<String, Views> byName = new LinkedHashMap<>();
    for (ProviderEntry entry : enabled) {
      Views views = create.apply(entry);
      byName.put(entry.name(), views);
      byCatalog.putIfAbsent(entry.catalogProvider(), views);
    }
    return new Providers(Map.copyOf(byCatalog), Map.copyOf(byName), Optional.empty(), config);
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
    return fallback.isPresent()
        ? fallback.map(Views::chat)
        : Optional.ofNullable(byName.get(entryName)).map(Views::chat);
  }

  /** The providers that can serve, in the configuration's order. */
  public List<Provider> all() {
    return all;
  }

  /**
   * The Messages view of the upstream whose chat view is {@code chat}, as routing chose it.
   *
   * @throws IllegalStateException if it has none (only {@link #only(Provider)} builds such)
   */
  public MessagesProvider messagesOf(Provider chat) {
    Views views = fallback.orElseGet(() -> byName.get(chat.id()));
    if (views == null || views.messages() == null) {
      throw new IllegalStateException("no Messages view was configured for " + chat.id());
    }
    return views.messages();
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
   * The Messages view of the provider {@link #route} chooses.
   *
   * @throws ProxyException 400 as {@link #route} does
   */
  public MessagesProvider routeMessages(String requested, ModelPrice model) {
    return messagesOf(route(requested, model));
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

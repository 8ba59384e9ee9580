package dev.tollgate.routing;

import dev.tollgate.config.ConfigException;
import dev.tollgate.config.Routing;
import dev.tollgate.config.Routing.Alias;
import dev.tollgate.config.Routing.Deployments;
import dev.tollgate.config.Routing.ModelRoute;
import dev.tollgate.config.TollgateConfig.ProviderEntry;
import dev.tollgate.pricing.ModelPrice;
import dev.tollgate.pricing.Pricer;
import dev.tollgate.pricing.Resolution;
import dev.tollgate.pricing.UnknownModelPolicy;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The start-up checks of {@code models} that need the catalog: every price card exists, and every
 * alias target and fallback is a {@code models} entry or a catalog model. Each failure names the
 * field, e.g. {@code models.gpt-4o.deployments[1].price}.
 */
final class RouterChecks {

  private static final Logger LOG = LoggerFactory.getLogger(RouterChecks.class);

  private final Routing routing;
  private final List<ProviderEntry> entries;
  private final Pricer pricer;
  private final String where;

  RouterChecks(Routing routing, List<ProviderEntry> entries, Pricer pricer, String display) {
    this.routing = routing;
    this.entries = entries;
    this.pricer = pricer;
    this.where = display + ": models.";
  }

  /**
   * The catalog entry whose prices apply to deployment {@code i} of {@code model}: its {@code
   * price}, else its model under the entry's catalog provider, else its model anywhere. Null for an
   * unpriced model when {@code unknown_model} is {@code record}.
   */
  ModelPrice priceCard(String model, int i, Routing.Deployment spec) {
    String field = where + model + ".deployments[" + i + "]";
    if (spec.price().isPresent()) {
      if (pricer.catalog().resolve(spec.price().get()) instanceof Resolution.Known k) {
        return k.model();
      }
      throw new ConfigException(
          field + ".price: no model '" + spec.price().get() + "' in the price catalog");
    }
    String catalogProvider =
        entries.stream()
            .filter(e -> e.name().equals(spec.provider()))
            .map(ProviderEntry::catalogProvider)
            .findFirst()
            .orElse(spec.provider());
    for (String name : List.of(catalogProvider + "/" + spec.model(), spec.model())) {
      if (pricer.catalog().resolve(name) instanceof Resolution.Known k) {
        return k.model();
      }
    }
    if (pricer.unknownModels() == UnknownModelPolicy.RECORD) {
      return null;
    }
    throw new ConfigException(
        field
            + ".model: '"
            + spec.model()
            + "' is not in the price catalog; set price to the catalog model whose prices apply");
  }

  /** Every alias target and fallback names a {@code models} entry or a catalog model. */
  void checkNames() {
    for (Map.Entry<String, ModelRoute> e : routing.models().entrySet()) {
      switch (e.getValue()) {
        case Alias a -> known(a.target(), where + e.getKey() + ".alias");
        case Deployments d -> {
          for (int i = 0; i < d.fallbacks().size(); i++) {
            String f = d.fallbacks().get(i);
            if (f.equals(e.getKey())) {
              throw new ConfigException(
                  where + e.getKey() + ".fallbacks[" + i + "]: a model cannot fall back to itself");
            }
            known(f, where + e.getKey() + ".fallbacks[" + i + "]");
          }
        }
        default -> {}
      }
    }
  }

  private void known(String name, String field) {
    if (!routing.models().containsKey(name)
        && !(pricer.catalog().resolve(name) instanceof Resolution.Known)) {
      throw new ConfigException(
          field + ": '" + name + "' is neither a models entry nor a model in the price catalog");
    }
  }

  /** Says, once at start-up, that a deployment's provider entry has no key set. */
  static void disabled(String model, int i, Routing.Deployment spec) {
    LOG.warn(
        "models.{}.deployments[{}]: provider entry '{}' is not enabled (its key is not set);"
            + " the deployment is skipped",
        model,
        i,
        spec.provider());
  }
}

package dev.tollgate.catalog;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tollgate.pricing.Catalog;
import dev.tollgate.pricing.CatalogException;
import dev.tollgate.pricing.ModelPrice;
import dev.tollgate.pricing.Resolution;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Negotiated discounts from {@code pricing.discounts}: {@code {provider, model?, percent}}. A rule
 * with a model applies to that model of the provider; without one, to every model of the provider.
 * A model rule wins over a provider rule. Each discounted request shows the discount as its own
 * line in the breakdown.
 */
final class Discounts {

  private static final Set<String> KEYS = Set.of("provider", "model", "percent");

  private record Rule(String where, String provider, String model, BigDecimal percent) {
    boolean matches(ModelPrice m) {
      return m.provider().equalsIgnoreCase(provider)
          && (model == null || m.id().equalsIgnoreCase(model));
    }

    /**
     * This rule with its model name resolved to the catalog id (an alias or a snapshot name may be
     * given), or a failure naming the rule if it would discount nothing.
     */
    Rule resolvedIn(Catalog catalog) {
      if (model == null) {
        if (catalog.models().stream().noneMatch(m -> m.provider().equalsIgnoreCase(provider))) {
          throw new CatalogException(
              where + ".provider: no model of provider '" + provider + "' in the catalog");
        }
        return this;
      }
      if (catalog.resolve(provider + "/" + model) instanceof Resolution.Known k
          && k.model().provider().equalsIgnoreCase(provider)) {
        return new Rule(where, provider, k.model().id(), percent);
      }
      throw new CatalogException(
          where
              + ".model: provider '"
              + provider
              + "' has no model '"
              + model
              + "' in the catalog");
    }
  }

  private final List<Rule> rules;

  private Discounts(List<Rule> rules) {
    this.rules = List.copyOf(rules);
  }

  static Discounts parse(String fileName, List<JsonNode> entries) {
    List<Rule> rules = new ArrayList<>();
    for (int i = 0; i < entries.size(); i++) {
      rules.add(rule(fileName + ": pricing.discounts[" + i + "]", entries.get(i)));
    }
    return new Discounts(rules);
  }

  private static Rule rule(String where, JsonNode entry) {
    if (!entry.isObject()) {
      throw new CatalogException(where + ": must be a map with provider, model and percent");
    }
    for (Iterator<String> it = entry.fieldNames(); it.hasNext(); ) {
      String key = it.next();
      if (!KEYS.contains(key)) {
        throw new CatalogException(
            where + "." + key + ": unknown key; allowed: provider, model, percent");
      }
    }
    JsonNode provider = entry.get("provider");
    if (provider == null || !provider.isTextual() || provider.asText().isBlank()) {
      throw new CatalogException(where + ".provider: is required");
    }
    JsonNode model = entry.get("model");
    if (model != null && !model.isTextual()) {
      throw new CatalogException(where + ".model: must be a model id, got " + model);
    }
    JsonNode percent = entry.get("percent");
    if (percent == null
        || !percent.isNumber()
        || percent.decimalValue().signum() < 0
        || percent.decimalValue().compareTo(BigDecimal.valueOf(100)) > 0) {
      throw new CatalogException(
          where + ".percent: must be a number between 0 and 100, got " + percent);
    }
    return new Rule(
        where,
        provider.asText().toLowerCase(Locale.ROOT),
        model == null ? null : model.asText(),
        percent.decimalValue());
  }

  boolean isEmpty() {
    return rules.isEmpty();
  }

  int size() {
    return rules.size();
  }

  /**
   * The catalog with each matching model's negotiated discount set.
   *
   * @throws CatalogException naming a rule that matches no model, since a silent no-op would bill
   *     at list price while the operator believes the discount applies
   */
  Catalog applyTo(Catalog catalog) {
    if (rules.isEmpty()) {
      return catalog;
    }
    List<Rule> resolved = rules.stream().map(r -> r.resolvedIn(catalog)).toList();
    List<ModelPrice> changed = new ArrayList<>();
    for (ModelPrice m : catalog.models()) {
      BigDecimal percent = percentFor(resolved, m);
      if (percent != null) {
        changed.add(withDiscount(m, percent));
      }
    }
    return catalog.withOverrides(changed);
  }

  private static BigDecimal percentFor(List<Rule> rules, ModelPrice m) {
    BigDecimal providerWide = null;
    for (Rule rule : rules) {
      if (rule.matches(m)) {
        if (rule.model() != null) {
          return rule.percent();
        }
        providerWide = rule.percent();
      }
    }
    return providerWide;
  }

  private static ModelPrice withDiscount(ModelPrice m, BigDecimal percent) {
    return m.withNegotiatedDiscount(percent);
  }
}

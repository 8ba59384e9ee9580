package dev.tollgate.admin;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tollgate.catalog.LivePrices;
import dev.tollgate.catalog.PriceBook;
import dev.tollgate.catalog.PriceOverride;
import dev.tollgate.pricing.ModelPrice;
import dev.tollgate.pricing.PriceSchedule;
import dev.tollgate.pricing.Pricer;
import dev.tollgate.pricing.Resolution;
import dev.tollgate.usage.UsageKind;
import java.math.BigDecimal;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * {@code GET /admin/v1/models} and {@code GET /admin/v1/models/{id}}: the price catalog in force
 * (the base catalog with {@code pricing.overrides}, discounts and the price overrides set over this
 * API applied), a page at a time by {@code provider/id}, each model with every dated price schedule
 * and the overrides it has. Prices are exact USD decimal strings, per million tokens for token
 * kinds and per unit for the others.
 */
final class ModelsResource {

  private final LivePrices prices;

  ModelsResource(LivePrices prices) {
    this.prices = prices;
  }

  void register(AdminRouter router) {
    router
        .list("/models", Access.READ, "Model", this::list)
        .get("/models/{id}", Access.READ, AdminRouter.Doc.answers("Model"), this::show);
  }

  private AdminResponse list(AdminRequest r) {
    int limit = Pages.limit(r.query());
    String after = r.query().get("after");
    String provider = r.query().get("provider");
    PriceBook book = prices.book();
    List<ModelPrice> all =
        book.pricer().catalog().models().stream()
            .filter(m -> provider == null || m.provider().equals(provider))
            .filter(m -> after == null || m.qualifiedId().compareTo(after) > 0)
            .sorted(Comparator.comparing(ModelPrice::qualifiedId))
            .toList();
    boolean more = all.size() > limit;
    List<ModelPrice> shown = more ? all.subList(0, limit) : all;
    ObjectNode body = JsonNodeFactory.instance.objectNode().put("object", "list");
    body.put("currency", "USD");
    ArrayNode data = body.putArray("data");
    shown.forEach(m -> data.add(render(m, book)));
    body.put("has_more", more);
    body.put("next_cursor", more ? shown.getLast().qualifiedId() : null);
    return AdminResponse.ok(body);
  }

  private AdminResponse show(AdminRequest r) {
    PriceBook book = prices.book();
    return AdminResponse.ok(render(find(book.pricer(), r.param("id")), book));
  }

  /**
   * The catalog model a path's {@code {id}} names: {@code provider/id} (its slash sent as {@code
   * %2F}), a bare id or an alias, matched as requests match them but never by a snapshot suffix, so
   * that a change never lands on a model other than the one named.
   *
   * @throws AdminException 404 naming the model if the catalog has no such entry
   */
  static ModelPrice find(Pricer pricer, String rawId) {
    String name = URLDecoder.decode(rawId.replace("+", "%2B"), StandardCharsets.UTF_8);
    if (pricer.catalog().resolve(name) instanceof Resolution.Known k
        && pricer.catalog().models().contains(k.model())
        && names(k.model()).contains(name.toLowerCase(Locale.ROOT))) {
      return k.model();
    }
    String hint =
        pricer.catalog().resolve(name) instanceof Resolution.Known k
                && pricer.catalog().models().contains(k.model())
            ? " (did you mean '" + k.model().qualifiedId() + "'?)"
            : "";
    throw AdminException.notFound("the model '" + name + "'" + hint);
  }

  private static List<String> names(ModelPrice m) {
    List<String> bare = new java.util.ArrayList<>(m.aliases());
    bare.add(m.id());
    List<String> all = new java.util.ArrayList<>();
    for (String n : bare) {
      all.add(n.toLowerCase(Locale.ROOT));
      all.add((m.provider() + "/" + n).toLowerCase(Locale.ROOT));
    }
    return all;
  }

  /** A model as the API shows it, with the overrides {@code book} has for it. */
  static ObjectNode render(ModelPrice m, PriceBook book) {
    ObjectNode o = JsonNodeFactory.instance.objectNode();
    o.put("id", m.qualifiedId()).put("object", "model_price").put("provider", m.provider());
    o.put("model", m.id());
    m.aliases().forEach(o.putArray("aliases")::add);
    o.put("context_window", m.contextWindow()).put("max_output_tokens", m.maxOutputTokens());
    o.put("local", m.local());
    o.put("batch_discount_percent", m.batchDiscountPercent().toPlainString());
    o.put("negotiated_discount_percent", m.negotiatedDiscountPercent().toPlainString());
    ArrayNode schedules = o.putArray("prices");
    for (PriceSchedule s : m.schedules()) {
      ObjectNode p = schedules.addObject();
      p.put("from", s.from().equals(Instant.MIN) ? null : s.from().toString());
      ObjectNode rates = p.putObject("usd");
      for (Map.Entry<UsageKind, BigDecimal> e : s.rates().listedUsd().entrySet()) {
        String unit = e.getKey().perMillionTokens() ? "_per_million" : "_each";
        rates.put(e.getKey().name().toLowerCase(Locale.ROOT) + unit, e.getValue().toPlainString());
      }
      p.put("long_context_tier", s.longContext().isPresent());
      p.put("time_windows", s.windows().size());
    }
    ArrayNode overrides = o.putArray("overrides");
    book.priceOverrides().stream()
        .filter(v -> v.qualifiedId().equalsIgnoreCase(m.qualifiedId()))
        .sorted(Comparator.comparing(PriceOverride::effectiveFrom))
        .forEach(v -> overrides.add(PriceJson.override(v)));
    return o;
  }
}

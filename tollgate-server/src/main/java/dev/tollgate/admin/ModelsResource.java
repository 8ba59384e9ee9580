package dev.tollgate.admin;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tollgate.pricing.ModelPrice;
import dev.tollgate.pricing.PriceSchedule;
import dev.tollgate.pricing.Pricer;
import dev.tollgate.usage.UsageKind;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * {@code GET /admin/v1/models}: the price catalog in force (the base catalog with {@code
 * pricing.overrides} and discounts applied), a page at a time by {@code provider/id}, each model
 * with every dated price schedule. Prices are exact USD decimal strings, per million tokens for
 * token kinds and per unit for the others.
 */
final class ModelsResource {

  private final Pricer pricer;

  ModelsResource(Pricer pricer) {
    this.pricer = pricer;
  }

  void register(AdminRouter router) {
    router.list("/models", Access.READ, "Model", this::list);
  }

  private AdminResponse list(AdminRequest r) {
    int limit = Pages.limit(r.query());
    String after = r.query().get("after");
    String provider = r.query().get("provider");
    List<ModelPrice> all =
        pricer.catalog().models().stream()
            .filter(m -> provider == null || m.provider().equals(provider))
            .filter(m -> after == null || key(m).compareTo(after) > 0)
            .sorted(Comparator.comparing(ModelsResource::key))
            .toList();
    boolean more = all.size() > limit;
    List<ModelPrice> shown = more ? all.subList(0, limit) : all;
    ObjectNode body = JsonNodeFactory.instance.objectNode().put("object", "list");
    body.put("currency", "USD");
    ArrayNode data = body.putArray("data");
    shown.forEach(m -> data.add(render(m)));
    body.put("has_more", more);
    body.put("next_cursor", more ? key(shown.getLast()) : null);
    return AdminResponse.ok(body);
  }

  private static String key(ModelPrice m) {
    return m.provider() + "/" + m.id();
  }

  private static ObjectNode render(ModelPrice m) {
    ObjectNode o = JsonNodeFactory.instance.objectNode();
    o.put("id", key(m)).put("object", "model_price").put("provider", m.provider());
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
    return o;
  }
}

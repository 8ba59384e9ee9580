package dev.tollgate.admin;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tollgate.catalog.FeedImport;
import dev.tollgate.catalog.PriceOverride;
import dev.tollgate.pricing.CatalogWriter;
import dev.tollgate.pricing.ModelPrice;
import dev.tollgate.pricing.PriceSchedule;
import dev.tollgate.pricing.feed.CatalogDiff;
import java.time.Instant;

/**
 * The JSON of price changes: a price override, the card in force at an instant (what the audit log
 * records as before and after), and what a feed import changes. Cards use the catalog's price keys
 * ({@code input}, {@code cache_read}, {@code per_image}…) with USD as exact decimal strings, the
 * schema {@code PUT /admin/v1/models/{id}/price} takes.
 */
final class PriceJson {

  private PriceJson() {}

  /** An override as stored. */
  static ObjectNode override(PriceOverride o) {
    ObjectNode out = JsonNodeFactory.instance.objectNode();
    out.put("model", o.qualifiedId()).put("effective_from", o.effectiveFrom().toString());
    out.set("prices", o.cardJson());
    out.put("source", "override");
    out.put("created_at", o.created().toString()).put("created_by", o.createdBy());
    out.put("reason", o.reason());
    return out;
  }

  /** The card of {@code model} in force at {@code at}, as the catalog or an override has it. */
  static ObjectNode inForce(ModelPrice model, Instant at, boolean overridden) {
    PriceSchedule s = model.scheduleAt(at);
    ObjectNode out = JsonNodeFactory.instance.objectNode();
    out.put("model", model.qualifiedId()).put("at", at.toString());
    out.put("in_force_from", s.from().equals(Instant.MIN) ? null : s.from().toString());
    out.set("prices", CatalogWriter.card(s));
    out.put("source", overridden ? "override" : "catalog");
    return out;
  }

  /** What an import changed, or would change on a dry run. */
  static ObjectNode imported(FeedImport.Outcome outcome, String location, boolean dryRun) {
    CatalogDiff diff = outcome.diff();
    ObjectNode out = JsonNodeFactory.instance.objectNode().put("object", "price_import");
    out.put("source", location).put("dry_run", dryRun).put("at", diff.at().toString());
    out.put("models", outcome.models());
    out.put("saved_to", outcome.written() == null ? null : outcome.written().toString());
    ArrayNode added = out.putArray("added");
    diff.added().forEach(m -> added.add(m.qualifiedId()));
    ArrayNode removed = out.putArray("removed");
    diff.removed().forEach(m -> removed.add(m.qualifiedId()));
    ArrayNode changed = out.putArray("changed");
    for (CatalogDiff.ModelChange c : diff.changed()) {
      ArrayNode fields = changed.addObject().put("model", c.model()).putArray("fields");
      for (CatalogDiff.FieldChange f : c.fields()) {
        fields
            .addObject()
            .put("field", f.field())
            .put("before", f.before())
            .put("after", f.after())
            .put("unit", f.unit());
      }
    }
    outcome.notes().forEach(out.putArray("notes")::add);
    return out;
  }
}

package dev.tollgate.admin;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tollgate.audit.Audit;
import dev.tollgate.catalog.FeedImport;
import dev.tollgate.catalog.PriceBook;
import dev.tollgate.catalog.PriceChanges;
import dev.tollgate.catalog.PriceOverride;
import dev.tollgate.pricing.CatalogException;
import dev.tollgate.pricing.CatalogReader;
import dev.tollgate.pricing.CatalogWriter;
import dev.tollgate.pricing.ModelPrice;
import dev.tollgate.pricing.PriceSchedule;
import dev.tollgate.pricing.feed.FeedRejectedException;
import java.time.Instant;
import java.time.InstantSource;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Set;

/**
 * Price changes while the gateway runs: {@code PUT /admin/v1/models/{id}/price} sets a model's
 * price card from {@code effective_from} on (now by default), {@code DELETE} removes such an
 * override, and {@code POST /admin/v1/prices/import} imports a genai-prices v2 or LiteLLM feed (its
 * JSON in the body, or a URL the gateway fetches; {@code dry_run} answers the diff only). A change
 * applies to requests that arrive after it; recorded events keep the cost they were recorded with.
 * Each change is audited with the card (or catalog) before and after.
 */
final class PricesResource {

  private static final Set<String> SET_FIELDS = Set.of("prices", "effective_from", "reason");
  private static final Set<String> IMPORT_FIELDS = Set.of("feed", "url", "dry_run");

  /** How an uploaded feed is named in messages and in the saved catalog's source. */
  static final String UPLOADED = "request body";

  private final PriceChanges changes;
  private final InstantSource clock;
  private final Audit audit;

  PricesResource(PriceChanges changes, InstantSource clock, Audit audit) {
    this.changes = changes;
    this.clock = clock;
    this.audit = audit;
  }

  void register(AdminRouter router) {
    router
        .put(
            "/models/{id}/price",
            Access.ADMIN_ONLY,
            AdminRouter.Doc.takes("PriceSet", "Model"),
            this::set)
        .delete(
            "/models/{id}/price", Access.ADMIN_ONLY, AdminRouter.Doc.answers("Model"), this::delete)
        .post(
            "/prices/import",
            Access.ADMIN_ONLY,
            AdminRouter.Doc.takes("PriceImport", null),
            this::importFeed);
  }

  private AdminResponse set(AdminRequest r) {
    r.only(SET_FIELDS);
    PriceBook book = changes.live().book();
    ModelPrice model = ModelsResource.find(book.pricer(), r.param("id"));
    if (model.local()) {
      throw AdminException.invalid(
          "id", "a local model is free on purpose; it has no price to set");
    }
    Instant now = clock.instant().truncatedTo(ChronoUnit.MILLIS);
    JsonNode from = r.field("effective_from");
    Instant start = from == null || from.isNull() ? now : instant(from.asText(), from);
    PriceOverride o =
        new PriceOverride(
            model.provider(),
            model.id(),
            start,
            CatalogWriter.card(card(r.field("prices"), start)).toString(),
            now,
            r.principal().actor().id(),
            BudgetsResource.reason(r));
    ObjectNode before = PriceJson.inForce(model, start, overridden(book, model, start));
    try {
      changes.set(o);
    } catch (PriceChanges.Conflict e) {
      throw conflict(e);
    }
    audit.record(
        r.principal().actor(),
        "model.price.set",
        "model:" + model.qualifiedId(),
        before,
        PriceJson.override(o));
    return AdminResponse.ok(shown(model));
  }

  private AdminResponse delete(AdminRequest r) {
    PriceBook book = changes.live().book();
    ModelPrice model = ModelsResource.find(book.pricer(), r.param("id"));
    List<PriceOverride> own =
        book.priceOverrides().stream()
            .filter(o -> o.qualifiedId().equalsIgnoreCase(model.qualifiedId()))
            .toList();
    String given = r.query().get("effective_from");
    if (given == null && own.size() > 1) {
      throw AdminException.invalid(
          "effective_from",
          "the model has "
              + own.size()
              + " price overrides, from "
              + own.stream().map(o -> o.effectiveFrom().toString()).toList()
              + "; name the one to remove");
    }
    Instant start = given == null ? null : instant(given, null);
    PriceOverride target =
        own.stream()
            .filter(o -> start == null || o.effectiveFrom().equals(start))
            .findFirst()
            .orElseThrow(
                () ->
                    AdminException.notFound(
                        "a price override of "
                            + model.qualifiedId()
                            + (start == null ? "" : " from " + start)));
    changes.delete(target.provider(), target.model(), target.effectiveFrom());
    ModelPrice after = ModelsResource.find(changes.live().get(), model.qualifiedId());
    Instant at = target.effectiveFrom();
    audit.record(
        r.principal().actor(),
        "model.price.delete",
        "model:" + model.qualifiedId(),
        PriceJson.override(target),
        PriceJson.inForce(after, at, overridden(changes.live().book(), after, at)));
    return AdminResponse.ok(shown(model));
  }

  private AdminResponse importFeed(AdminRequest r) {
    r.only(IMPORT_FIELDS);
    JsonNode feed = r.field("feed");
    JsonNode url = r.field("url");
    if ((feed == null) == (url == null)) {
      throw AdminException.invalid(
          feed == null ? "feed" : "url",
          "send either feed (the feed's JSON) or url (an http(s) URL the gateway fetches)");
    }
    boolean dryRun = flag(r.field("dry_run"));
    PriceBook before = changes.live().book();
    String location = url != null ? text(url) : UPLOADED;
    FeedImport.Outcome outcome;
    try {
      outcome =
          url != null
              ? changes.importUrl(location, dryRun, clock.instant())
              : changes.importFeed(feedText(feed), location, dryRun, clock.instant());
    } catch (FeedRejectedException e) {
      throw new AdminException(400, "feed_rejected", url != null ? "url" : "feed", e.getMessage());
    } catch (PriceChanges.Conflict e) {
      throw conflict(e);
    }
    ObjectNode body = PriceJson.imported(outcome, location, dryRun);
    if (!dryRun) {
      ObjectNode was = JsonNodeFactory.instance.objectNode().put("base", before.baseName());
      was.put("models", before.base().models().size());
      audit.record(r.principal().actor(), "prices.import", "prices", was, body);
    }
    return AdminResponse.ok(body);
  }

  /** The model as the book in force now shows it. */
  private ObjectNode shown(ModelPrice model) {
    PriceBook now = changes.live().book();
    return ModelsResource.render(ModelsResource.find(now.pricer(), model.qualifiedId()), now);
  }

  private static boolean overridden(PriceBook book, ModelPrice model, Instant at) {
    Instant from = model.scheduleAt(at).from();
    return book.priceOverrides().stream()
        .anyMatch(
            o ->
                o.qualifiedId().equalsIgnoreCase(model.qualifiedId())
                    && o.effectiveFrom().equals(from));
  }

  private static PriceSchedule card(JsonNode prices, Instant start) {
    if (prices == null || prices.isNull()) {
      throw AdminException.invalid(
          "prices",
          "required: the card in USD per million tokens (per unit for per_*), e.g."
              + " {\"input\":\"2.50\",\"output\":\"10.00\",\"cache_read\":\"1.25\"}");
    }
    try {
      return CatalogReader.readCard(prices, "prices", start);
    } catch (CatalogException e) {
      throw new AdminException(400, "invalid_field", e.field().orElse("prices"), e.getMessage());
    }
  }

  /** A UTC date (its midnight) or an ISO-8601 instant, to the millisecond. */
  private static Instant instant(String text, JsonNode node) {
    try {
      if (node == null || node.isTextual()) {
        String t = text.strip();
        Instant at =
            t.length() == 10
                ? LocalDate.parse(t).atStartOfDay(ZoneOffset.UTC).toInstant()
                : Instant.parse(t);
        return at.truncatedTo(ChronoUnit.MILLIS);
      }
    } catch (DateTimeParseException e) {
      // the message below says what is expected
    }
    throw AdminException.invalid(
        "effective_from",
        "must be a UTC date like 2026-12-01 or an ISO-8601 instant like 2026-12-01T00:00:00Z, got "
            + (node == null ? "'" + text + "'" : node.toString()));
  }

  private static boolean flag(JsonNode v) {
    if (v == null || v.isNull()) {
      return false;
    }
    if (!v.isBoolean()) {
      throw AdminException.invalid("dry_run", "must be true or false, got " + v);
    }
    return v.booleanValue();
  }

  private static String text(JsonNode url) {
    if (!url.isTextual() || url.asText().isBlank()) {
      throw AdminException.invalid("url", "must be an http(s) URL, got " + url);
    }
    return url.asText().strip();
  }

  private static String feedText(JsonNode feed) {
    if (!feed.isObject() && !feed.isArray()) {
      throw AdminException.invalid(
          "feed",
          "must be the feed's JSON: genai-prices v2 data.json (a list) or LiteLLM's"
              + " model_prices_and_context_window.json (an object)");
    }
    try {
      return AdminApi.JSON
          .writer()
          .with(JsonGenerator.Feature.WRITE_BIGDECIMAL_AS_PLAIN)
          .writeValueAsString(feed);
    } catch (JsonProcessingException e) {
      throw AdminException.invalid("feed", "cannot be read: " + e.getOriginalMessage());
    }
  }

  private static AdminException conflict(PriceChanges.Conflict e) {
    return new AdminException(409, "price_conflict", null, e.getMessage());
  }
}

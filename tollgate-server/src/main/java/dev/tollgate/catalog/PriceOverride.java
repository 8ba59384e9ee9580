package dev.tollgate.catalog;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import dev.tollgate.pricing.CatalogException;
import dev.tollgate.pricing.CatalogReader;
import dev.tollgate.pricing.PriceSchedule;
import java.time.Instant;
import java.util.Objects;

/**
 * A model's price set by an operator over the admin API, in force from {@code effectiveFrom} on.
 *
 * @param provider the catalog provider of the model, e.g. {@code openai}
 * @param model the catalog id of the model, e.g. {@code gpt-4o}
 * @param effectiveFrom the first instant the card applies
 * @param card the price card as JSON in the schema of a catalog {@code prices} entry without {@code
 *     from}, e.g. {@code {"input":2.75,"output":11}}
 * @param created when it was set
 * @param createdBy who set it, as the audit log names them
 * @param reason why, as given; may be empty
 */
public record PriceOverride(
    String provider,
    String model,
    Instant effectiveFrom,
    String card,
    Instant created,
    String createdBy,
    String reason) {

  private static final ObjectMapper JSON =
      new ObjectMapper()
          .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
          .setNodeFactory(JsonNodeFactory.withExactBigDecimals(true));

  public PriceOverride {
    Objects.requireNonNull(provider, "provider");
    Objects.requireNonNull(model, "model");
    Objects.requireNonNull(effectiveFrom, "effectiveFrom");
    Objects.requireNonNull(card, "card");
    Objects.requireNonNull(created, "created");
    Objects.requireNonNull(createdBy, "createdBy");
    Objects.requireNonNull(reason, "reason");
  }

  /** {@code provider/model}. */
  public String qualifiedId() {
    return provider + "/" + model;
  }

  /** The card as JSON, numbers exact. */
  public JsonNode cardJson() {
    try {
      return JSON.readTree(card);
    } catch (JsonProcessingException e) {
      throw new CatalogException(
          "the price override of " + qualifiedId() + ": its card is not JSON: " + e, e);
    }
  }

  /**
   * The card as a schedule starting at {@link #effectiveFrom}.
   *
   * @throws CatalogException naming the field at fault, as {@code prices.input}
   */
  public PriceSchedule schedule() {
    return CatalogReader.readCard(cardJson(), "prices", effectiveFrom);
  }
}

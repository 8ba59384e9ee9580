package dev.tollgate.pricing.feed;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tollgate.pricing.ModelPrice;
import dev.tollgate.pricing.PriceSchedule;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * Imports the genai-prices v2 format ({@code prices/new_data/v2/data.json} of
 * pydantic/genai-prices): a JSON list of providers, each with its {@code models}.
 *
 * <p>Prices map to usage kinds as follows: {@code input_mtok}, {@code output_mtok}, {@code
 * cache_read_mtok}, {@code cache_write_mtok} (5-minute writes), {@code cache_write_1h_mtok}, {@code
 * input_audio_mtok}, {@code output_audio_mtok} and {@code output_reasoning_mtok} per million
 * tokens; {@code web_searches_kcount} ÷ 1000 per web search; {@code requests_kcount} ÷ 1000 per
 * request. Other keys (image, video, citation tokens...) are ignored and counted in the report.
 * Tiered prices become a long-context tier, {@code start_date} conditions new schedules, and a
 * time-of-day condition a window (see {@link GenaiSchedules}). A model whose prices are not whole
 * nano-dollars is skipped, never rounded.
 */
public final class GenaiPricesImporter implements PriceFeedImporter {

  /** The format name in {@link ImportResult#format()}. */
  public static final String FORMAT = "genai-prices/v2";

  /** genai provider ids that Tollgate spells differently. */
  private static final Map<String, String> PROVIDER_IDS = Map.of("x-ai", "xai");

  @Override
  public ImportResult read(String text, String source) {
    return read(FeedJson.read(text, source), source);
  }

  ImportResult read(JsonNode root, String source) {
    if (!root.isArray()) {
      throw new FeedRejectedException(
          "price feed "
              + source
              + " is not in genai-prices v2 format: expected a list of providers, got "
              + FeedJson.describe(root));
    }
    ImportReport report = new ImportReport();
    List<ModelPrice> models = new ArrayList<>();
    Set<String> seen = new HashSet<>();
    int index = 0;
    for (JsonNode provider : root) {
      String providerId = provider.path("id").asText("");
      if (providerId.isEmpty() || !provider.path("models").isArray()) {
        report.skip("providers[" + index + "]", "no provider id or no models list");
        index++;
        continue;
      }
      providerId = PROVIDER_IDS.getOrDefault(providerId, providerId);
      for (JsonNode model : provider.get("models")) {
        String id = model.path("id").asText("");
        String name = providerId + "/" + id;
        if (id.isEmpty()) {
          report.skip(name, "no model id");
        } else if (!seen.add(name.toLowerCase(Locale.ROOT))) {
          report.skip(name, "a second model with the same id");
        } else {
          try {
            Set<String> ignored = new TreeSet<>();
            models.add(model(providerId, id, model, ignored));
            report.ignore(ignored);
          } catch (IllegalArgumentException e) {
            report.skip(name, e.getMessage());
          }
        }
      }
      index++;
    }
    return new ImportResult(FeedIds.canonical(models), report.lines("chat models"), FORMAT);
  }

  private static ModelPrice model(String provider, String id, JsonNode model, Set<String> ignored) {
    List<PriceSchedule> schedules = GenaiSchedules.parse(model.get("prices"), ignored);
    return new ModelPrice(
        provider,
        id,
        aliases(model.path("match"), id),
        model.path("context_window").asLong(0),
        0,
        schedules,
        BigDecimal.ZERO,
        List.of(),
        BigDecimal.ZERO,
        false);
  }

  /**
   * The exact names in the model's {@code match} clause ({@code equals}, also inside {@code or}),
   * other than its id. Prefix, suffix and regex matches have no single name and are left out.
   */
  static List<String> aliases(JsonNode match, String id) {
    Map<String, String> names = new LinkedHashMap<>();
    collectEquals(match, names);
    names.remove(id.toLowerCase(Locale.ROOT));
    return List.copyOf(names.values());
  }

  private static void collectEquals(JsonNode clause, Map<String, String> names) {
    if (clause.hasNonNull("equals")) {
      String name = clause.get("equals").asText();
      names.putIfAbsent(name.toLowerCase(Locale.ROOT), name);
    }
    for (JsonNode alternative : clause.path("or")) {
      collectEquals(alternative, names);
    }
  }
}

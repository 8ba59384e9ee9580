package dev.tollgate.pricing.feed;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tollgate.pricing.ModelPrice;
import dev.tollgate.pricing.PriceSchedule;
import dev.tollgate.pricing.PriceSchedule.LongContextTier;
import dev.tollgate.pricing.Rates;
import dev.tollgate.usage.UsageKind;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Map.Entry;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Imports LiteLLM's {@code model_prices_and_context_window.json}: a JSON object from model name to
 * its prices in USD per token, which become prices per million tokens by moving the decimal point
 * six places (exactly: {@code 2.5e-06} is 2.5 per 1M).
 *
 * <p>Keys: {@code input_cost_per_token}, {@code output_cost_per_token}, {@code
 * cache_read_input_token_cost} (or DeepSeek's {@code input_cost_per_token_cache_hit}), {@code
 * cache_creation_input_token_cost} (5-minute writes), {@code
 * cache_creation_input_token_cost_above_1hr}, {@code output_cost_per_reasoning_token}, {@code
 * input_cost_per_audio_token}, {@code output_cost_per_audio_token}; any of them with the suffix
 * {@code _above_<n>k_tokens} is a long-context price (LiteLLM applies it when the prompt has more
 * than n×1000 tokens); {@code search_context_cost_per_query.search_context_size_medium} is the
 * price of a web search; {@code *_batches} prices give the batch discount. Only {@code chat},
 * {@code completion}, {@code responses} and {@code embedding} entries are imported.
 */
public final class LiteLlmImporter implements PriceFeedImporter {

  /** The format name in {@link ImportResult#format()}. */
  public static final String FORMAT = "litellm";

  private static final String PRICED_MODES = "chat, completion, responses and embedding models";
  private static final Set<String> MODES = Set.of("chat", "completion", "responses", "embedding");

  private static final Map<String, UsageKind> PER_TOKEN =
      Map.of(
          "input_cost_per_token", UsageKind.INPUT,
          "output_cost_per_token", UsageKind.OUTPUT,
          "cache_read_input_token_cost", UsageKind.CACHE_READ,
          "cache_creation_input_token_cost", UsageKind.CACHE_WRITE_5M,
          "cache_creation_input_token_cost_above_1hr", UsageKind.CACHE_WRITE_1H,
          "output_cost_per_reasoning_token", UsageKind.REASONING,
          "input_cost_per_audio_token", UsageKind.INPUT_AUDIO,
          "output_cost_per_audio_token", UsageKind.OUTPUT_AUDIO);

  /** Keys read elsewhere than in {@link #PER_TOKEN}. */
  private static final Set<String> HANDLED =
      Set.of(
          "input_cost_per_token_cache_hit",
          "input_cost_per_token_batches",
          "output_cost_per_token_batches",
          "search_context_cost_per_query");

  /** {@code input_cost_per_token_above_128k_tokens}: a price key, a threshold, and its unit. */
  private static final Pattern ABOVE = Pattern.compile("(.+)_above_(\\d+)(k?)_tokens");

  @Override
  public ImportResult read(String text, String source) {
    return read(FeedJson.read(text, source), source);
  }

  ImportResult read(JsonNode root, String source) {
    if (!root.isObject()) {
      throw new FeedRejectedException(
          "price feed "
              + source
              + " is not in LiteLLM format: expected an object of models, got "
              + FeedJson.describe(root));
    }
    ImportReport report = new ImportReport();
    List<ModelPrice> models = new ArrayList<>();
    Set<String> seen = new HashSet<>();
    for (Entry<String, JsonNode> entry : root.properties()) {
      String key = entry.getKey();
      JsonNode spec = entry.getValue();
      if (key.equals("sample_spec")) {
        continue; // LiteLLM's documentation of the format, not a model
      }
      String mode = spec.path("mode").asText("chat");
      String provider = spec.path("litellm_provider").asText("");
      if (!MODES.contains(mode)) {
        report.skipMode(mode);
      } else if (provider.isEmpty()) {
        report.skip(key, "no litellm_provider");
      } else {
        String id = key.startsWith(provider + "/") ? key.substring(provider.length() + 1) : key;
        String name = provider + "/" + id;
        if (!seen.add(name.toLowerCase(Locale.ROOT))) {
          report.skip(key, "a second entry for " + name);
          continue;
        }
        try {
          Set<String> ignored = new TreeSet<>();
          models.add(model(provider, id, spec, ignored, report));
          report.ignore(ignored);
        } catch (IllegalArgumentException e) {
          report.skip(name, e.getMessage());
        }
      }
    }
    return new ImportResult(FeedIds.canonical(models), report.lines(PRICED_MODES), FORMAT);
  }

  private static ModelPrice model(
      String provider, String id, JsonNode spec, Set<String> ignored, ImportReport report) {
    Map<UsageKind, BigDecimal> base = new EnumMap<>(UsageKind.class);
    Map<Long, Map<UsageKind, BigDecimal>> tiers = new TreeMap<>();
    for (Entry<String, JsonNode> field : spec.properties()) {
      String key = field.getKey();
      JsonNode value = field.getValue();
      if (value.isNull() || HANDLED.contains(key)) {
        continue;
      }
      UsageKind kind = PER_TOKEN.get(key);
      Matcher above = ABOVE.matcher(key);
      if (kind != null) {
        base.put(kind, perMillion(value, key));
      } else if (above.matches() && PER_TOKEN.containsKey(above.group(1))) {
        long threshold = Long.parseLong(above.group(2)) * (above.group(3).isEmpty() ? 1 : 1000);
        tiers
            .computeIfAbsent(threshold, t -> new EnumMap<>(UsageKind.class))
            .put(PER_TOKEN.get(above.group(1)), perMillion(value, key));
      } else if (key.contains("cost")) {
        ignored.add(key);
      }
    }
    if (!base.containsKey(UsageKind.INPUT) && !base.containsKey(UsageKind.OUTPUT)) {
      throw new IllegalArgumentException("no input_cost_per_token or output_cost_per_token");
    }
    JsonNode cacheHit = spec.get("input_cost_per_token_cache_hit");
    if (cacheHit != null && !cacheHit.isNull() && !base.containsKey(UsageKind.CACHE_READ)) {
      base.put(UsageKind.CACHE_READ, perMillion(cacheHit, "input_cost_per_token_cache_hit"));
    }
    webSearch(spec.get("search_context_cost_per_query"))
        .ifPresent(usd -> base.put(UsageKind.WEB_SEARCHES, usd));
    if (tiers.size() > 1) {
      throw new IllegalArgumentException(
          "long-context prices above " + tiers.keySet() + " tokens, Tollgate supports one tier");
    }
    Optional<LongContextTier> tier =
        tiers.entrySet().stream()
            .findFirst()
            .map(t -> new LongContextTier(t.getKey(), rates(base, t.getValue())));
    PriceSchedule schedule = new PriceSchedule(Instant.MIN, rates(base, Map.of()), tier, List.of());
    return new ModelPrice(
        provider,
        id,
        List.of(),
        count(spec.get("max_input_tokens")),
        count(spec.get("max_output_tokens")),
        List.of(schedule),
        LiteLlmBatch.discountPercent(provider + "/" + id, spec, report),
        List.of(),
        BigDecimal.ZERO,
        false);
  }

  /** The base prices with {@code overrides} on top. */
  private static Rates rates(
      Map<UsageKind, BigDecimal> base, Map<UsageKind, BigDecimal> overrides) {
    Rates.Builder rates = Rates.builder();
    // The catalog states an input and an output price for every model; one LiteLLM leaves out
    // (an embedding's output) costs nothing.
    rates.usd(UsageKind.INPUT, BigDecimal.ZERO).usd(UsageKind.OUTPUT, BigDecimal.ZERO);
    base.forEach(rates::usd);
    overrides.forEach(rates::usd);
    return rates.build();
  }

  /** USD per token as USD per million tokens: exact, since only the decimal point moves. */
  static BigDecimal perMillion(JsonNode value, String key) {
    return FeedJson.decimal(value, key).movePointRight(6);
  }

  /**
   * OpenAI bills a web search by the search context size the request chose; medium is its default,
   * so that is the price Tollgate lists.
   */
  private static Optional<BigDecimal> webSearch(JsonNode cost) {
    if (cost == null || cost.isNull()) {
      return Optional.empty();
    }
    if (cost.isNumber()) {
      return Optional.of(FeedJson.decimal(cost, "search_context_cost_per_query"));
    }
    JsonNode medium = cost.get("search_context_size_medium");
    return medium == null || medium.isNull()
        ? Optional.empty()
        : Optional.of(FeedJson.decimal(medium, "search_context_cost_per_query.medium"));
  }

  /** A token count such as {@code max_input_tokens}, or 0 when absent or not a whole number. */
  private static long count(JsonNode node) {
    return node != null && node.canConvertToLong() && node.isIntegralNumber() ? node.asLong() : 0;
  }
}

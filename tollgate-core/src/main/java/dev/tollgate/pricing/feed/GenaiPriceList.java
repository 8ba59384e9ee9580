package dev.tollgate.pricing.feed;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tollgate.pricing.PriceSchedule.LongContextTier;
import dev.tollgate.pricing.Rates;
import dev.tollgate.usage.UsageKind;
import java.math.BigDecimal;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Map.Entry;
import java.util.Optional;
import java.util.Set;

/**
 * One genai-prices {@code ModelPrice} object (a set of prices, without conditions) as Tollgate
 * rates: the base rates and, if some prices are tiered, one long-context tier.
 *
 * @param rates the base rates
 * @param tier the long-context tier, if any price has tiers
 */
record GenaiPriceList(Rates rates, Optional<LongContextTier> tier) {

  /**
   * Where a genai price key goes: a usage kind ({@code null} for the per-request fee), and the
   * power of ten that turns the feed's unit into Tollgate's ({@code _mtok} is already per million
   * tokens; {@code _kcount} is per thousand units, so it moves three places left).
   */
  private record Target(UsageKind kind, int shiftLeft) {
    boolean perMillionTokens() {
      return kind != null && kind.perMillionTokens();
    }

    void set(Rates.Builder rates, BigDecimal usd) {
      BigDecimal value = usd.movePointLeft(shiftLeft);
      if (kind == null) {
        rates.perRequestUsd(value);
      } else {
        rates.usd(kind, value);
      }
    }
  }

  private static final Map<String, Target> TARGETS =
      Map.ofEntries(
          Map.entry("input_mtok", new Target(UsageKind.INPUT, 0)),
          Map.entry("output_mtok", new Target(UsageKind.OUTPUT, 0)),
          Map.entry("cache_read_mtok", new Target(UsageKind.CACHE_READ, 0)),
          Map.entry("cache_write_mtok", new Target(UsageKind.CACHE_WRITE_5M, 0)),
          // The schema's explicit name for the same price; no model in the data uses it yet.
          Map.entry("cache_write_5m_mtok", new Target(UsageKind.CACHE_WRITE_5M, 0)),
          Map.entry("cache_write_1h_mtok", new Target(UsageKind.CACHE_WRITE_1H, 0)),
          Map.entry("input_audio_mtok", new Target(UsageKind.INPUT_AUDIO, 0)),
          Map.entry("output_audio_mtok", new Target(UsageKind.OUTPUT_AUDIO, 0)),
          Map.entry("output_reasoning_mtok", new Target(UsageKind.REASONING, 0)),
          Map.entry("web_searches_kcount", new Target(UsageKind.WEB_SEARCHES, 3)),
          Map.entry("requests_kcount", new Target(null, 3)));

  /**
   * Converts one price object.
   *
   * @param prices the genai {@code ModelPrice} object
   * @param ignored receives the keys that have no Tollgate usage kind (image, video, citation...)
   * @throws IllegalArgumentException if a price is not exact in nano-dollars, is negative, or uses
   *     tiers Tollgate cannot represent (more than one, or different thresholds per kind)
   */
  static GenaiPriceList parse(JsonNode prices, Set<String> ignored) {
    if (prices == null || !prices.isObject()) {
      throw new IllegalArgumentException(
          "prices: expected an object, got " + FeedJson.describe(prices));
    }
    Rates.Builder base = Rates.builder();
    Rates.Builder tiered = Rates.builder();
    Set<UsageKind> seen = EnumSet.noneOf(UsageKind.class);
    boolean requestFeeSeen = false;
    long threshold = -1;
    for (Entry<String, JsonNode> field : prices.properties()) {
      String key = field.getKey();
      JsonNode value = field.getValue();
      Target target = TARGETS.get(key);
      if (target == null) {
        ignored.add(key);
        continue;
      }
      boolean fresh = target.kind() == null ? !requestFeeSeen : seen.add(target.kind());
      if (!fresh) {
        throw new IllegalArgumentException(key + ": a second price for the same usage kind");
      }
      requestFeeSeen |= target.kind() == null;
      if (value.isObject()) {
        if (!target.perMillionTokens()) {
          throw new IllegalArgumentException(key + ": tiered prices only work per token");
        }
        JsonNode tiers = value.path("tiers");
        if (tiers.size() != 1) {
          throw new IllegalArgumentException(
              key + ": " + tiers.size() + " tiers, Tollgate supports one long-context tier");
        }
        long start = tiers.get(0).path("start").asLong(-1);
        if (threshold >= 0 && start != threshold) {
          throw new IllegalArgumentException(
              "tiers start at both "
                  + threshold
                  + " and "
                  + start
                  + " input tokens, Tollgate supports one threshold");
        }
        threshold = start;
        target.set(base, FeedJson.decimal(value.get("base"), key + ".base"));
        target.set(tiered, FeedJson.decimal(tiers.get(0).get("price"), key + ".tiers[0].price"));
      } else {
        BigDecimal usd = FeedJson.decimal(value, key);
        target.set(base, usd);
        target.set(tiered, usd);
      }
    }
    // Tollgate's catalog states an input and an output price for every model. genai-prices leaves
    // out the output of embedding models and every price of free ones: those cost nothing.
    for (UsageKind required : List.of(UsageKind.INPUT, UsageKind.OUTPUT)) {
      if (!seen.contains(required)) {
        base.usd(required, BigDecimal.ZERO);
        tiered.usd(required, BigDecimal.ZERO);
      }
    }
    // genai tiers are "cliff" tiers decided by total input tokens: above the start (strictly, as
    // genai's calc_mtok_price compares), every token of the request pays the tier price, which is
    // exactly what a LongContextTier means.
    Optional<LongContextTier> tier =
        threshold < 0
            ? Optional.empty()
            : Optional.of(new LongContextTier(threshold, tiered.build()));
    return new GenaiPriceList(base.build(), tier);
  }
}

package dev.tollgate.pricing;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tollgate.money.Money;
import dev.tollgate.pricing.PriceSchedule.LongContextTier;
import dev.tollgate.pricing.PriceSchedule.TimeWindow;
import dev.tollgate.usage.UsageKind;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;

/**
 * Reads the model entries of one provider (or of an override list) into {@link ModelPrice}s, and
 * checks that no id or alias is used twice within a provider, ignoring case.
 */
final class ModelEntryReader {

  /** The price keys of the format, in the order they are written, and their usage kinds. */
  static final Map<String, UsageKind> PRICE_KEYS = priceKeys();

  static final String PER_REQUEST = "per_request";

  private static final List<String> MODEL_KEYS =
      List.of(
          "id",
          "aliases",
          "context_window",
          "max_output_tokens",
          "capabilities",
          "batch_discount_percent",
          "negotiated_discount_percent",
          "volume_tiers",
          "prices");
  private static final List<String> VOLUME_TIER_KEYS =
      List.of("above_monthly_usd", "discount_percent");
  private static final List<String> RATE_KEYS =
      Stream.concat(PRICE_KEYS.keySet().stream(), Stream.of(PER_REQUEST)).toList();
  private static final List<String> SCHEDULE_KEYS =
      concat(concat(List.of("from"), RATE_KEYS), List.of("long_context", "time_windows"));
  private static final List<String> CARD_KEYS =
      concat(RATE_KEYS, List.of("long_context", "time_windows"));
  private static final List<String> LONG_CONTEXT_KEYS =
      concat(List.of("above_input_tokens"), RATE_KEYS);
  private static final List<String> WINDOW_KEYS =
      concat(List.of("name", "start", "end"), RATE_KEYS);

  private final CatalogNodes nodes;

  /** Lower-cased id or alias → the model that took it, per provider. */
  private final Map<String, Map<String, String>> names = new HashMap<>();

  ModelEntryReader(CatalogNodes nodes) {
    this.nodes = nodes;
  }

  /**
   * Reads one entry.
   *
   * @param node the entry
   * @param label how to name the entry before its id is known, e.g. {@code providers[0].models[3]}
   * @param provider the provider id
   * @param local whether the provider is a local one
   * @param extraKeys keys the caller has already read from the entry, such as {@code provider}
   * @param keepLabel whether messages keep naming {@code label} once the id is known: an override
   *     is looked for in {@code tollgate.yaml} by its place, {@code pricing.overrides[i]}
   */
  ModelPrice read(
      JsonNode node,
      String label,
      String provider,
      boolean local,
      List<String> extraKeys,
      boolean keepLabel) {
    nodes.part(label);
    nodes.object(node, "");
    String id = nodes.text(node.get("id"), "id");
    String model = "model " + provider + "/" + id;
    nodes.part(keepLabel ? label + ": " + model : model);
    nodes.onlyKeys(node, "", concat(MODEL_KEYS, extraKeys));
    claim(provider, id, "id", id);
    List<String> aliases = new ArrayList<>();
    List<JsonNode> aliasNodes = nodes.list(node.get("aliases"), "aliases");
    for (int i = 0; i < aliasNodes.size(); i++) {
      String alias = nodes.text(aliasNodes.get(i), "aliases[" + i + "]");
      claim(provider, id, "aliases[" + i + "]", alias);
      aliases.add(alias);
    }
    List<JsonNode> priceNodes = nodes.list(node.get("prices"), "prices");
    if (priceNodes.isEmpty()) {
      throw nodes.fail("prices", "is required: a list with at least one entry");
    }
    List<PriceSchedule> schedules = new ArrayList<>();
    Map<Instant, Integer> starts = new HashMap<>();
    for (int i = 0; i < priceNodes.size(); i++) {
      PriceSchedule schedule = schedule(priceNodes.get(i), "prices[" + i + "]");
      Integer earlier = starts.putIfAbsent(schedule.from(), i);
      if (earlier != null) {
        throw nodes.fail(
            "prices[" + i + "].from", "starts at the same instant as prices[" + earlier + "]");
      }
      schedules.add(schedule);
    }
    List<ModelPrice.VolumeTier> tiers = new ArrayList<>();
    List<JsonNode> tierNodes = nodes.list(node.get("volume_tiers"), "volume_tiers");
    for (int i = 0; i < tierNodes.size(); i++) {
      String field = "volume_tiers[" + i + "]";
      JsonNode tier = nodes.object(tierNodes.get(i), field);
      nodes.onlyKeys(tier, field + ".", VOLUME_TIER_KEYS);
      Money above =
          Money.ofUsd(nodes.usd(tier.get("above_monthly_usd"), field + ".above_monthly_usd"));
      if (tier.get("discount_percent") == null) {
        throw nodes.fail(field + ".discount_percent", "is required");
      }
      tiers.add(
          new ModelPrice.VolumeTier(
              above, nodes.percent(tier.get("discount_percent"), field + ".discount_percent")));
    }
    return new ModelPrice(
        provider,
        id,
        aliases,
        nodes.wholeNumber(node.get("context_window"), "context_window", 1, 0),
        nodes.wholeNumber(node.get("max_output_tokens"), "max_output_tokens", 1, 0),
        schedules,
        nodes.percent(node.get("batch_discount_percent"), "batch_discount_percent"),
        tiers,
        nodes.percent(node.get("negotiated_discount_percent"), "negotiated_discount_percent"),
        local,
        capabilities(node));
  }

  /** The {@code capabilities} list: known names, each at most once. */
  private Set<Capability> capabilities(JsonNode node) {
    Set<Capability> out = EnumSet.noneOf(Capability.class);
    List<JsonNode> items = nodes.list(node.get("capabilities"), "capabilities");
    for (int i = 0; i < items.size(); i++) {
      String field = "capabilities[" + i + "]";
      String key = nodes.text(items.get(i), field);
      Capability c =
          Capability.of(key)
              .orElseThrow(
                  () ->
                      nodes.fail(
                          field, "unknown capability \"" + key + "\" (known: tools, vision)"));
      if (!out.add(c)) {
        throw nodes.fail(field, "\"" + key + "\" is listed twice");
      }
    }
    return out;
  }

  /** Records {@code name} as taken by {@code provider/id}, failing if something else has it. */
  private void claim(String provider, String id, String field, String name) {
    Map<String, String> taken = names.computeIfAbsent(provider, p -> new HashMap<>());
    String owner = taken.putIfAbsent(name.toLowerCase(Locale.ROOT), id);
    if (owner != null) {
      String what = field.equals("id") ? "duplicate model id" : "duplicate alias";
      throw nodes.fail(
          field, what + " \"" + name + "\": already used by model " + provider + "/" + owner);
    }
  }

  private PriceSchedule schedule(JsonNode node, String field) {
    nodes.object(node, field);
    nodes.onlyKeys(node, field + ".", SCHEDULE_KEYS);
    return prices(node, field, from(node.get("from"), field + ".from"));
  }

  /**
   * One price card as a {@code prices} entry has it, without its {@code from}: in force from {@code
   * from}. Fields are named {@code field.input} and so on.
   */
  PriceSchedule card(JsonNode node, String field, Instant from) {
    nodes.object(node, field);
    nodes.onlyKeys(node, field + ".", CARD_KEYS);
    return prices(node, field, from);
  }

  private PriceSchedule prices(JsonNode node, String field, Instant from) {
    Rates rates = rates(node, field + ".");
    Optional<LongContextTier> longContext = Optional.empty();
    JsonNode tier = node.get("long_context");
    if (tier != null) {
      String prefix = field + ".long_context";
      nodes.object(tier, prefix);
      nodes.onlyKeys(tier, prefix + ".", LONG_CONTEXT_KEYS);
      long above = aboveInputTokens(tier.get("above_input_tokens"), prefix + ".above_input_tokens");
      longContext = Optional.of(new LongContextTier(above, rates(tier, prefix + ".")));
    }
    List<TimeWindow> windows = new ArrayList<>();
    List<JsonNode> windowNodes = nodes.list(node.get("time_windows"), field + ".time_windows");
    for (int i = 0; i < windowNodes.size(); i++) {
      windows.add(window(windowNodes.get(i), field + ".time_windows[" + i + "]"));
    }
    return new PriceSchedule(from, rates, longContext, windows);
  }

  private long aboveInputTokens(JsonNode node, String field) {
    if (node == null || node.isNull()) {
      throw nodes.fail(field, "is required");
    }
    return nodes.wholeNumber(node, field, 1, 0);
  }

  private TimeWindow window(JsonNode node, String field) {
    nodes.object(node, field);
    nodes.onlyKeys(node, field + ".", WINDOW_KEYS);
    String name = nodes.text(node.get("name"), field + ".name");
    LocalTime start = time(node.get("start"), field + ".start");
    LocalTime end = time(node.get("end"), field + ".end");
    if (start.equals(end)) {
      throw nodes.fail(field + ".end", "must differ from start, or the window is empty");
    }
    return new TimeWindow(name, start, end, rates(node, field + "."));
  }

  /**
   * One set of prices. Input and output are required in every set, also in a long-context tier or a
   * time window, because each set replaces the standard one whole: a set without an input price
   * would make input tokens free.
   */
  private Rates rates(JsonNode node, String prefix) {
    Rates.Builder builder = Rates.builder();
    for (Map.Entry<String, UsageKind> key : PRICE_KEYS.entrySet()) {
      JsonNode value = node.get(key.getKey());
      boolean required = key.getValue() == UsageKind.INPUT || key.getValue() == UsageKind.OUTPUT;
      if (value != null || required) {
        builder.usd(key.getValue(), nodes.usd(value, prefix + key.getKey()));
      }
    }
    if (node.get(PER_REQUEST) != null) {
      builder.perRequestUsd(nodes.usd(node.get(PER_REQUEST), prefix + PER_REQUEST));
    }
    return builder.build();
  }

  /** A UTC date (midnight) or an ISO-8601 instant; missing means always. */
  private Instant from(JsonNode node, String field) {
    if (node == null || node.isNull()) {
      return Instant.MIN;
    }
    String text = node.isTextual() ? node.asText().trim() : "";
    try {
      return text.length() == 10
          ? LocalDate.parse(text).atStartOfDay(ZoneOffset.UTC).toInstant()
          : Instant.parse(text);
    } catch (DateTimeParseException e) {
      throw nodes.fail(
          field,
          "must be a UTC date like 2026-09-01 or an ISO-8601 instant like 2026-09-01T00:00:00Z,"
              + " got "
              + CatalogNodes.shown(node));
    }
  }

  private LocalTime time(JsonNode node, String field) {
    String text = nodes.text(node, field).trim();
    try {
      if (text.matches("\\d{2}:\\d{2}")) {
        return LocalTime.parse(text);
      }
    } catch (DateTimeParseException e) {
      // out of range, e.g. 24:30: fall through to the message
    }
    throw nodes.fail(
        field, "must be a UTC time of day HH:mm like \"16:30\", got " + "\"" + text + "\"");
  }

  private static Map<String, UsageKind> priceKeys() {
    Map<String, UsageKind> keys = new LinkedHashMap<>();
    keys.put("input", UsageKind.INPUT);
    keys.put("output", UsageKind.OUTPUT);
    keys.put("cache_read", UsageKind.CACHE_READ);
    keys.put("cache_write_5m", UsageKind.CACHE_WRITE_5M);
    keys.put("cache_write_1h", UsageKind.CACHE_WRITE_1H);
    keys.put("reasoning", UsageKind.REASONING);
    keys.put("input_audio", UsageKind.INPUT_AUDIO);
    keys.put("output_audio", UsageKind.OUTPUT_AUDIO);
    keys.put("per_image", UsageKind.IMAGES);
    keys.put("per_web_search", UsageKind.WEB_SEARCHES);
    keys.put("per_tool_call", UsageKind.TOOL_CALLS);
    return java.util.Collections.unmodifiableMap(keys);
  }

  private static List<String> concat(List<String> first, List<String> second) {
    return Stream.concat(first.stream(), second.stream()).toList();
  }
}

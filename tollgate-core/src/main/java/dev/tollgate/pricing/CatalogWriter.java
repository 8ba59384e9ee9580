package dev.tollgate.pricing;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tollgate.pricing.PriceSchedule.LongContextTier;
import dev.tollgate.pricing.PriceSchedule.TimeWindow;
import dev.tollgate.usage.UsageKind;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Writes a catalog in the {@code tollgate-catalog/1} format that {@link CatalogReader} reads back
 * to equal models. Prices are written as plain decimals without trailing zeros ({@code 2.5}, never
 * {@code 2.50} or {@code 2.5E+0}).
 */
public final class CatalogWriter {

  /** Text that YAML reads back as the same string when written without quotes. */
  private static final Pattern PLAIN = Pattern.compile("[A-Za-z][A-Za-z0-9._/@+-]*");

  /** Plain words that YAML 1.1 would read as a boolean or null. */
  private static final Set<String> RESERVED =
      Set.of("y", "n", "yes", "no", "on", "off", "true", "false", "null");

  private static final DateTimeFormatter HH_MM = DateTimeFormatter.ofPattern("HH:mm");

  private CatalogWriter() {}

  /**
   * The catalog as YAML text.
   *
   * @throws IllegalArgumentException if a price set lacks an input or output price, which the
   *     format requires
   */
  public static String write(CatalogFile catalog) {
    StringBuilder out = new StringBuilder();
    out.append("format: ").append(CatalogReader.FORMAT).append('\n');
    if (!catalog.source().isEmpty()) {
      out.append("source:\n");
      catalog
          .source()
          .forEach(
              (k, v) -> out.append("  ").append(k).append(": ").append(scalar(v)).append('\n'));
    }
    Map<String, List<ModelPrice>> byProvider = new LinkedHashMap<>();
    for (ModelPrice model : catalog.models()) {
      byProvider.computeIfAbsent(model.provider(), p -> new java.util.ArrayList<>()).add(model);
    }
    Set<String> local = new LinkedHashSet<>(catalog.localProviders());
    catalog.models().stream().filter(ModelPrice::local).forEach(m -> local.add(m.provider()));
    local.forEach(p -> byProvider.putIfAbsent(p, List.of()));
    out.append("providers:\n");
    byProvider.forEach(
        (provider, models) -> {
          out.append("  - id: ").append(scalar(provider)).append('\n');
          if (local.contains(provider)) {
            out.append("    local: true\n");
          }
          out.append("    models:").append(models.isEmpty() ? " []\n" : "\n");
          models.forEach(m -> model(out, m));
        });
    return out.toString();
  }

  private static void model(StringBuilder out, ModelPrice m) {
    String in = "        ";
    out.append("      - id: ").append(scalar(m.id())).append('\n');
    if (!m.aliases().isEmpty()) {
      List<String> aliases = m.aliases().stream().map(CatalogWriter::scalar).toList();
      out.append(in).append("aliases: [").append(String.join(", ", aliases)).append("]\n");
    }
    if (m.contextWindow() > 0) {
      out.append(in).append("context_window: ").append(m.contextWindow()).append('\n');
    }
    if (m.maxOutputTokens() > 0) {
      out.append(in).append("max_output_tokens: ").append(m.maxOutputTokens()).append('\n');
    }
    if (!m.capabilities().isEmpty()) {
      List<String> keys = m.capabilities().stream().map(Capability::key).toList();
      out.append(in).append("capabilities: [").append(String.join(", ", keys)).append("]\n");
    }
    percent(out, in, "batch_discount_percent", m.batchDiscountPercent());
    percent(out, in, "negotiated_discount_percent", m.negotiatedDiscountPercent());
    if (!m.volumeTiers().isEmpty()) {
      out.append(in).append("volume_tiers:\n");
      for (ModelPrice.VolumeTier t : m.volumeTiers()) {
        out.append(in)
            .append("  - {above_monthly_usd: ")
            .append(decimal(t.aboveMonthlySpend().toUsd()))
            .append(", discount_percent: ")
            .append(decimal(t.discountPercent()))
            .append("}\n");
      }
    }
    out.append(in).append("prices:\n");
    for (PriceSchedule s : m.schedules()) {
      String at = in + "    ";
      out.append(in).append("  -");
      boolean first = true;
      if (!s.from().equals(Instant.MIN)) {
        out.append(" from: ").append(from(s.from())).append('\n');
        first = false;
      }
      rates(out, first ? " " : at, at, s.rates(), m);
      if (s.longContext().isPresent()) {
        LongContextTier tier = s.longContext().get();
        out.append(at).append("long_context:\n");
        out.append(at)
            .append("  above_input_tokens: ")
            .append(tier.aboveInputTokens())
            .append('\n');
        rates(out, at + "  ", at + "  ", tier.rates(), m);
      }
      if (!s.windows().isEmpty()) {
        out.append(at).append("time_windows:\n");
        for (TimeWindow w : s.windows()) {
          out.append(at).append("  - name: ").append(scalar(w.name())).append('\n');
          out.append(at).append("    start: \"").append(w.start().format(HH_MM)).append("\"\n");
          out.append(at).append("    end: \"").append(w.end().format(HH_MM)).append("\"\n");
          rates(out, at + "    ", at + "    ", w.rates(), m);
        }
      }
    }
  }

  /**
   * The listed prices; the first line starts with {@code firstIndent}, the rest with {@code
   * indent}.
   */
  private static void rates(
      StringBuilder out, String firstIndent, String indent, Rates rates, ModelPrice m) {
    Map<UsageKind, BigDecimal> listed = rates.listedUsd();
    if (!listed.containsKey(UsageKind.INPUT) || !listed.containsKey(UsageKind.OUTPUT)) {
      throw new IllegalArgumentException(
          m.qualifiedId() + ": every price set needs an input and an output price: " + rates);
    }
    String lead = firstIndent;
    for (Map.Entry<String, UsageKind> key : ModelEntryReader.PRICE_KEYS.entrySet()) {
      BigDecimal usd = listed.get(key.getValue());
      if (usd != null) {
        out.append(lead).append(key.getKey()).append(": ").append(decimal(usd)).append('\n');
        lead = indent;
      }
    }
    if (rates.perRequestNanos() > 0) {
      BigDecimal usd = BigDecimal.valueOf(rates.perRequestNanos(), 9);
      out.append(lead)
          .append(ModelEntryReader.PER_REQUEST)
          .append(": ")
          .append(decimal(usd))
          .append('\n');
    }
  }

  /**
   * One price card as JSON in the schema of a catalog {@code prices} entry without its {@code
   * from}, prices as exact decimal strings, e.g. {@code {"input":"2.5","output":"10"}}: what {@link
   * CatalogReader#readCard} reads back.
   */
  public static ObjectNode card(PriceSchedule schedule) {
    ObjectNode card = rates(JsonNodeFactory.instance.objectNode(), schedule.rates());
    schedule
        .longContext()
        .ifPresent(
            tier ->
                rates(
                    card.putObject("long_context")
                        .put("above_input_tokens", tier.aboveInputTokens()),
                    tier.rates()));
    if (!schedule.windows().isEmpty()) {
      ArrayNode windows = card.putArray("time_windows");
      for (TimeWindow w : schedule.windows()) {
        ObjectNode o = windows.addObject().put("name", w.name());
        o.put("start", w.start().format(HH_MM)).put("end", w.end().format(HH_MM));
        rates(o, w.rates());
      }
    }
    return card;
  }

  private static ObjectNode rates(ObjectNode out, Rates rates) {
    Map<UsageKind, BigDecimal> listed = rates.listedUsd();
    for (Map.Entry<String, UsageKind> key : ModelEntryReader.PRICE_KEYS.entrySet()) {
      BigDecimal usd = listed.get(key.getValue());
      if (usd != null) {
        out.put(key.getKey(), decimal(usd));
      }
    }
    if (rates.perRequestNanos() > 0) {
      out.put(
          ModelEntryReader.PER_REQUEST, decimal(BigDecimal.valueOf(rates.perRequestNanos(), 9)));
    }
    return out;
  }

  private static void percent(StringBuilder out, String indent, String key, BigDecimal percent) {
    if (percent.signum() != 0) {
      out.append(indent).append(key).append(": ").append(decimal(percent)).append('\n');
    }
  }

  /** A UTC date when the instant is a midnight, else the instant, quoted. */
  private static String from(Instant from) {
    if (LocalTime.ofInstant(from, ZoneOffset.UTC).equals(LocalTime.MIDNIGHT)) {
      return from.atOffset(ZoneOffset.UTC).toLocalDate().toString();
    }
    return "\"" + from + "\"";
  }

  private static String decimal(BigDecimal value) {
    return value.stripTrailingZeros().toPlainString();
  }

  /** The text plain if YAML reads it back unchanged, else double-quoted with JSON escapes. */
  static String scalar(String text) {
    if (PLAIN.matcher(text).matches() && !RESERVED.contains(text.toLowerCase(Locale.ROOT))) {
      return text;
    }
    StringBuilder quoted = new StringBuilder("\"");
    for (char c : text.toCharArray()) {
      switch (c) {
        case '"' -> quoted.append("\\\"");
        case '\\' -> quoted.append("\\\\");
        default -> {
          if (c < 0x20 || c == 0x7f) {
            quoted.append(String.format("\\u%04x", (int) c));
          } else {
            quoted.append(c);
          }
        }
      }
    }
    return quoted.append('"').toString();
  }
}

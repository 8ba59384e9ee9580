package dev.tollgate.pricing.feed;

import dev.tollgate.pricing.ModelPrice;
import dev.tollgate.pricing.PriceSchedule;
import dev.tollgate.pricing.PriceSchedule.LongContextTier;
import dev.tollgate.pricing.PriceSchedule.TimeWindow;
import dev.tollgate.pricing.Rates;
import dev.tollgate.usage.UsageKind;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;

/**
 * What importing a feed would change in a catalog: the models it adds, the ones it removes, and the
 * prices that change. Models are matched by {@code provider/id}, ignoring case. Prices are compared
 * in the schedule in force at one instant, in USD per 1M tokens (or per unit), together with the
 * number of schedules, the long-context tier, the time windows and the batch discount.
 *
 * @param at the instant whose schedules were compared
 * @param added models only in the imported list
 * @param removed models only in the current list
 * @param changed models in both whose prices differ, sorted by key
 */
public record CatalogDiff(
    Instant at, List<ModelPrice> added, List<ModelPrice> removed, List<ModelChange> changed) {

  public CatalogDiff {
    Objects.requireNonNull(at, "at");
    added = List.copyOf(added);
    removed = List.copyOf(removed);
    changed = List.copyOf(changed);
  }

  /** Compares {@code current} with {@code imported}, prices as in force at {@code at}. */
  public static CatalogDiff between(
      List<ModelPrice> current, List<ModelPrice> imported, Instant at) {
    Map<ModelPrice, ModelPrice> pairs = Counterparts.of(current, imported);
    Set<ModelPrice> matched = Collections.newSetFromMap(new IdentityHashMap<>());
    matched.addAll(pairs.values());
    List<ModelPrice> added = imported.stream().filter(m -> !matched.contains(m)).toList();
    List<ModelChange> changed = new ArrayList<>();
    pairs.forEach(
        (old, model) -> {
          List<FieldChange> fields = compare(old, model, at);
          if (!fields.isEmpty()) {
            changed.add(new ModelChange(model.qualifiedId(), fields));
          }
        });
    List<ModelPrice> removed = current.stream().filter(m -> !pairs.containsKey(m)).toList();
    return new CatalogDiff(at, added, removed, changed);
  }

  /** The key models are matched by: {@code provider/id} in lower case. */
  public static String key(ModelPrice model) {
    return model.qualifiedId().toLowerCase(Locale.ROOT);
  }

  /** Whether the feed would change nothing. */
  public boolean isEmpty() {
    return added.isEmpty() && removed.isEmpty() && changed.isEmpty();
  }

  /**
   * A readable diff, one line per model added ({@code +}) or removed ({@code -}) and one per
   * changed price ({@code ~}), such as {@code ~ openai/gpt-4o input 2.5 → 2.75 per 1M}.
   */
  public String render() {
    StringBuilder out = new StringBuilder();
    out.append("price changes at ")
        .append(at)
        .append(": ")
        .append(added.size())
        .append(" added, ")
        .append(removed.size())
        .append(" removed, ")
        .append(changed.size())
        .append(" changed\n");
    added.forEach(m -> out.append("+ ").append(m.qualifiedId()).append('\n'));
    removed.forEach(m -> out.append("- ").append(m.qualifiedId()).append('\n'));
    for (ModelChange change : changed) {
      for (FieldChange field : change.fields()) {
        out.append("~ ").append(change.model()).append(' ').append(field).append('\n');
      }
    }
    return out.toString();
  }

  /**
   * The changes to one model.
   *
   * @param model its {@code provider/id} as the imported feed spells it
   * @param fields the fields that change, never empty
   */
  public record ModelChange(String model, List<FieldChange> fields) {
    public ModelChange {
      fields = List.copyOf(fields);
    }
  }

  /**
   * One changed field.
   *
   * @param field what changed, e.g. {@code input} or {@code long-context output}
   * @param before the old value, or {@code none}
   * @param after the new value, or {@code none}
   * @param unit e.g. {@code per 1M}, {@code each}, or empty
   */
  public record FieldChange(String field, String before, String after, String unit) {
    @Override
    public String toString() {
      return field + " " + before + " → " + after + (unit.isEmpty() ? "" : " " + unit);
    }
  }

  private static Map<String, ModelPrice> byKey(List<ModelPrice> models) {
    Map<String, ModelPrice> out = new TreeMap<>();
    models.forEach(m -> out.putIfAbsent(key(m), m));
    return out;
  }

  private static List<FieldChange> compare(ModelPrice old, ModelPrice now, Instant at) {
    List<FieldChange> out = new ArrayList<>();
    PriceSchedule a = old.scheduleAt(at);
    PriceSchedule b = now.scheduleAt(at);
    compareRates("", a.rates(), b.rates(), out);
    Long tierA = a.longContext().map(LongContextTier::aboveInputTokens).orElse(null);
    Long tierB = b.longContext().map(LongContextTier::aboveInputTokens).orElse(null);
    if (!Objects.equals(tierA, tierB)) {
      out.add(field("long-context tier above", text(tierA), text(tierB), "tokens"));
    } else if (tierA != null) {
      compareRates(
          "long-context ", a.longContext().get().rates(), b.longContext().get().rates(), out);
    }
    if (a.windows().size() != b.windows().size()) {
      out.add(field("time windows", a.windows().size(), b.windows().size()));
    } else {
      for (int i = 0; i < a.windows().size(); i++) {
        TimeWindow wa = a.windows().get(i);
        TimeWindow wb = b.windows().get(i);
        String hoursA = wa.start() + "–" + wa.end();
        String hoursB = wb.start() + "–" + wb.end();
        if (!hoursA.equals(hoursB)) {
          out.add(field(wb.name() + " window", hoursA, hoursB, "UTC"));
        }
        compareRates(wb.name() + " ", wa.rates(), wb.rates(), out);
      }
    }
    if (old.schedules().size() != now.schedules().size()) {
      out.add(field("schedules", old.schedules().size(), now.schedules().size()));
    }
    if (old.batchDiscountPercent().compareTo(now.batchDiscountPercent()) != 0) {
      out.add(
          field(
              "batch discount",
              old.batchDiscountPercent().stripTrailingZeros().toPlainString(),
              now.batchDiscountPercent().stripTrailingZeros().toPlainString(),
              "%"));
    }
    return out;
  }

  private static void compareRates(String prefix, Rates a, Rates b, List<FieldChange> out) {
    Map<UsageKind, BigDecimal> before = a.listedUsd();
    Map<UsageKind, BigDecimal> after = b.listedUsd();
    for (UsageKind kind : UsageKind.values()) {
      BigDecimal x = before.get(kind);
      BigDecimal y = after.get(kind);
      boolean same = x == null ? y == null : y != null && x.compareTo(y) == 0;
      if (!same) {
        String unit = kind.perMillionTokens() ? "per 1M" : "each";
        out.add(field(prefix + kind.label(), usd(x), usd(y), unit));
      }
    }
    if (a.perRequestNanos() != b.perRequestNanos()) {
      out.add(
          field(
              prefix + "request fee",
              usd(BigDecimal.valueOf(a.perRequestNanos(), 9)),
              usd(BigDecimal.valueOf(b.perRequestNanos(), 9)),
              "per request"));
    }
  }

  private static FieldChange field(String name, String before, String after, String unit) {
    return new FieldChange(name, before, after, unit);
  }

  private static FieldChange field(String name, int before, int after) {
    return new FieldChange(name, Integer.toString(before), Integer.toString(after), "");
  }

  private static String usd(BigDecimal usd) {
    return usd == null ? "none" : usd.stripTrailingZeros().toPlainString();
  }

  private static String text(Long tokens) {
    return tokens == null ? "none" : tokens.toString();
  }
}

package dev.tollgate.recommend;

import dev.tollgate.money.Money;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;

/**
 * One thing the operator could change to spend less or to tidy up, with the figures behind it.
 *
 * @param id stable while the subject is the same, e.g. {@code idle_key:ci}; the page cursor
 * @param kind what sort of change
 * @param subject what it is about: {@code type} ({@code model}, {@code prefix}, {@code key} or
 *     {@code budget}) and the fields that name it
 * @param suggestion the change, in a few words
 * @param explanation why, in a sentence or two with the figures
 * @param evidence the figures: counts, tokens, amounts ({@link Money} for dollars), in order
 * @param saving what the change would have saved over the window, rounded down to a nano-dollar;
 *     {@link Money#ZERO} for a change that saves nothing by itself
 * @param savingBasis how the saving was estimated
 */
public record Recommendation(
    String id,
    Kind kind,
    Map<String, String> subject,
    String suggestion,
    String explanation,
    Map<String, Object> evidence,
    Money saving,
    String savingBasis) {

  public Recommendation {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(kind, "kind");
    subject = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(subject));
    evidence = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(evidence));
    Objects.requireNonNull(saving, "saving");
    if (saving.isNegative()) {
      throw new IllegalArgumentException(id + ": a saving is never negative: " + saving);
    }
  }

  /** The kinds of recommendation, one per rule. */
  public enum Kind {
    /** Short answers from an expensive model that a cheaper one of the same provider could give. */
    CHEAPER_MODEL,
    /** A long prompt prefix sent again and again without prompt caching. */
    PROMPT_CACHING,
    /** A virtual key that spent nothing in the window: revoke it. */
    IDLE_KEY,
    /** A budget at its limit in most recent periods. */
    BUDGET_ALWAYS_EXCEEDED,
    /** A budget whose scope spends next to nothing. */
    BUDGET_UNUSED;

    /** The name in the API, e.g. {@code cheaper_model}. */
    public String wire() {
      return name().toLowerCase(Locale.ROOT);
    }

    /** The kind named {@code name} in the API, if any. */
    public static java.util.Optional<Kind> parse(String name) {
      for (Kind k : values()) {
        if (k.wire().equals(name.strip().toLowerCase(Locale.ROOT))) {
          return java.util.Optional.of(k);
        }
      }
      return java.util.Optional.empty();
    }
  }
}

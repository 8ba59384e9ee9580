package dev.tollgate.pricing.feed;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tollgate.pricing.ModelPrice;
import dev.tollgate.pricing.PriceSchedule;
import dev.tollgate.pricing.PriceSchedule.LongContextTier;
import dev.tollgate.pricing.Rates;
import dev.tollgate.usage.UsageKind;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class CatalogDiffTest {

  private static final Instant NOW = Instant.parse("2026-08-21T12:00:00Z");

  @Test
  void findsAddedRemovedAndChangedModelsMatchingProviderAndIdIgnoringCase() {
    List<ModelPrice> current =
        List.of(
            model("openai", "gpt-4o", "2.5", "10"), model("openai", "gpt-3.5-turbo", "0.5", "1.5"));
    List<ModelPrice> imported =
        List.of(model("OpenAI", "GPT-4o", "2.75", "10"), model("openai", "gpt-5", "1.25", "10"));

    CatalogDiff diff = CatalogDiff.between(current, imported, NOW);

    assertThat(diff.added()).extracting(ModelPrice::qualifiedId).containsExactly("openai/gpt-5");
    assertThat(diff.removed())
        .extracting(ModelPrice::qualifiedId)
        .containsExactly("openai/gpt-3.5-turbo");
    assertThat(diff.changed()).hasSize(1);
    assertThat(diff.changed().getFirst().fields())
        .containsExactly(new CatalogDiff.FieldChange("input", "2.5", "2.75", "per 1M"));
  }

  @Test
  void rendersOneLinePerModelAddedOrRemovedAndPerPriceChanged() {
    List<ModelPrice> current =
        List.of(
            model("openai", "gpt-4o", "2.5", "10"), model("openai", "gpt-3.5-turbo", "0.5", "1.5"));
    List<ModelPrice> imported =
        List.of(model("openai", "gpt-4o", "2.75", "11"), model("openai", "gpt-5", "1.25", "10"));

    assertThat(CatalogDiff.between(current, imported, NOW).render())
        .isEqualTo(
            """
            price changes at 2026-08-21T12:00:00Z: 1 added, 1 removed, 1 changed
            + openai/gpt-5
            - openai/gpt-3.5-turbo
            ~ openai/gpt-4o input 2.5 → 2.75 per 1M
            ~ openai/gpt-4o output 10 → 11 per 1M
            """);
  }

  @Test
  void showsAPriceThatAppearsOrDisappearsAsNone() {
    ModelPrice before = model("anthropic", "claude", "3", "15");
    ModelPrice after =
        withRates(
            "anthropic",
            "claude",
            Rates.builder()
                .usd(UsageKind.INPUT, "3")
                .usd(UsageKind.OUTPUT, "15")
                .usd(UsageKind.CACHE_READ, "0.3")
                .usd(UsageKind.WEB_SEARCHES, "0.01")
                .build());

    assertThat(CatalogDiff.between(List.of(before), List.of(after), NOW).render())
        .contains(
            "~ anthropic/claude cache read none → 0.3 per 1M",
            "~ anthropic/claude web searches none → 0.01 each");
  }

  @Test
  void comparesTheScheduleInForceAtTheInstantAndCountsSchedules() {
    ModelPrice before = model("openai", "o3", "10", "40");
    ModelPrice after =
        new ModelPrice(
            "openai",
            "o3",
            List.of(),
            0,
            0,
            List.of(
                PriceSchedule.always(rates("10", "40")),
                new PriceSchedule(
                    Instant.parse("2027-01-01T00:00:00Z"),
                    rates("2", "8"),
                    Optional.empty(),
                    List.of())),
            BigDecimal.ZERO,
            List.of(),
            BigDecimal.ZERO,
            false);

    CatalogDiff now = CatalogDiff.between(List.of(before), List.of(after), NOW);
    CatalogDiff later =
        CatalogDiff.between(List.of(before), List.of(after), Instant.parse("2027-01-02T00:00:00Z"));

    assertThat(now.render()).endsWith("~ openai/o3 schedules 1 → 2\n");
    assertThat(later.render())
        .contains("~ openai/o3 input 10 → 2 per 1M", "~ openai/o3 schedules 1 → 2");
  }

  @Test
  void reportsALongContextTierThatAppearsAndChangesInsideOne() {
    ModelPrice flat = model("google", "gemini-1.5-pro", "1.25", "5");
    ModelPrice tiered = tiered("2.5");
    ModelPrice dearer = tiered("3");

    assertThat(CatalogDiff.between(List.of(flat), List.of(tiered), NOW).render())
        .contains("~ google/gemini-1.5-pro long-context tier above none → 128000 tokens");
    assertThat(CatalogDiff.between(List.of(tiered), List.of(dearer), NOW).render())
        .contains("~ google/gemini-1.5-pro long-context input 2.5 → 3 per 1M");
  }

  @Test
  void isEmptyWhenTheFeedChangesNothing() {
    List<ModelPrice> catalog = List.of(model("openai", "gpt-4o", "2.5", "10"));

    CatalogDiff diff =
        CatalogDiff.between(catalog, List.of(model("openai", "gpt-4o", "2.50", "10.0")), NOW);

    assertThat(diff.isEmpty()).isTrue();
  }

  static ModelPrice model(String provider, String id, String input, String output) {
    return withRates(provider, id, rates(input, output));
  }

  private static ModelPrice tiered(String longInput) {
    LongContextTier tier = new LongContextTier(128_000, rates(longInput, "10"));
    PriceSchedule schedule =
        new PriceSchedule(Instant.MIN, rates("1.25", "5"), Optional.of(tier), List.of());
    return new ModelPrice(
        "google",
        "gemini-1.5-pro",
        List.of(),
        0,
        0,
        List.of(schedule),
        BigDecimal.ZERO,
        List.of(),
        BigDecimal.ZERO,
        false);
  }

  private static ModelPrice withRates(String provider, String id, Rates rates) {
    return new ModelPrice(
        provider,
        id,
        List.of(),
        0,
        0,
        List.of(PriceSchedule.always(rates)),
        BigDecimal.ZERO,
        List.of(),
        BigDecimal.ZERO,
        false);
  }

  private static Rates rates(String input, String output) {
    return Rates.builder().usd(UsageKind.INPUT, input).usd(UsageKind.OUTPUT, output).build();
  }
}

package dev.tollgate.pricing.feed;

import static dev.tollgate.pricing.feed.FeedFixtures.model;
import static dev.tollgate.pricing.feed.FeedFixtures.usdOf;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tollgate.pricing.ModelPrice;
import dev.tollgate.pricing.PriceSchedule;
import dev.tollgate.pricing.PriceSchedule.LongContextTier;
import dev.tollgate.pricing.Rates;
import dev.tollgate.usage.UsageKind;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class LiteLlmImporterTest {

  private static final Instant NOW = Instant.parse("2026-08-21T12:00:00Z");

  private final ImportResult result =
      new LiteLlmImporter().read(FeedFixtures.read("litellm-excerpt.json"), "litellm.json");

  @Test
  void importsChatAndEmbeddingModelsAndSkipsTheSampleSpec() {
    assertThat(result.format()).isEqualTo("litellm");
    assertThat(FeedFixtures.ids(result))
        .containsExactly(
            "openai/gpt-4o",
            "openai/gpt-4o-search-preview",
            "anthropic/claude-3-5-sonnet",
            "gemini/gemini-1.5-pro",
            "deepseek/deepseek-chat",
            "openai/text-embedding-3-small",
            "openai/o1-mini");
  }

  @Test
  void turnsAPricePerTokenWrittenWithAnExponentIntoExactlyThePricePerMillion() {
    String json =
        """
        {"m": {"litellm_provider": "openai", "mode": "chat",
               "input_cost_per_token": 2.5e-06, "output_cost_per_token": 1e-05}}
        """;

    Rates rates =
        new LiteLlmImporter()
            .read(json, "inline")
            .models()
            .getFirst()
            .schedules()
            .getFirst()
            .rates();

    assertThat(rates.nanos(UsageKind.INPUT)).isEqualTo(2_500_000_000L);
    assertThat(usdOf(rates))
        .containsEntry(UsageKind.INPUT, "2.5")
        .containsEntry(UsageKind.OUTPUT, "10");
  }

  @Test
  void mapsGpt4oPricesLimitsAndTheBatchDiscountItsBatchPricesImply() {
    ModelPrice gpt4o = model(result, "openai/gpt-4o");

    assertThat(usdOf(gpt4o.scheduleAt(NOW).rates()))
        .containsEntry(UsageKind.INPUT, "2.5")
        .containsEntry(UsageKind.OUTPUT, "10")
        .containsEntry(UsageKind.CACHE_READ, "1.25");
    assertThat(gpt4o.contextWindow()).isEqualTo(128_000);
    assertThat(gpt4o.maxOutputTokens()).isEqualTo(16_384);
    assertThat(gpt4o.batchDiscountPercent()).isEqualByComparingTo("50");
  }

  @Test
  void aSnapshotIdIsRenamedToItsBaseSoThatEverySnapshotNameResolvesAndKeepsTheFeedIdAsAnAlias() {
    ModelPrice sonnet = model(result, "anthropic/claude-3-5-sonnet");
    assertThat(sonnet.aliases()).contains("claude-3-5-sonnet-20241022");
  }

  @Test
  void mapsAnthropicCacheWritesForFiveMinutesAndForOneHour() {
    Rates sonnet = model(result, "anthropic/claude-3-5-sonnet").scheduleAt(NOW).rates();

    assertThat(usdOf(sonnet))
        .containsEntry(UsageKind.INPUT, "3")
        .containsEntry(UsageKind.OUTPUT, "15")
        .containsEntry(UsageKind.CACHE_WRITE_5M, "3.75")
        .containsEntry(UsageKind.CACHE_WRITE_1H, "6")
        .containsEntry(UsageKind.CACHE_READ, "0.3");
  }

  @Test
  void stripsTheProviderPrefixAndTurnsAbove128kPricesIntoALongContextTier() {
    PriceSchedule gemini = model(result, "gemini/gemini-1.5-pro").scheduleAt(NOW);

    assertThat(usdOf(gemini.rates()))
        .containsEntry(UsageKind.INPUT, "1.25")
        .containsEntry(UsageKind.OUTPUT, "5");
    LongContextTier tier = gemini.longContext().orElseThrow();
    assertThat(tier.aboveInputTokens()).isEqualTo(128_000);
    assertThat(usdOf(tier.rates()))
        .containsEntry(UsageKind.INPUT, "2.5")
        .containsEntry(UsageKind.OUTPUT, "10");
  }

  @Test
  void readsDeepSeeksCacheHitPriceAsTheCacheReadPrice() {
    Rates deepseek = model(result, "deepseek/deepseek-chat").scheduleAt(NOW).rates();

    assertThat(usdOf(deepseek)).containsEntry(UsageKind.CACHE_READ, "0.07");
  }

  @Test
  void pricesAWebSearchAtTheMediumSearchContextSize() {
    Rates search = model(result, "openai/gpt-4o-search-preview").scheduleAt(NOW).rates();

    assertThat(usdOf(search)).containsEntry(UsageKind.WEB_SEARCHES, "0.035");
  }

  @Test
  void importsNoBatchDiscountWhenInputAndOutputBatchPricesDisagree() {
    assertThat(model(result, "openai/o1-mini").batchDiscountPercent()).isZero();
    assertThat(result.skipped())
        .contains(
            "openai/o1-mini: batch prices imply 50% off input but 25% off output; no batch"
                + " discount imported");
    assertThat(model(result, "openai/text-embedding-3-small").batchDiscountPercent())
        .isEqualByComparingTo("50");
  }

  @Test
  void countsTheEntriesItSkipsByModeAndThePriceKeysItIgnores() {
    assertThat(result.skipped())
        .contains(
            "mode image_generation: 2 entries skipped, Tollgate prices only chat, completion,"
                + " responses and embedding models",
            "mode audio_transcription: 1 entry skipped, Tollgate prices only chat, completion,"
                + " responses and embedding models",
            "price key input_cost_per_character: ignored on 1 model, Tollgate has no usage kind"
                + " for it");
  }

  @Test
  void skipsModelsItCannotPriceExactly() {
    assertThat(result.skipped())
        .contains(
            "openai/two-tier-model: long-context prices above [128000, 256000] tokens, Tollgate"
                + " supports one tier",
            "openai/tiny-price-model: input price 0.00000000012345 is finer than a nano-dollar");
  }

  @Test
  void rejectsAFeedThatIsNotAnObjectOfModels() {
    assertThatThrownBy(() -> new LiteLlmImporter().read("[1, 2]", "litellm.json"))
        .isInstanceOf(FeedRejectedException.class)
        .hasMessage(
            "price feed litellm.json is not in LiteLLM format: expected an object of models, got"
                + " a list");
  }
}

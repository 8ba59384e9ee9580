package dev.tollgate.pricing.feed;

import static dev.tollgate.pricing.feed.FeedFixtures.model;
import static dev.tollgate.pricing.feed.FeedFixtures.usdOf;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tollgate.money.Money;
import dev.tollgate.pricing.Cost;
import dev.tollgate.pricing.ModelPrice;
import dev.tollgate.pricing.PriceCalculator;
import dev.tollgate.pricing.PriceOptions;
import dev.tollgate.pricing.PriceSchedule;
import dev.tollgate.pricing.PriceSchedule.LongContextTier;
import dev.tollgate.pricing.PriceSchedule.TimeWindow;
import dev.tollgate.pricing.Rates;
import dev.tollgate.usage.Usage;
import dev.tollgate.usage.UsageKind;
import java.time.Instant;
import java.time.LocalTime;
import org.junit.jupiter.api.Test;

class GenaiPricesImporterTest {

  private static final Instant NOW = Instant.parse("2026-08-21T12:00:00Z");

  private final ImportResult result =
      new GenaiPricesImporter()
          .read(FeedFixtures.read("genai-prices-excerpt.json"), "genai-prices-excerpt.json");

  @Test
  void importsEveryModelItCanPriceExactlyAndNamesTheFormat() {
    assertThat(result.format()).isEqualTo("genai-prices/v2");
    assertThat(FeedFixtures.ids(result))
        .containsExactly(
            "anthropic/claude-3-5-sonnet",
            "anthropic/claude-sonnet-4-5",
            "openai/o3",
            "openai/gpt-4o-audio-preview",
            "deepseek/deepseek-chat",
            "xai/grok-3",
            "perplexity/sonar",
            "openrouter/free-model:free");
  }

  @Test
  void mapsTokenPricesPerMillionAndWebSearchesPerSearch() {
    ModelPrice sonnet = model(result, "anthropic/claude-3-5-sonnet");
    Rates rates = sonnet.scheduleAt(NOW).rates();

    assertThat(usdOf(rates))
        .containsEntry(UsageKind.INPUT, "3")
        .containsEntry(UsageKind.OUTPUT, "15")
        .containsEntry(UsageKind.CACHE_READ, "0.3")
        .containsEntry(UsageKind.CACHE_WRITE_5M, "3.75")
        .containsEntry(UsageKind.CACHE_WRITE_1H, "6");
    // 10 USD per thousand searches is one cent a search.
    assertThat(rates.nanos(UsageKind.WEB_SEARCHES)).isEqualTo(10_000_000L);
    assertThat(sonnet.contextWindow()).isEqualTo(200_000);
    assertThat(sonnet.aliases()).containsExactly("claude-3.5-sonnet");
  }

  @Test
  void turnsRequestsPerThousandIntoAFeePerRequest() {
    Rates sonar = model(result, "perplexity/sonar").scheduleAt(NOW).rates();

    assertThat(sonar.perRequestNanos()).isEqualTo(Money.ofUsd("0.005").nanos());
  }

  @Test
  void mapsAudioAndReasoningPricesAndCountsTheKeysItIgnores() {
    Rates audio = model(result, "openai/gpt-4o-audio-preview").scheduleAt(NOW).rates();
    Rates grok = model(result, "xai/grok-3").scheduleAt(NOW).rates();

    assertThat(usdOf(audio))
        .containsEntry(UsageKind.INPUT_AUDIO, "40")
        .containsEntry(UsageKind.OUTPUT_AUDIO, "80");
    assertThat(usdOf(grok)).containsEntry(UsageKind.REASONING, "15");
    assertThat(result.skipped())
        .contains(
            "price key input_image_mtok: ignored on 1 model, Tollgate has no usage kind for it");
  }

  @Test
  void turnsTieredPricesIntoALongContextTierWithBasePricesForKindsWithoutTiers() {
    PriceSchedule schedule = model(result, "anthropic/claude-sonnet-4-5").scheduleAt(NOW);

    assertThat(usdOf(schedule.rates())).containsEntry(UsageKind.INPUT, "3");
    LongContextTier tier = schedule.longContext().orElseThrow();
    assertThat(tier.aboveInputTokens()).isEqualTo(200_000);
    assertThat(usdOf(tier.rates()))
        .containsEntry(UsageKind.INPUT, "6")
        .containsEntry(UsageKind.CACHE_READ, "0.6")
        .containsEntry(UsageKind.OUTPUT, "22.5")
        .containsEntry(UsageKind.CACHE_WRITE_1H, "6");
  }

  @Test
  void billsTheWholeRequestAtTheTierPriceOnlyAboveTheTierStartAsGenaiDoes() {
    ModelPrice sonnet = model(result, "anthropic/claude-sonnet-4-5");

    assertThat(cost(sonnet, 200_000, NOW).total()).isEqualTo(Money.ofUsd("0.6"));
    assertThat(cost(sonnet, 200_001, NOW).total()).isEqualTo(Money.ofUsd("1.200006"));
  }

  @Test
  void startsANewScheduleAtUtcMidnightOfAStartDate() {
    ModelPrice o3 = model(result, "openai/o3");

    assertThat(o3.schedules()).hasSize(2);
    assertThat(o3.schedules().get(1).from()).isEqualTo(Instant.parse("2025-06-10T00:00:00Z"));
    assertThat(usd(o3, Instant.parse("2025-06-09T23:59:59Z"), UsageKind.INPUT)).isEqualTo("10");
    assertThat(usd(o3, Instant.parse("2025-06-10T00:00:00Z"), UsageKind.INPUT)).isEqualTo("2");
  }

  @Test
  void makesDeepSeeksWindowPriceTheStandardOneAndTheDefaultAnOffPeakWindow() {
    PriceSchedule schedule = model(result, "deepseek/deepseek-chat").scheduleAt(NOW);

    assertThat(usdOf(schedule.rates())).containsEntry(UsageKind.INPUT, "0.27");
    assertThat(schedule.windows()).hasSize(1);
    TimeWindow offPeak = schedule.windows().getFirst();
    assertThat(offPeak.name()).isEqualTo("off-peak");
    assertThat(offPeak.start()).isEqualTo(LocalTime.of(16, 30));
    assertThat(offPeak.end()).isEqualTo(LocalTime.of(0, 30));
    assertThat(usdOf(offPeak.rates()))
        .containsEntry(UsageKind.INPUT, "0.135")
        .containsEntry(UsageKind.CACHE_READ, "0.035")
        .containsEntry(UsageKind.OUTPUT, "0.55");
  }

  @Test
  void chargesDeepSeekTheSamePricesAsGenaiAtEveryTimeOfDay() {
    ModelPrice deepseek = model(result, "deepseek/deepseek-chat");

    // genai: 00:30 <= t < 16:30 is the standard price, anything else the default (off-peak).
    assertThat(inputPrice(deepseek, "2026-08-21T00:29:59Z")).isEqualTo("0.135");
    assertThat(inputPrice(deepseek, "2026-08-21T00:30:00Z")).isEqualTo("0.27");
    assertThat(inputPrice(deepseek, "2026-08-21T16:29:59Z")).isEqualTo("0.27");
    assertThat(inputPrice(deepseek, "2026-08-21T16:30:00Z")).isEqualTo("0.135");
  }

  @Test
  void renamesTheXaiProviderAndDropsAliasesThatOnlyDifferInCase() {
    ModelPrice grok = model(result, "xai/grok-3");

    assertThat(grok.aliases()).containsExactly("grok-3-latest");
  }

  @Test
  void skipsAModelWithAPriceFinerThanANanoDollarRatherThanRoundingIt() {
    assertThat(result.skipped())
        .contains(
            "openrouter/google/gemini-2.5-flash-lite: cache write 5m price 0.08333333333333334"
                + " is finer than a nano-dollar");
  }

  @Test
  void skipsAModelWithMoreTiersThanOneLongContextTier() {
    assertThat(result.skipped())
        .contains(
            "openrouter/two-tier-model: input_mtok: 2 tiers, Tollgate supports one long-context"
                + " tier");
  }

  @Test
  void importsAModelWithNoPricesAsFree() {
    ModelPrice free = model(result, "openrouter/free-model:free");

    assertThat(cost(free, 1_000, NOW).total()).isEqualTo(Money.ZERO);
  }

  @Test
  void rejectsAFeedThatIsNotAListOfProviders() {
    assertThatThrownBy(() -> new GenaiPricesImporter().read("{\"a\": 1}", "prices.json"))
        .isInstanceOf(FeedRejectedException.class)
        .hasMessage(
            "price feed prices.json is not in genai-prices v2 format: expected a list of"
                + " providers, got an object");
  }

  private static Cost cost(ModelPrice model, long inputTokens, Instant at) {
    Usage usage = Usage.builder().set(UsageKind.INPUT, inputTokens).build();
    return PriceCalculator.price(model, usage, PriceOptions.at(at));
  }

  private static String inputPrice(ModelPrice model, String at) {
    long nanos = cost(model, 1_000_000, Instant.parse(at)).total().nanos();
    return Money.ofNanos(nanos).toUsd().toPlainString();
  }

  private static String usd(ModelPrice model, Instant at, UsageKind kind) {
    return model.scheduleAt(at).rates().listedUsd().get(kind).toPlainString();
  }
}

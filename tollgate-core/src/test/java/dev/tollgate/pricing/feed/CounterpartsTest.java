package dev.tollgate.pricing.feed;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tollgate.pricing.ModelPrice;
import dev.tollgate.pricing.PriceSchedule;
import dev.tollgate.pricing.Rates;
import dev.tollgate.usage.UsageKind;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class CounterpartsTest {

  private static ModelPrice model(String provider, String id, String input, String... aliases) {
    Rates r = Rates.builder().usd(UsageKind.INPUT, input).usd(UsageKind.OUTPUT, "1").build();
    return new ModelPrice(
        provider,
        id,
        List.of(aliases),
        0,
        0,
        List.of(PriceSchedule.always(r)),
        BigDecimal.ZERO,
        List.of(),
        BigDecimal.ZERO,
        false);
  }

  @Test
  void aModelThatAFeedListsUnderAnotherIdIsChangedNotRemoved() {
    List<ModelPrice> current =
        List.of(
            model("anthropic", "claude-3-opus", "15"), model("anthropic", "claude-sonnet-4", "3"));
    List<ModelPrice> feed =
        FeedIds.canonical(
            List.of(
                model("anthropic", "claude-3-opus-latest", "16"),
                model("anthropic", "claude-sonnet-4-0", "3", "claude-sonnet-4")));

    CatalogDiff diff = CatalogDiff.between(current, feed, Instant.EPOCH);

    assertThat(diff.removed()).isEmpty();
    assertThat(diff.added()).isEmpty();
    assertThat(diff.changed())
        .extracting(CatalogDiff.ModelChange::model)
        .containsExactly("anthropic/claude-3-opus");
  }

  @Test
  void aModelWhoseNameNoLongerResolvesIsRemovedAndCountsAgainstTheTenPercentRule() {
    List<ModelPrice> current =
        List.of(
            model("deepseek", "deepseek-chat", "0.27"),
            model("deepseek", "deepseek-coder", "0.27"));
    List<ModelPrice> feed = List.of(model("deepseek", "deepseek-chat", "0.27"));

    CatalogDiff diff = CatalogDiff.between(current, feed, Instant.EPOCH);

    assertThat(diff.removed()).extracting(ModelPrice::id).containsExactly("deepseek-coder");
  }

  @Test
  void twoFeedIdsWithTheSameBaseKeepTheirOwnIds() {
    List<ModelPrice> feed =
        FeedIds.canonical(
            List.of(
                model("anthropic", "claude-3-5-sonnet-20240620", "3"),
                model("anthropic", "claude-3-5-sonnet-20241022", "3")));
    assertThat(feed)
        .extracting(ModelPrice::id)
        .containsExactly("claude-3-5-sonnet-20240620", "claude-3-5-sonnet-20241022");
  }

  @Test
  void anImportKeepsTheBatchDiscountAndLimitsThatTheFeedDoesNotState() {
    ModelPrice current =
        new ModelPrice(
            "openai",
            "gpt-4o",
            List.of(),
            128_000,
            16_384,
            model("openai", "gpt-4o", "2.5").schedules(),
            new BigDecimal("50"),
            List.of(),
            BigDecimal.ZERO,
            false);
    ModelPrice fromFeed = model("openai", "gpt-4o", "2.75");

    ModelPrice merged = FeedMerge.keepUnstated(List.of(current), List.of(fromFeed)).getFirst();

    assertThat(merged.batchDiscountPercent()).isEqualByComparingTo("50");
    assertThat(merged.maxOutputTokens()).isEqualTo(16_384);
    assertThat(merged.contextWindow()).isEqualTo(128_000);
    assertThat(merged.schedules()).isEqualTo(fromFeed.schedules());
  }

  @Test
  void anImportKeepsTheCurrentProviderPrioritySoABareIdStaysWithItsProvider() {
    List<ModelPrice> current = List.of(model("openai", "gpt-4o", "2.5"));
    List<ModelPrice> feed =
        List.of(model("azure", "gpt-4o", "2.75"), model("openai", "gpt-4o", "2.5"));

    assertThat(FeedMerge.inPriorityOf(current, feed))
        .extracting(ModelPrice::provider)
        .containsExactly("openai", "azure");
  }
}

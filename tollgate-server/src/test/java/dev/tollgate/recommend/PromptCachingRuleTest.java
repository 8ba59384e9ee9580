package dev.tollgate.recommend;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tollgate.money.Money;
import dev.tollgate.recommend.LedgerAnalysis.PrefixRepeats;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The prompt-caching rule over hand-made repeats and {@link TestCatalog}'s round prices. */
class PromptCachingRuleTest {

  private static final Instant NOW = Instant.parse("2026-05-01T00:00:00Z");

  private static PrefixRepeats repeats(String model, long requests, long warm, long tokens) {
    return new PrefixRepeats("ab12", "acme", model, requests, warm, tokens, 2, 5_000_000);
  }

  private static List<Recommendation> apply(PrefixRepeats... repeats) {
    return PromptCachingRule.apply(List.of(repeats), TestCatalog.acme(), NOW, Settings.DEFAULT);
  }

  @Test
  void warmRepeatsSaveTheCacheReadDiscountLessTheWritePremiumOfColdOnes() {
    List<Recommendation> out = apply(repeats("big", 10, 9, 2_000));

    // acme/big: input $10, cache read $1, cache write $12.50 per million tokens.
    long gained = 9 * 2_000 * (10_000L - 1_000L);
    long paid = 1 * 2_000 * (12_500L - 10_000L);
    assertThat(out).hasSize(1);
    Recommendation r = out.getFirst();
    assertThat(r.saving()).isEqualTo(Money.ofNanos(gained - paid));
    assertThat(r.id()).isEqualTo("prompt_caching:ab12:acme/big");
    assertThat(r.evidence())
        .containsEntry("warm_requests", 9L)
        .containsEntry("cold_requests", 1L)
        .containsEntry("prefix_tokens", 2_000L)
        .containsEntry("cache_read_price_per_mtok_usd", Money.ofUsd("1"));
    assertThat(r.explanation()).contains("2,000 tokens", "ab12", "2 keys", "10 times");
  }

  @Test
  void noRecommendationWhenTheModelListsNoCachePrice() {
    assertThat(apply(repeats("nocache", 10, 9, 2_000))).isEmpty();
  }

  @Test
  void noRecommendationWhenWritingTheCacheWouldCostMoreThanReadingItSaves() {
    // One warm read saves 2,000 × $9 per million; nine cold writes cost 9 × 2,000 × $2.50.
    assertThat(apply(repeats("big", 10, 1, 2_000))).isEmpty();
  }

  @Test
  void noRecommendationBelowTheRepeatThresholdOrWithoutAWarmRequest() {
    assertThat(apply(repeats("big", 9, 8, 2_000))).isEmpty();
    assertThat(apply(repeats("big", 10, 0, 2_000))).isEmpty();
    assertThat(
            PromptCachingRule.apply(
                List.of(repeats("big", 9, 8, 2_000)),
                TestCatalog.acme(),
                NOW,
                new Settings(Settings.DEFAULT_SHORT_OUTPUT_TOKENS, 5)))
        .hasSize(1);
  }

  @Test
  void aSavingIsRoundedDownToTheNanoDollar() {
    PrefixRepeats odd = new PrefixRepeats("cd34", "acme", "small", 10, 9, 1, 1, 0);
    var catalog =
        TestCatalog.of(
            """
            format: tollgate-catalog/1
            providers:
              - id: acme
                models:
                  - id: small
                    prices:
                      - {input: 0.000000333, output: 1, cache_read: 0}
            """);

    // 9 warm reads of one token at 333 nanos per million: 0.002997 nanos, never shown as 1.
    List<Recommendation> out =
        PromptCachingRule.apply(List.of(odd), catalog, NOW, Settings.DEFAULT);
    assertThat(out).isEmpty();
    assertThat(
            PromptCachingRule.saving(
                odd,
                Repricing.model(catalog, "acme", "small").get(),
                Repricing.model(catalog, "acme", "small").get().scheduleAt(NOW).rates()))
        .isEqualTo(Money.ZERO);
  }
}

package dev.tollgate.recommend;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tollgate.money.Money;
import dev.tollgate.pricing.Catalog;
import dev.tollgate.recommend.LedgerAnalysis.ModelKeyUsage;
import dev.tollgate.usage.Usage;
import dev.tollgate.usage.UsageKind;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The cheaper-model rule over hand-made sums and {@link TestCatalog}'s round prices. */
class CheaperModelRuleTest {

  private static final Instant NOW = Instant.parse("2026-05-01T00:00:00Z");

  /** 1,000 input and 400 output tokens: on acme/big 1,000 × $10 + 400 × $30 per million. */
  private static final Usage TOKENS =
      Usage.builder().set(UsageKind.INPUT, 1_000).set(UsageKind.OUTPUT, 400).build();

  private static final long BIG_COST = 1_000 * 10_000L + 400 * 30_000L; // nanos: $0.022

  private static ModelKeyUsage usage(
      String model, long eligible, long short_, long cost, long maxPrompt, long maxOutput) {
    return new ModelKeyUsage(
        "acme", model, "app", eligible, eligible, short_, TOKENS, cost, maxPrompt, maxOutput);
  }

  private static List<Recommendation> apply(Catalog catalog, ModelKeyUsage... usage) {
    return CheaperModelRule.apply(List.of(usage), catalog, NOW, Settings.DEFAULT);
  }

  @Test
  void theCheapestAdequateModelOfTheSameProviderIsSuggestedWithTheExactSaving() {
    List<Recommendation> out = apply(TestCatalog.acme(), usage("big", 20, 20, BIG_COST, 100, 50));

    assertThat(out).hasSize(1);
    Recommendation r = out.getFirst();
    // acme/narrow: 1,000 × $0.50 + 400 × $1 = $0.0009; acme/small: 1,000 × $1 + 400 × $2.
    long narrow = 1_000 * 500L + 400 * 1_000L;
    long small = 1_000 * 1_000L + 400 * 2_000L;
    assertThat(r.id()).isEqualTo("cheaper_model:acme/big:app");
    assertThat(r.kind()).isEqualTo(Recommendation.Kind.CHEAPER_MODEL);
    assertThat(r.evidence().get("suggested_model")).isEqualTo("acme/narrow");
    assertThat(r.evidence().get("repriced_cost_usd")).isEqualTo(Money.ofNanos(narrow));
    assertThat(r.saving()).isEqualTo(Money.ofNanos(BIG_COST - narrow));
    assertThat(r.evidence().get("alternatives"))
        .isEqualTo(
            List.of(
                Map.of(
                    "model", "acme/small",
                    "repriced_cost_usd", Money.ofNanos(small),
                    "estimated_saving_usd", Money.ofNanos(BIG_COST - small))));
    // Cheaper, but without vision (blind), of another provider (other/cheapest), or free and
    // local: never suggested.
    assertThat(r.toString()).doesNotContain("blind", "cheapest", "llama");
    assertThat(r.explanation()).contains("20 of 20 requests", "acme/narrow", "$0.0009", "$0.022");
  }

  @Test
  void aModelWhoseContextCannotHoldTheLongestPromptAndAnswerIsPassedOver() {
    List<Recommendation> out = apply(TestCatalog.acme(), usage("big", 20, 20, BIG_COST, 1_990, 50));

    assertThat(out.getFirst().evidence().get("suggested_model")).isEqualTo("acme/small");
    assertThat(out.getFirst().saving())
        .isEqualTo(Money.ofNanos(BIG_COST - (1_000 * 1_000L + 400 * 2_000L)));
  }

  @Test
  void noRecommendationWhenEveryCheaperModelLacksACapability() {
    Catalog catalog =
        TestCatalog.of(
            """
            format: tollgate-catalog/1
            providers:
              - id: acme
                models:
                  - id: big
                    capabilities: [tools, vision]
                    prices:
                      - {input: 10, output: 30}
                  - id: blind
                    capabilities: [tools]
                    prices:
                      - {input: 0.1, output: 0.2}
              - id: other
                models:
                  - id: cheapest
                    capabilities: [tools, vision]
                    prices:
                      - {input: 0.01, output: 0.01}
            """);

    assertThat(apply(catalog, usage("big", 20, 20, BIG_COST, 100, 50))).isEmpty();
  }

  @Test
  void noRecommendationWhenMostOutputsAreLongOrShortOnesAreFew() {
    assertThat(apply(TestCatalog.acme(), usage("big", 100, 20, BIG_COST, 100, 50))).isEmpty();
    assertThat(apply(TestCatalog.acme(), usage("big", 9, 9, BIG_COST, 100, 50))).isEmpty();
    assertThat(apply(TestCatalog.acme(), usage("big", 20, 10, BIG_COST, 100, 50))).hasSize(1);
  }

  @Test
  void noRecommendationWhenTheRequestsCostLessThanAnyCandidateWould() {
    // Recorded at less than acme/narrow's re-pricing (a discount the catalog does not know).
    assertThat(apply(TestCatalog.acme(), usage("big", 20, 20, 899_999, 100, 50))).isEmpty();
  }

  @Test
  void anEmbeddingModelIsNeverSuggestedThoughItsInputIsCheapest() {
    Usage inputHeavy =
        Usage.builder().set(UsageKind.INPUT, 10_000).set(UsageKind.OUTPUT, 10).build();
    ModelKeyUsage u =
        new ModelKeyUsage("acme", "plain", "app", 20, 20, 20, inputHeavy, 10_010 * 5_000L, 600, 1);

    List<Recommendation> out =
        CheaperModelRule.apply(List.of(u), TestCatalog.acme(), NOW, Settings.DEFAULT);

    // acme/embed would cost 10,000 × $0.01 per million; it bills no output, so it cannot answer.
    assertThat(out.getFirst().evidence().get("suggested_model")).isEqualTo("acme/blind");
    assertThat(out.getFirst().saving())
        .isEqualTo(Money.ofNanos(10_010 * 5_000L - (10_000 * 100L + 10 * 200L)));
  }

  @Test
  void unknownAndLocalModelsGetNoRecommendation() {
    ModelKeyUsage unknown =
        new ModelKeyUsage("acme", "mystery", "app", 20, 20, 20, TOKENS, BIG_COST, 100, 50);
    ModelKeyUsage local =
        new ModelKeyUsage("ollama", "llama3.1", "app", 20, 20, 20, TOKENS, 0, 100, 50);

    assertThat(apply(TestCatalog.acme(), unknown, local)).isEmpty();
  }

  @Test
  void theLedgersProviderNeedNotBeACatalogProvider() {
    ModelKeyUsage viaEntry =
        new ModelKeyUsage("sim-acme", "big", "app", 20, 20, 20, TOKENS, BIG_COST, 100, 50);

    List<Recommendation> out = apply(TestCatalog.acme(), viaEntry);

    assertThat(out.getFirst().subject()).containsEntry("provider", "sim-acme");
    assertThat(out.getFirst().evidence().get("suggested_model")).isEqualTo("acme/narrow");
  }
}

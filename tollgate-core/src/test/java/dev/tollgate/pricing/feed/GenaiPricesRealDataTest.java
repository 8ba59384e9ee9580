package dev.tollgate.pricing.feed;

import static dev.tollgate.pricing.feed.FeedFixtures.model;
import static dev.tollgate.pricing.feed.FeedFixtures.usdOf;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.tollgate.pricing.CatalogReader;
import dev.tollgate.pricing.ModelPrice;
import dev.tollgate.pricing.PriceSchedule;
import dev.tollgate.pricing.PriceSchedule.TimeWindow;
import dev.tollgate.usage.UsageKind;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalTime;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Imports the real genai-prices data (pydantic/genai-prices, commit 47df840a, 2026-08-21), which
 * lives outside the repository in {@code ../shared/data} next to the checkout. Skipped where the
 * file is absent.
 */
class GenaiPricesRealDataTest {

  private static final String FILE = "shared/data/genai-prices-v2.json";
  private static final Instant NOW = Instant.parse("2026-08-21T12:00:00Z");

  private static ImportResult result;

  @BeforeAll
  static void importTheRealFeed() throws IOException {
    Optional<Path> file = locate();
    assumeTrue(file.isPresent(), "no ../" + FILE + " above " + System.getProperty("user.dir"));
    result = new GenaiPricesImporter().read(Files.readString(file.get()), file.get().toString());
  }

  @Test
  void importsAlmostEveryModelAndSkipsOnlyPricesFinerThanANanoDollar() {
    assertThat(result.models()).hasSizeGreaterThan(1000);
    assertThat(result.skipped())
        .filteredOn(line -> !line.startsWith("price key "))
        .isNotEmpty()
        .allMatch(line -> line.endsWith("is finer than a nano-dollar"));
  }

  @Test
  void theBundledCatalogAgreesWithTheFeedItWasDerivedFrom() {
    List<ModelPrice> bundled =
        CatalogReader.bundled().models().stream().filter(m -> !m.local()).toList();

    CatalogDiff diff =
        CatalogDiff.between(bundled, FeedMerge.keepUnstated(bundled, result.models()), NOW);

    assertThat(diff.changed()).as(diff.render()).isEmpty();
    // deepseek-coder is not in the feed (the catalog prices it as deepseek-chat); the feed lists
    // mistral-small only under ids that several snapshots share, so no id is shortened to it
    assertThat(diff.removed())
        .extracting(ModelPrice::qualifiedId)
        .containsExactlyInAnyOrder("deepseek/deepseek-coder", "mistral/mistral-small");
  }

  @Test
  void pricesAnthropicClaude35SonnetExactly() {
    ModelPrice sonnet = model(result, "anthropic/claude-3-5-sonnet");

    assertThat(usdOf(sonnet.scheduleAt(NOW).rates()))
        .containsEntry(UsageKind.INPUT, "3")
        .containsEntry(UsageKind.OUTPUT, "15")
        .containsEntry(UsageKind.CACHE_READ, "0.3")
        .containsEntry(UsageKind.CACHE_WRITE_5M, "3.75")
        .containsEntry(UsageKind.CACHE_WRITE_1H, "6")
        .containsEntry(UsageKind.WEB_SEARCHES, "0.01");
  }

  @Test
  void givesDeepSeekItsStandardPriceAndAnOffPeakWindowFrom1630To0030() {
    PriceSchedule deepseek = model(result, "deepseek/deepseek-chat").scheduleAt(NOW);

    assertThat(usdOf(deepseek.rates())).containsEntry(UsageKind.INPUT, "0.27");
    TimeWindow offPeak = deepseek.windows().getFirst();
    assertThat(offPeak.start()).isEqualTo(LocalTime.of(16, 30));
    assertThat(offPeak.end()).isEqualTo(LocalTime.of(0, 30));
    assertThat(usdOf(offPeak.rates()))
        .containsEntry(UsageKind.INPUT, "0.135")
        .containsEntry(UsageKind.CACHE_READ, "0.035")
        .containsEntry(UsageKind.OUTPUT, "0.55");
  }

  @Test
  void startsO3sLowerPriceOn10June2025() {
    ModelPrice o3 = model(result, "openai/o3");

    assertThat(usdOf(o3.scheduleAt(Instant.parse("2025-06-09T23:59:59Z")).rates()))
        .containsEntry(UsageKind.INPUT, "10")
        .containsEntry(UsageKind.OUTPUT, "40");
    assertThat(usdOf(o3.scheduleAt(Instant.parse("2025-06-10T00:00:00Z")).rates()))
        .containsEntry(UsageKind.INPUT, "2")
        .containsEntry(UsageKind.OUTPUT, "8");
  }

  @Test
  void givesGemini15ProItsLongContextTierAbove128kTokens() {
    PriceSchedule gemini = model(result, "google/gemini-1.5-pro").scheduleAt(NOW);

    assertThat(gemini.longContext().orElseThrow().aboveInputTokens()).isEqualTo(128_000);
    assertThat(usdOf(gemini.longContext().get().rates())).containsEntry(UsageKind.INPUT, "2.5");
  }

  @Test
  void callsTheXaiProviderXai() {
    assertThat(result.models()).noneMatch(m -> m.provider().equals("x-ai"));
    assertThat(result.models()).anyMatch(m -> m.provider().equals("xai"));
  }

  @Test
  void passesThePolicyAgainstItself() {
    assertThatCode(() -> FeedPolicy.check(result.models(), result)).doesNotThrowAnyException();
    assertThat(CatalogDiff.between(result.models(), result.models(), NOW).isEmpty()).isTrue();
  }

  /**
   * {@code ../shared/data/...} relative to the repository root, searched from the working dir up.
   */
  private static Optional<Path> locate() {
    for (Path dir = Path.of(System.getProperty("user.dir")).toAbsolutePath();
        dir != null;
        dir = dir.getParent()) {
      Path candidate = dir.resolve("..").resolve(FILE).normalize();
      if (Files.isRegularFile(candidate)) {
        return Optional.of(candidate);
      }
    }
    return Optional.empty();
  }
}

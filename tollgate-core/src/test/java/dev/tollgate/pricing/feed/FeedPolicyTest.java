package dev.tollgate.pricing.feed;

import static dev.tollgate.pricing.feed.CatalogDiffTest.model;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tollgate.pricing.ModelPrice;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class FeedPolicyTest {

  private final List<ModelPrice> thousand = models("openai", 1000);

  @Test
  void allowsAFeedThatRemoves9Point9PercentOfTheModels() {
    ImportResult feed = feed(thousand.subList(99, 1000));

    assertThatCode(() -> FeedPolicy.check(thousand, feed)).doesNotThrowAnyException();
  }

  @Test
  void allowsAFeedThatRemovesExactly10PercentOfTheModels() {
    ImportResult feed = feed(thousand.subList(100, 1000));

    assertThatCode(() -> FeedPolicy.check(thousand, feed)).doesNotThrowAnyException();
  }

  @Test
  void refusesAFeedThatRemoves10Point1PercentOfTheModelsNamingSomeOfThem() {
    ImportResult feed = feed(thousand.subList(101, 1000));

    assertThatThrownBy(() -> FeedPolicy.check(thousand, feed))
        .isInstanceOf(FeedRejectedException.class)
        .hasMessage(
            "genai-prices/v2 feed would remove 101 of 1000 models (10.1%), more than the 10%"
                + " allowed: openai/m0, openai/m1, openai/m2, openai/m3, openai/m4 and 96 more");
  }

  @Test
  void saysHowManyOfHowManyModelsAndWhatShareInItsMessage() {
    List<ModelPrice> current = models("openai", 120);

    assertThatThrownBy(() -> FeedPolicy.check(current, feed(current.subList(37, 120))))
        .hasMessageContaining("would remove 37 of 120 models (30.8%), more than the 10% allowed");
  }

  @Test
  void countsRemovalOnlyAmongTheCurrentModelsSoNewProvidersDoNotDiluteIt() {
    List<ModelPrice> current = models("openai", 100);
    List<ModelPrice> imported = new ArrayList<>(current.subList(11, 100));
    imported.addAll(models("openrouter", 5000));

    assertThatThrownBy(() -> FeedPolicy.check(current, feed(imported)))
        .hasMessageContaining("would remove 11 of 100 models (11.0%)");
  }

  @Test
  void doesNotCountLocalModelsWhichNoFeedLists() {
    List<ModelPrice> current = new ArrayList<>(models("openai", 10));
    current.addAll(models("ollama", 5).stream().map(FeedPolicyTest::local).toList());

    assertThatCode(() -> FeedPolicy.check(current, feed(models("openai", 10))))
        .doesNotThrowAnyException();
  }

  @Test
  void allowsAnyFeedWithModelsWhenTheCatalogIsEmpty() {
    assertThatCode(() -> FeedPolicy.check(List.of(), feed(models("openai", 1))))
        .doesNotThrowAnyException();
  }

  @Test
  void refusesAFeedWithNoModelsNamingTheSource() {
    String empty = "[{\"id\": \"openai\", \"models\": []}]";

    assertThatThrownBy(() -> FeedPolicy.load(thousand, empty, "https://example.com/data.json"))
        .isInstanceOf(FeedRejectedException.class)
        .hasMessage("price feed https://example.com/data.json has no models");
  }

  @Test
  void refusesMalformedJsonNamingTheSourceAndWhereTheErrorIs() {
    String truncated =
        "[{\"id\": \"openai\", \"models\": [{\"id\": \"gpt-4o\", \"prices\": {\"input_";

    assertThatThrownBy(() -> FeedPolicy.load(thousand, truncated, "/etc/tollgate/prices.json"))
        .isInstanceOf(FeedRejectedException.class)
        .hasMessageStartingWith(
            "price feed /etc/tollgate/prices.json is not valid JSON at line 1, column");
  }

  @Test
  void loadsAFeedThatPasses() {
    List<ModelPrice> current = List.of(model("anthropic", "claude-3-5-sonnet", "3", "15"));

    ImportResult result =
        FeedPolicy.load(
            current, FeedFixtures.read("genai-prices-excerpt.json"), "genai-prices-excerpt.json");

    assertThat(result.models()).hasSize(8);
  }

  private static List<ModelPrice> models(String provider, int n) {
    return IntStream.range(0, n).mapToObj(i -> model(provider, "m" + i, "1", "2")).toList();
  }

  private static ImportResult feed(List<ModelPrice> models) {
    return new ImportResult(models, List.of(), GenaiPricesImporter.FORMAT);
  }

  private static ModelPrice local(ModelPrice m) {
    return new ModelPrice(
        m.provider(),
        m.id(),
        List.of(),
        0,
        0,
        m.schedules(),
        BigDecimal.ZERO,
        List.of(),
        BigDecimal.ZERO,
        true);
  }
}

package dev.tollgate.pricing.feed;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class FeedFormatTest {

  @Test
  void detectsAListOfProvidersWithModelsAsGenaiPrices() {
    assertThat(FeedFormat.detect(FeedFixtures.read("genai-prices-excerpt.json")))
        .isEqualTo(FeedFormat.GENAI_PRICES);
  }

  @Test
  void detectsAnObjectOfModelsPricedPerTokenAsLiteLlm() {
    assertThat(FeedFormat.detect(FeedFixtures.read("litellm-excerpt.json")))
        .isEqualTo(FeedFormat.LITELLM);
  }

  @Test
  void importsEitherFormatWithTheRightImporter() {
    ImportResult genai =
        FeedFormat.importAny(FeedFixtures.read("genai-prices-excerpt.json"), "genai.json");
    ImportResult litellm =
        FeedFormat.importAny(FeedFixtures.read("litellm-excerpt.json"), "litellm.json");

    assertThat(genai.format()).isEqualTo(FeedFormat.GENAI_PRICES.id());
    assertThat(litellm.format()).isEqualTo(FeedFormat.LITELLM.id());
    assertThat(FeedFormat.LITELLM.importer()).isInstanceOf(LiteLlmImporter.class);
  }

  @Test
  void refusesJsonInNeitherFormatSayingWhatItExpected() {
    assertThatThrownBy(() -> FeedFormat.importAny("{\"gpt-4o\": {\"price\": 1}}", "feed.json"))
        .isInstanceOf(FeedRejectedException.class)
        .hasMessageStartingWith("price feed feed.json is in no known format: expected")
        .hasMessageEndingWith("got an object");
  }

  @Test
  void refusesTextThatIsNotJsonNamingTheSourceLineAndColumn() {
    String broken = "[\n  {\"id\": \"openai\", \"models\": [}\n]";

    assertThatThrownBy(() -> FeedFormat.importAny(broken, "https://example.com/data.json"))
        .isInstanceOf(FeedRejectedException.class)
        .hasMessage(
            "price feed https://example.com/data.json is not valid JSON at line 2, column 31:"
                + " Unexpected close marker '}': expected ']' (for Array starting at [line: 2,"
                + " column: 30])");
  }

  @Test
  void refusesAnEmptyFeed() {
    assertThatThrownBy(() -> FeedFormat.importAny("  ", "empty.json"))
        .isInstanceOf(FeedRejectedException.class)
        .hasMessage("price feed empty.json is empty");
  }
}

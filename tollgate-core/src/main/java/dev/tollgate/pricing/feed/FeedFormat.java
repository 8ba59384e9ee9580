package dev.tollgate.pricing.feed;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Iterator;

/** The price feed formats Tollgate can import, and how to tell them apart. */
public enum FeedFormat {
  /** pydantic/genai-prices, {@code prices/new_data/v2/data.json}: a list of providers. */
  GENAI_PRICES(GenaiPricesImporter.FORMAT),
  /** LiteLLM's {@code model_prices_and_context_window.json}: an object of models. */
  LITELLM(LiteLlmImporter.FORMAT);

  private final String id;

  FeedFormat(String id) {
    this.id = id;
  }

  /** The format's name, as in {@link ImportResult#format()}. */
  public String id() {
    return id;
  }

  /** An importer for this format. */
  public PriceFeedImporter importer() {
    return switch (this) {
      case GENAI_PRICES -> new GenaiPricesImporter();
      case LITELLM -> new LiteLlmImporter();
    };
  }

  /**
   * Detects the format of a feed: a JSON list whose entries have {@code models} is genai-prices, an
   * object with a model that has a {@code *_cost_per_token} price is LiteLLM.
   *
   * @throws FeedRejectedException if the text is not JSON or in neither format
   */
  public static FeedFormat detect(String text) {
    return detect(FeedJson.read(text, "(unnamed)"), "(unnamed)");
  }

  /**
   * Detects the format of a feed and imports it, parsing the text once.
   *
   * @param text the feed's text
   * @param source where it came from (a URL or a path), named in every message
   * @throws FeedRejectedException if the text is not JSON or in neither format
   */
  public static ImportResult importAny(String text, String source) {
    JsonNode root = FeedJson.read(text, source);
    return switch (detect(root, source)) {
      case GENAI_PRICES -> new GenaiPricesImporter().read(root, source);
      case LITELLM -> new LiteLlmImporter().read(root, source);
    };
  }

  static FeedFormat detect(JsonNode root, String source) {
    if (root.isArray()) {
      for (JsonNode provider : root) {
        if (provider.path("models").isArray()) {
          return GENAI_PRICES;
        }
      }
    } else if (root.isObject()) {
      for (JsonNode model : root) {
        for (Iterator<String> keys = model.fieldNames(); keys.hasNext(); ) {
          if (keys.next().endsWith("_cost_per_token")) {
            return LITELLM;
          }
        }
      }
    }
    throw new FeedRejectedException(
        "price feed "
            + source
            + " is in no known format: expected a genai-prices v2 list of providers with"
            + " \"models\", or a LiteLLM object of models with \"*_cost_per_token\" prices; got "
            + FeedJson.describe(root));
  }
}

package dev.tollgate.pricing.feed;

import dev.tollgate.pricing.ModelPrice;
import java.util.List;
import java.util.Objects;

/**
 * What an importer made of a price feed.
 *
 * @param models the models it could price exactly
 * @param skipped one line per thing it left out, as {@code "what: reason"}: a model it skipped
 *     (e.g. {@code "openrouter/google/gemini-2.5-flash-lite: cache write 5m price
 *     0.08333333333333334 is finer than a nano-dollar"}), or a count of skipped entries or ignored
 *     price keys (e.g. {@code "price key input_image_mtok: ignored on 9 models, ..."})
 * @param format the feed format, e.g. {@code genai-prices/v2} or {@code litellm}
 */
public record ImportResult(List<ModelPrice> models, List<String> skipped, String format) {

  public ImportResult {
    models = List.copyOf(models);
    skipped = List.copyOf(skipped);
    Objects.requireNonNull(format, "format");
  }
}

package dev.tollgate.pricing.feed;

import com.fasterxml.jackson.databind.JsonNode;
import java.math.BigDecimal;
import java.util.Optional;

/** The batch discount implied by LiteLLM's {@code *_cost_per_token_batches} prices. */
final class LiteLlmBatch {

  private static final BigDecimal HUNDRED = BigDecimal.valueOf(100);

  private LiteLlmBatch() {}

  /**
   * The discount, in percent, of the batch prices against the normal ones, or 0 when there are no
   * batch prices. Tollgate has one batch discount per model, so when the input and output prices
   * imply different discounts, or a discount that is not an exact decimal or not between 0 and 100,
   * none is imported and the report says why (the model itself is still imported).
   */
  static BigDecimal discountPercent(String model, JsonNode spec, ImportReport report) {
    try {
      Optional<BigDecimal> input = percent(spec, "input_cost_per_token");
      Optional<BigDecimal> output = percent(spec, "output_cost_per_token");
      if (input.isEmpty() && output.isEmpty()) {
        return BigDecimal.ZERO;
      }
      BigDecimal in = input.orElseGet(output::get);
      BigDecimal out = output.orElse(in);
      if (in.compareTo(out) != 0) {
        report.skip(
            model,
            "batch prices imply "
                + in.toPlainString()
                + "% off input but "
                + out.toPlainString()
                + "% off output; no batch discount imported");
        return BigDecimal.ZERO;
      }
      if (in.signum() < 0 || in.compareTo(HUNDRED) > 0) {
        report.skip(model, "batch prices imply a discount of " + in.toPlainString() + "%");
        return BigDecimal.ZERO;
      }
      return in;
    } catch (ArithmeticException e) {
      report.skip(model, "batch prices imply a discount that is not an exact decimal");
      return BigDecimal.ZERO;
    }
  }

  /** {@code 100 × (1 − batch / normal)}, exactly; throws if it does not terminate. */
  private static Optional<BigDecimal> percent(JsonNode spec, String key) {
    JsonNode normal = spec.get(key);
    JsonNode batch = spec.get(key + "_batches");
    if (normal == null || normal.isNull() || batch == null || batch.isNull()) {
      return Optional.empty();
    }
    BigDecimal n = FeedJson.decimal(normal, key);
    BigDecimal b = FeedJson.decimal(batch, key + "_batches");
    if (n.signum() == 0) {
      return Optional.empty();
    }
    return Optional.of(HUNDRED.subtract(b.multiply(HUNDRED).divide(n)).stripTrailingZeros());
  }
}

package dev.tollgate.budget;

import dev.tollgate.money.Money;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.Objects;

/**
 * The worst case of a request before it is sent: its input, priced, and its output bound ({@code
 * max_tokens}, or the model's maximum output), at the model's output price.
 *
 * @param provider the provider that would serve it
 * @param model the catalog model that would serve it
 * @param inputTokens the estimated input tokens
 * @param maxOutputTokens the output bound
 * @param inputCost the cost of the input
 * @param outputNanosPerToken the price of one output token in nano-dollars (reasoning included)
 */
public record Estimate(
    String provider,
    String model,
    long inputTokens,
    long maxOutputTokens,
    Money inputCost,
    BigDecimal outputNanosPerToken) {

  public Estimate {
    Objects.requireNonNull(provider, "provider");
    Objects.requireNonNull(model, "model");
    if (inputTokens < 0 || maxOutputTokens < 0) {
      throw new IllegalArgumentException("token counts must not be negative");
    }
    Objects.requireNonNull(inputCost, "inputCost");
    if (inputCost.isNegative() || outputNanosPerToken.signum() < 0) {
      throw new IllegalArgumentException("prices must not be negative");
    }
  }

  /** The most the request can cost: the input plus every allowed output token, rounded up. */
  public Money worstCost() {
    BigDecimal output = outputNanosPerToken.multiply(BigDecimal.valueOf(maxOutputTokens));
    return inputCost.plus(Money.ceilNanos(output));
  }

  /** The most tokens the request can use. */
  public long worstTokens() {
    return Math.addExact(inputTokens, maxOutputTokens);
  }

  /** The worst case in {@code metric}'s unit. */
  public long worst(Metric metric) {
    return switch (metric) {
      case COST -> worstCost().nanos();
      case TOKENS -> worstTokens();
      case REQUESTS -> 1;
    };
  }

  /** The same request with its output bounded by {@code tokens}. */
  public Estimate withMaxOutput(long tokens) {
    return new Estimate(provider, model, inputTokens, tokens, inputCost, outputNanosPerToken);
  }

  /**
   * The most output tokens that {@code available} units of {@code metric} pay for, after the input;
   * negative if not even the input fits. Requests are not divisible: for REQUESTS it is the whole
   * bound or -1.
   */
  public long affordableOutput(Metric metric, long available) {
    return switch (metric) {
      case COST -> {
        long afterInput = available - inputCost.nanos();
        if (afterInput < 0) {
          yield -1;
        }
        if (outputNanosPerToken.signum() == 0) {
          yield maxOutputTokens;
        }
        yield BigDecimal.valueOf(afterInput)
            .divide(outputNanosPerToken, 0, RoundingMode.FLOOR)
            .min(BigDecimal.valueOf(maxOutputTokens))
            .longValueExact();
      }
      case TOKENS -> Math.min(maxOutputTokens, available - inputTokens);
      case REQUESTS -> available >= 1 ? maxOutputTokens : -1;
    };
  }
}

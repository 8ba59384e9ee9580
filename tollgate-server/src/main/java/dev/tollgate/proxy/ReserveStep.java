package dev.tollgate.proxy;

import dev.tollgate.budget.Actual;
import dev.tollgate.budget.BudgetEngine;
import dev.tollgate.budget.BudgetRequest;
import dev.tollgate.budget.Decision;
import dev.tollgate.budget.Estimate;
import dev.tollgate.money.Money;
import dev.tollgate.pricing.Cost;
import dev.tollgate.pricing.ModelPrice;
import dev.tollgate.pricing.PriceCalculator;
import dev.tollgate.pricing.PriceOptions;
import dev.tollgate.pricing.Pricer;
import dev.tollgate.pricing.Resolution;
import dev.tollgate.proxy.openai.SamplingParams;
import dev.tollgate.usage.ApiFormat;
import dev.tollgate.usage.Usage;
import dev.tollgate.usage.UsageKind;
import io.vertx.core.Future;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * Reserves the request's worst case in every budget that applies before the call, and settles it
 * with the exact cost after, or releases it when nothing billable happened. The worst case is the
 * estimated input plus the output bound ({@code max_tokens}, else the model's maximum output, else
 * {@value #DEFAULT_OUTPUT_BOUND}) times the number of choices ({@code n}) at the model's output
 * price.
 */
final class ReserveStep implements Interceptor {

  /** The output bound of a request that names none, on a model whose maximum is unknown. */
  static final long DEFAULT_OUTPUT_BOUND = 4_096;

  private static final BigDecimal MILLION = BigDecimal.valueOf(1_000_000);

  private final BudgetEngine engine;
  private final Pricer pricer;

  ReserveStep(BudgetEngine engine, Pricer pricer) {
    this.engine = engine;
    this.pricer = pricer;
  }

  @Override
  public Future<Void> before(Exchange x) {
    if (x.cacheSaved != null) {
      // Answered from the response cache: no provider call, nothing to reserve.
      return Future.succeededFuture();
    }
    long input = InputTokens.of(x, x.model);
    long choices = choices(x);
    x.estimate = estimate(x.provider.id(), x.model, x.servedModel, input, choices, x);
    BudgetRequest request =
        BudgetRequest.of(x.requestId, x.who, x.estimate)
            .withAlternatives(m -> alternative(m, input, choices, x));
    Decision decision = engine.reserve(request);
    switch (decision) {
      case Decision.Allow a -> x.reservation = a.reservation();
      case Decision.AllowCapped c -> {
        x.reservation = c.reservation();
        x.capped = true;
        // The cap is a total over the n choices; each gets its share, rounded down.
        long each = c.maxOutputTokens() / choices;
        if (each < 1) {
          engine.release(c.reservation());
          throw new ProxyException(
              402,
              "budget_exceeded",
              "budget_exceeded",
              "n",
              c.reason()
                  + ", which leaves less than one token for each of the "
                  + choices
                  + " choices",
              OptionalLong.empty());
        }
        x.request.body().put(x.request.maxTokensField(), each);
      }
      case Decision.AllowFallback f -> {
        x.reservation = f.reservation();
        x.fallbackFrom = x.servedModel;
        x.fallbackReason = f.reason();
        x.servedModel = f.model();
        if (pricer.catalog().resolve(f.model()) instanceof Resolution.Known k) {
          x.model = k.model();
        }
        x.request.body().put("model", f.model());
      }
      case Decision.Deny d -> throw denied(d, x.startedAt);
    }
    x.estimate = x.reservation.estimate();
    return Future.succeededFuture();
  }

  @Override
  public Future<Void> after(Exchange x) {
    if (x.reservation != null) {
      // Billable is the ledger's rule too, so the counters stay equal to a sum over the ledger.
      if (x.event != null && x.event.billable()) {
        engine.settle(x.reservation, new Actual(x.event.actualCost(), x.event.totalTokens()));
      } else {
        engine.release(x.reservation);
      }
    }
    String model = x.model != null ? x.model.id() : x.servedModel;
    x.budgetRemaining = engine.remainingCost(x.who, x.provider.id(), model).orElse(null);
    return Future.succeededFuture();
  }

  /** How many choices the request asks for: OpenAI's {@code n}; Anthropic has no such field. */
  static long choices(Exchange x) {
    return x.format == ApiFormat.ANTHROPIC_MESSAGES ? 1 : SamplingParams.choices(x.request.body());
  }

  /** The output bound: {@code max_tokens}, else the model's maximum, else the default. */
  static long outputBound(ModelPrice model, OptionalLong maxTokens) {
    return maxTokens.orElse(
        model != null && model.maxOutputTokens() > 0
            ? model.maxOutputTokens()
            : DEFAULT_OUTPUT_BOUND);
  }

  private Optional<Estimate> alternative(String model, long input, long choices, Exchange x) {
    if (pricer.catalog().resolve(model) instanceof Resolution.Known k) {
      return Optional.of(estimate(x.provider.id(), k.model(), model, input, choices, x));
    }
    return Optional.empty();
  }

  private Estimate estimate(
      String provider, ModelPrice model, String name, long input, long choices, Exchange x) {
    // Every one of the n choices may use the whole bound.
    long bound = Math.multiplyExact(outputBound(model, x.request.maxTokens()), choices);
    Instant at = x.startedAt;
    if (model == null) {
      // Unpriced (pricing.unknown_model: record): only token and request budgets can hold it.
      return new Estimate(provider, name, input, bound, Money.ZERO, BigDecimal.ZERO);
    }
    Usage inputOnly = Usage.builder().set(UsageKind.INPUT, input).build();
    Cost inputCost = PriceCalculator.price(model, inputOnly, PriceOptions.at(at));
    // The output price as the calculator will apply it to this very request: the long-context
    // tier its prompt falls in, the time window, the negotiated discount. Taking the base output
    // rate instead would under-reserve a request above a tier threshold.
    Usage withOutput =
        Usage.builder().set(UsageKind.INPUT, input).set(UsageKind.OUTPUT, 1_000_000).build();
    BigDecimal perToken =
        PriceCalculator.price(model, withOutput, PriceOptions.at(at))
            .exactNanos()
            .subtract(inputCost.exactNanos())
            .divide(MILLION);
    return new Estimate(provider, model.id(), input, bound, inputCost.total(), perToken);
  }

  private static ProxyException denied(Decision.Deny d, Instant now) {
    OptionalLong retry =
        d.retryAfter()
            .map(t -> OptionalLong.of(Math.max(1, ceilSeconds(Duration.between(now, t)))))
            .orElse(OptionalLong.empty());
    return new ProxyException(402, "budget_exceeded", "budget_exceeded", null, d.reason(), retry);
  }

  private static long ceilSeconds(Duration d) {
    return d.getSeconds() + (d.getNano() > 0 ? 1 : 0);
  }
}

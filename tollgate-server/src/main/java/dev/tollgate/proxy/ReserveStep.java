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
import dev.tollgate.pricing.Resolution;
import dev.tollgate.proxy.openai.SamplingParams;
import dev.tollgate.routing.Deployment;
import dev.tollgate.routing.Target;
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
 * price. The worst case is priced by the card on the exchange ({@link Exchange#model}), from the
 * request's own pricer, which {@link MeterStep} prices the actual usage by too, so a price change
 * while the request runs never splits it between two cards.
 */
final class ReserveStep implements Interceptor {

  /** The output bound of a request that names none, on a model whose maximum is unknown. */
  static final long DEFAULT_OUTPUT_BOUND = 4_096;

  private final BudgetEngine engine;

  ReserveStep(BudgetEngine engine) {
    this.engine = engine;
  }

  @Override
  public Future<Void> before(Exchange x) {
    if (x.cacheSaved != null) {
      // Answered from the response cache: no provider call, nothing to reserve.
      return Future.succeededFuture();
    }
    long input = inputTokens(x);
    x.estimate = estimate(x.provider.id(), x.model, x.pricedAs, input, x);
    BudgetRequest request =
        BudgetRequest.of(x.requestId, x.who, x.estimate)
            .withAlternatives(m -> alternative(m, input, x))
            .withChain(x.plan.stream().skip(1).map(Target::model).toList());
    Decision decision = engine.reserve(request);
    switch (decision) {
      case Decision.Allow a -> x.reservation = a.reservation();
      case Decision.AllowCapped c -> {
        x.reservation = c.reservation();
        ProxyException tooFew = cap(x, c);
        if (tooFew != null) {
          throw tooFew;
        }
      }
      case Decision.AllowFallback f -> {
        x.reservation = f.reservation();
        x.fallbackFrom = x.servedModel;
        x.fallbackReason = f.reason();
        Optional<Integer> inChain = chainTarget(x, f.model());
        if (inChain.isPresent()) {
          // The request's own chain: it goes on from that model, on its first deployment.
          x.plan = x.plan.subList(inChain.get(), x.plan.size());
          x.use(x.plan.getFirst().deployments().getFirst());
        } else {
          x.servedModel = f.model();
          x.pricedAs = f.model();
          if (x.pricer.catalog().resolve(f.model()) instanceof Resolution.Known k) {
            x.model = k.model();
          }
        }
        x.request.body().put("model", x.servedModel);
      }
      case Decision.Deny d -> {
        x.deniedBy = d.budgetId();
        throw denied(d, x.startedAt);
      }
    }
    x.estimate = x.reservation.estimate();
    x.reservedFor = x.reservationKey();
    return Future.succeededFuture();
  }

  /**
   * Moves the reservation to the deployment {@link Exchange#use} has just set, when its provider or
   * price card differs from the one reserved for: the old hold is released, then the new worst case
   * is reserved all-or-nothing in the budgets that apply to it (no budget fallback: the route
   * already decided the model). On a denial nothing is held any more.
   *
   * @return null if a reservation for the deployment is held, else the denial to answer
   */
  ProxyException move(Exchange x) {
    String key = x.reservationKey();
    if (key.equals(x.reservedFor)) {
      return null;
    }
    engine.release(x.reservation);
    x.reservedFor = null;
    Estimate e = estimate(x.provider.id(), x.model, x.pricedAs, inputTokens(x), x);
    Decision decision = engine.reserve(BudgetRequest.of(x.requestId, x.who, e));
    switch (decision) {
      case Decision.Allow a -> x.reservation = a.reservation();
      case Decision.AllowCapped c -> {
        x.reservation = c.reservation();
        ProxyException tooFew = cap(x, c);
        if (tooFew != null) {
          return tooFew;
        }
      }
      // Unreachable: a request without alternatives has no model to fall back to.
      case Decision.AllowFallback f -> x.reservation = f.reservation();
      case Decision.Deny d -> {
        x.deniedBy = d.budgetId();
        return denied(d, x.startedAt);
      }
    }
    x.estimate = x.reservation.estimate();
    x.reservedFor = key;
    return null;
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

  /**
   * Writes a budget's cap on the output into the body: the cap is a total over the {@code n}
   * choices, so each gets its share, rounded down. A share below one token releases the reservation
   * and is the denial returned; null when the cap is written.
   */
  private ProxyException cap(Exchange x, Decision.AllowCapped c) {
    x.capped = true;
    long choices = choices(x);
    long each = c.maxOutputTokens() / choices;
    if (each >= 1) {
      x.request.body().put(x.request.maxTokensField(), each);
      return null;
    }
    engine.release(c.reservation());
    x.reservation = null;
    return new ProxyException(
        402,
        "budget_exceeded",
        "budget_exceeded",
        "n",
        c.reason() + ", which leaves less than one token for each of the " + choices + " choices",
        OptionalLong.empty());
  }

  /** The input tokens of the request, as {@link InputTokens} counted them once. */
  static long inputTokens(Exchange x) {
    return InputTokens.of(x, x.model);
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

  /**
   * The index of the chain's model (after the first) that an estimate for {@code model} was made
   * for: by its name, or by the price card of its first deployment.
   */
  private static Optional<Integer> chainTarget(Exchange x, String model) {
    for (int i = 1; i < x.plan.size(); i++) {
      Target t = x.plan.get(i);
      if (!t.deployments().isEmpty()
          && (t.model().equals(model) || estimatedAs(t.deployments().getFirst()).equals(model))) {
        return Optional.of(i);
      }
    }
    return Optional.empty();
  }

  /** The model name an estimate for {@code d} carries. */
  private static String estimatedAs(Deployment d) {
    return d.price() != null ? d.price().id() : d.pricedAs();
  }

  private Optional<Estimate> alternative(String model, long input, Exchange x) {
    for (Target t : x.plan) {
      if (t.model().equals(model) && !t.deployments().isEmpty()) {
        // A model of the request's own chain: priced as its first deployment.
        Deployment d = t.deployments().getFirst();
        return Optional.of(estimate(d.provider().id(), d.price(), d.pricedAs(), input, x));
      }
    }
    if (x.pricer.catalog().resolve(model) instanceof Resolution.Known k) {
      return Optional.of(estimate(x.provider.id(), k.model(), model, input, x));
    }
    return Optional.empty();
  }

  private Estimate estimate(
      String provider, ModelPrice model, String name, long input, Exchange x) {
    // Every one of the n choices may use the whole bound.
    long bound = Math.multiplyExact(outputBound(model, x.request.maxTokens()), choices(x));
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
            .movePointLeft(6); // exactly a millionth, without a division
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

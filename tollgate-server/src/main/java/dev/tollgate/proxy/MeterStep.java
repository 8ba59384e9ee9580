package dev.tollgate.proxy;

import dev.tollgate.ledger.LedgerWriter;
import dev.tollgate.ledger.UsageEvent;
import dev.tollgate.money.Money;
import dev.tollgate.pricing.PriceCalculator;
import dev.tollgate.pricing.PriceOptions;
import dev.tollgate.usage.Usage;
import dev.tollgate.usage.UsageExtractor;
import dev.tollgate.usage.UsageFormatException;
import dev.tollgate.usage.UsageKind;
import io.vertx.core.Context;
import io.vertx.core.Future;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * After the call: reads the usage from the provider's answer, prices it at the request's start time
 * on the card its reservation was made for ({@link Exchange#model}, from the request's own pricer),
 * and appends the event to the ledger. The way back waits until the event is durable, so no client
 * sees an answer the ledger could lose; the wait hops back to the request's Vert.x context and
 * never blocks it.
 */
final class MeterStep implements Interceptor {

  private final LedgerWriter writer;

  MeterStep(LedgerWriter writer) {
    this.writer = writer;
  }

  @Override
  public Future<Void> after(Exchange x) {
    Money estimated = x.estimate == null ? Money.ZERO : x.estimate.worstCost();
    Usage usage = Usage.NONE;
    Money actual = Money.ZERO;
    UsageEvent.CostState state = UsageEvent.CostState.EXACT;
    UsageEvent.Outcome outcome = UsageEvent.Outcome.ERROR;
    if (x.cacheSaved != null && x.failure() == null) {
      // Served from the response cache: the usage the answer reports, $0, the original's cost
      // saved. Not billable, so no budget counts it.
      outcome = UsageEvent.Outcome.CACHE_HIT;
      usage = cachedUsage(x);
    } else if (x.failure() == null && x.response != null && x.response.ok()) {
      outcome = UsageEvent.Outcome.SUCCESS;
      try {
        usage =
            x.nativeUsage != null
                ? UsageExtractor.of(x.nativeUsage.format()).fromUsage(x.nativeUsage.usage())
                : UsageExtractor.of(x.format).fromResponse(x.response.body());
        if (x.model != null) {
          actual = cost(x, usage);
        } else {
          state = UsageEvent.CostState.UNPRICED;
        }
      } catch (UsageFormatException e) {
        // An answer without a readable usage is charged its worst case rather than nothing.
        actual = estimated;
        state = UsageEvent.CostState.ESTIMATED;
      }
    } else if (x.streaming && x.estimate != null) {
      // A stream cut off before its usage chunk (the client left, or the upstream failed): the
      // provider bills the prompt and what it generated, so recording $0 would be the classic
      // metering bug. Bill the input estimate and the text relayed, marked as estimated.
      outcome =
          x.out != null && x.out.closed() ? UsageEvent.Outcome.CANCELLED : UsageEvent.Outcome.ERROR;
      usage = cutStreamUsage(x);
      state = UsageEvent.CostState.ESTIMATED;
      if (x.model != null) {
        actual = cost(x, usage);
      }
    }
    x.event =
        new UsageEvent(
            x.requestId,
            x.startedAt,
            x.who,
            x.provider.id(),
            x.request.model(),
            x.model != null ? x.model.id() : x.servedModel,
            usage,
            estimated,
            actual,
            state,
            TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - x.startNanos),
            outcome,
            x.fallbackFrom,
            x.fallbackReason,
            UsageEvent.Origin.GATEWAY,
            x.cacheSaved != null ? x.cacheSaved : Money.ZERO,
            x.prefix);
    CompletableFuture<Void> durable = writer.append(x.event);
    if (durable.isDone() && !durable.isCompletedExceptionally()) {
      // Journaled (ADR 0007): go on at once rather than through a task on the event loop.
      x.eventDurable = true;
      return Future.succeededFuture();
    }
    Context context = io.vertx.core.Vertx.currentContext();
    return Future.fromCompletionStage(durable.thenRun(() -> x.eventDurable = true), context);
  }

  /** What {@code usage} costs on the request's card, at its start. */
  private static Money cost(Exchange x, Usage usage) {
    return PriceCalculator.price(x.model, usage, PriceOptions.at(x.startedAt)).total();
  }

  /** The usage a cached answer reports; a stored answer always had one, so none is no usage. */
  private static Usage cachedUsage(Exchange x) {
    try {
      return UsageExtractor.of(x.format).fromResponse(x.response.body());
    } catch (UsageFormatException e) {
      return Usage.NONE;
    }
  }

  /**
   * The usage of a stream cut before its end: the last usage it reported (Anthropic's input and
   * cache counts arrive first), else the input estimate; and as output the larger of what it
   * reported and the text relayed, four characters a token.
   */
  private static Usage cutStreamUsage(Exchange x) {
    long relayed = (x.streamedChars + 3) / 4;
    if (x.streamedUsage != null) {
      try {
        Usage seen = UsageExtractor.of(x.format).fromResponse(x.streamedUsage);
        long more = relayed - seen.count(UsageKind.OUTPUT);
        return more > 0 ? seen.plus(Usage.builder().set(UsageKind.OUTPUT, more).build()) : seen;
      } catch (UsageFormatException e) {
        // Unreadable: the estimate below is all there is.
      }
    }
    return Usage.builder()
        .set(UsageKind.INPUT, x.estimate.inputTokens())
        .set(UsageKind.OUTPUT, relayed)
        .build();
  }
}

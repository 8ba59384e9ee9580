package dev.tollgate.proxy;

import dev.tollgate.ledger.LedgerWriter;
import dev.tollgate.ledger.UsageEvent;
import dev.tollgate.money.Money;
import dev.tollgate.usage.Usage;
import io.vertx.core.Future;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Records a request that a budget denied as a {@link UsageEvent.Outcome#DENIED} ledger event, so
 * reports can count denials by key, team or budget. It sits just before the reservation step: when
 * that step refuses, this step's after-half is the first to run on the way back. A denied event is
 * never billable, so it changes no budget counter, live or rebuilt.
 */
final class DenialStep implements Interceptor {

  private static final Logger LOG = LoggerFactory.getLogger(DenialStep.class);

  /** HTTP status of a budget denial. */
  static final int DENIED = 402;

  private final LedgerWriter writer;

  DenialStep(LedgerWriter writer) {
    this.writer = writer;
  }

  @Override
  public Future<Void> after(Exchange x) {
    if (!(x.failure() instanceof ProxyException p) || p.status() != DENIED || x.event != null) {
      return Future.succeededFuture();
    }
    UsageEvent denied =
        new UsageEvent(
            x.requestId,
            x.startedAt,
            x.who,
            x.provider == null ? "" : x.provider.id(),
            x.request.model(),
            x.model != null ? x.model.id() : x.servedModel,
            Usage.NONE,
            x.estimate == null ? Money.ZERO : x.estimate.worstCost(),
            Money.ZERO,
            UsageEvent.CostState.EXACT,
            TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - x.startNanos),
            UsageEvent.Outcome.DENIED,
            "",
            "",
            UsageEvent.Origin.GATEWAY);
    // Nothing was spent, so the answer need not wait for the disk; a full queue loses only a count.
    writer
        .append(denied)
        .whenComplete(
            (v, e) -> {
              if (e != null) {
                LOG.warn("denied request {} not recorded: {}", x.requestId, e.toString());
              }
            });
    return Future.succeededFuture();
  }
}

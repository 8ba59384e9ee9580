package dev.tollgate.proxy;

import dev.tollgate.ledger.UsageEvent;
import dev.tollgate.metrics.Metrics;
import dev.tollgate.usage.Usage;
import io.vertx.core.Future;
import java.util.Locale;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The first step of every metered chain, so its way back runs last and for every request, however
 * it ended: tells {@link Metrics} what happened. Its labels come from the configuration and the
 * catalog only (the served provider's id, the catalog model's id), never from the client's text.
 */
final class MetricsStep implements Interceptor {

  private static final Logger LOG = LoggerFactory.getLogger(MetricsStep.class);

  private final Metrics metrics;

  MetricsStep(Metrics metrics) {
    this.metrics = metrics;
  }

  @Override
  public Future<Void> after(Exchange x) {
    if (!metrics.enabled()) {
      return Future.succeededFuture();
    }
    try {
      metrics.request(sample(x));
    } catch (RuntimeException e) {
      // Metrics never fail a request.
      LOG.warn("request {}: metrics not recorded: {}", x.requestId, e.toString());
    }
    return Future.succeededFuture();
  }

  static Metrics.Sample sample(Exchange x) {
    int status = status(x);
    UsageEvent event = x.event;
    boolean counted = event != null && x.eventDurable;
    return new Metrics.Sample(
        x.endpoint,
        x.provider != null ? x.provider.id() : Metrics.NONE,
        x.model != null ? x.model.id() : x.provider != null ? Metrics.OTHER : Metrics.NONE,
        outcome(x, status),
        (status / 100) + "xx",
        System.nanoTime() - x.startNanos,
        x.upstreamNanos,
        x.firstByteNanos,
        counted ? event.usage() : Usage.NONE,
        counted ? event.actualCost().nanos() : 0,
        x.failedAttempts,
        !x.fallbackFrom.isEmpty(),
        x.deniedBy,
        x.cacheKey == null ? null : x.cacheSaved != null ? "hit" : "miss");
  }

  /** The status the client is answered, as the endpoints' answers decide it. */
  private static int status(Exchange x) {
    Throwable failure = x.failure();
    if (x.streaming) {
      return 200;
    }
    if (failure instanceof ProxyException p) {
      return p.status();
    }
    if (failure != null) {
      return 502;
    }
    if (x.response != null) {
      // An upstream 500 is answered 502; both are 5xx.
      return x.response.status();
    }
    return 200;
  }

  private static String outcome(Exchange x, int status) {
    if (x.deniedBy != null) {
      return "denied";
    }
    if (x.event != null) {
      return x.event.outcome().name().toLowerCase(Locale.ROOT);
    }
    if (x.failure() instanceof ProxyException p) {
      return switch (p.status()) {
        case 402 -> "denied";
        case 429 -> "rate_limited";
        default -> status < 500 ? "rejected" : "error";
      };
    }
    return "error";
  }
}

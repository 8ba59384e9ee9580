package dev.tollgate.proxy;

import dev.tollgate.provider.ProviderResponse;
import dev.tollgate.routing.Backoff;
import dev.tollgate.routing.Deployment;
import dev.tollgate.routing.Router;
import dev.tollgate.routing.Target;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Calls the provider along the exchange's route. A retryable failure (no answer, a timeout, 429 or
 * 5xx) is retried on the same deployment up to {@code routing.retries} times with backoff, then the
 * next deployment of the model is tried, then the next model of its fallback chain. A deployment
 * whose breaker is open is skipped. Nothing is retried once a byte of a stream reached the client,
 * and a 4xx other than 429 (the request's own fault) is answered as it came. Moving to a deployment
 * with another provider or price card moves the budget reservation ({@link ReserveStep#move}). When
 * every attempt failed, the last upstream answer (or failure) is answered.
 */
final class Attempts {

  private static final Logger LOG = LoggerFactory.getLogger(Attempts.class);

  private final Router router;
  private final ReserveStep reserve;
  private final Interceptor check;
  private final Backoff backoff;

  /**
   * Attempts along {@code router}'s routes, moving reservations with {@code reserve}, checking
   * every deployment moved to with the endpoint's synchronous {@code check} (null for none).
   */
  Attempts(Router router, ReserveStep reserve, Interceptor check, Backoff backoff) {
    this.router = router;
    this.reserve = reserve;
    this.check = check;
    this.backoff = backoff;
  }

  /**
   * Runs {@code call} (one upstream call for the deployment set on the exchange) along the route.
   */
  Future<Void> run(Exchange x, Function<Exchange, Future<Void>> call) {
    if (!x.fallbackFrom.isEmpty() && !serves(x.plan.getFirst(), x)) {
      // A budget's fallback_models moved the request to a model outside its chain: that model's
      // own route applies from here.
      x.plan = router.plan(x.servedModel, x.pricer);
    }
    return new Run(x, call).next();
  }

  /** One request's walk along its route. */
  private final class Run {
    private final Exchange x;
    private final Function<Exchange, Future<Void>> call;
    private final List<Target> plan;
    private int target;
    private int deployment;
    private Object last;
    private ProxyException denial;
    private Instant reopens;

    Run(Exchange x, Function<Exchange, Future<Void>> call) {
      this.x = x;
      this.call = call;
      this.plan = x.plan;
    }

    Future<Void> next() {
      while (target < plan.size()) {
        Target t = plan.get(target);
        if (deployment >= t.deployments().size()) {
          target++;
          deployment = 0;
          continue;
        }
        Deployment d = t.deployments().get(deployment++);
        if (!d.breaker().tryAcquire()) {
          d.breaker().refusesUntil().ifPresent(this::noteReopen);
          continue;
        }
        x.use(d);
        ProxyException denied = checkMoved(x);
        if (denied == null) {
          denied = reserve.move(x);
        }
        if (denied != null) {
          d.breaker().abandon();
          denial = denied;
          continue;
        }
        if (target > 0) {
          markFallback(t);
        }
        return attempt(d, 0);
      }
      return finish();
    }

    private Future<Void> attempt(Deployment d, int retry) {
      x.response = null;
      long started = System.nanoTime();
      Future<Void> result;
      try {
        result = call.apply(x);
      } catch (RuntimeException e) {
        result = Future.failedFuture(e);
      }
      return result.transform(
          done -> {
            x.upstreamNanos += System.nanoTime() - started;
            Throwable e = done.failed() ? done.cause() : null;
            if (!retryable(e)) {
              settleBreaker(d, e);
              return e == null ? Future.succeededFuture() : Future.failedFuture(e);
            }
            d.breaker().failure();
            x.failedAttempts++;
            last = e != null ? e : x.response;
            LOG.info(
                "request {}: deployment {} failed ({}), attempt {}",
                x.requestId,
                d.name(),
                describe(last),
                retry + 1);
            if (retry >= router.settings().retries()) {
              return next();
            }
            Optional<Duration> asked =
                x.response != null ? x.response.retryAfter() : Optional.empty();
            return sleep(backoff.delay(retry, asked))
                .compose(v -> d.breaker().tryAcquire() ? attempt(d, retry + 1) : next());
          });
    }

    /** The endpoint's check of a deployment other than the one the chain checked, if it fails. */
    private ProxyException checkMoved(Exchange x) {
      if (check == null || (target == 0 && deployment == 1)) {
        return null;
      }
      try {
        check.before(x);
        return null;
      } catch (ProxyException e) {
        return e;
      }
    }

    /** Whether the outcome is an upstream failure worth another attempt. */
    private boolean retryable(Throwable e) {
      if (x.streaming || (x.out != null && x.out.closed())) {
        return false;
      }
      if (e != null) {
        // No answer: an adapter's 502/503/504 (refused, unreachable, timed out), or an I/O error.
        return (e instanceof ProxyException p && p.status() >= 502 && p.status() <= 504)
            || e instanceof java.io.IOException;
      }
      int status = x.response == null ? 0 : x.response.status();
      return status == 429 || status >= 500;
    }

    /** A call that is not retried still tells the breaker what it learnt. */
    private void settleBreaker(Deployment d, Throwable e) {
      if (e == null) {
        d.breaker().success(); // a 2xx, or a 4xx the upstream gave: it is up
      } else if (x.streaming && !(x.out != null && x.out.closed())) {
        d.breaker().failure(); // the stream broke off upstream
      } else {
        d.breaker().abandon();
      }
    }

    private void markFallback(Target t) {
      String reason =
          "routed from "
              + plan.getFirst().model()
              + " to "
              + t.model()
              + " after "
              + x.failedAttempts
              + " failed attempts (last: "
              + describe(last)
              + ")";
      if (x.fallbackFrom.isEmpty()) {
        x.fallbackFrom = plan.getFirst().model();
        x.fallbackReason = reason;
      } else {
        x.fallbackReason = x.fallbackReason + "; then " + reason;
      }
    }

    private Future<Void> finish() {
      if (last instanceof ProviderResponse r) {
        x.response = r;
        return Future.succeededFuture();
      }
      if (last instanceof Throwable e) {
        return Future.failedFuture(e);
      }
      if (denial != null) {
        return Future.failedFuture(denial);
      }
      return Future.failedFuture(unavailable());
    }

    private ProxyException unavailable() {
      OptionalLong retry = OptionalLong.empty();
      if (reopens != null) {
        Duration wait = Duration.between(router.clock().instant(), reopens);
        retry = OptionalLong.of(Math.max(1, wait.getSeconds() + (wait.getNano() > 0 ? 1 : 0)));
      }
      return new ProxyException(
          503,
          "upstream_error",
          "upstream_unavailable",
          null,
          "Every deployment of '"
              + x.request.model()
              + "' and its fallbacks is unavailable: their circuit breakers are open after"
              + " repeated upstream failures (see GET /healthz).",
          retry);
    }

    private void noteReopen(Instant at) {
      if (reopens == null || at.isBefore(reopens)) {
        reopens = at;
      }
    }
  }

  /** Whether the deployment the exchange is set to is one of {@code t}'s. */
  private static boolean serves(Target t, Exchange x) {
    return t.deployments().stream()
        .anyMatch(d -> d.provider() == x.provider && d.pricedAs().equals(x.pricedAs));
  }

  private static String describe(Object outcome) {
    return outcome instanceof ProviderResponse r
        ? "upstream " + r.status()
        : outcome instanceof Throwable e ? e.getMessage() : "none";
  }

  private static Future<Void> sleep(Duration delay) {
    Promise<Void> slept = Promise.promise();
    Vertx vertx = Vertx.currentContext().owner();
    vertx.setTimer(Math.max(1, delay.toMillis()), id -> slept.complete());
    return slept.future();
  }
}

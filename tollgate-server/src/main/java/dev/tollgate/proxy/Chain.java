package dev.tollgate.proxy;

import io.vertx.core.Future;
import java.util.List;
import java.util.function.Function;

/**
 * Walks the interceptors out to the provider call and back. The returned future always succeeds,
 * once every {@code after} has run; the first failure on the way is in {@link Exchange#failure()}.
 */
public final class Chain {

  private final List<Interceptor> steps;
  private final Function<Exchange, Future<Void>> call;

  /** A chain of {@code steps} around {@code call}. */
  public Chain(List<Interceptor> steps, Function<Exchange, Future<Void>> call) {
    this.steps = List.copyOf(steps);
    this.call = call;
  }

  /** Runs {@code exchange} through the chain. */
  public Future<Void> run(Exchange exchange) {
    return from(0, exchange);
  }

  // A step's future is usually complete when it returns (its work ran on the event loop), so each
  // level goes on at once instead of through transform/compose/recover: three futures and three
  // lambdas a step, about 3% of the event loops' samples at saturation (docs/BENCHMARKS.md, fourth
  // pass). A step that really waits takes the future's path; the order is the same on both.
  private Future<Void> from(int i, Exchange x) {
    if (i == steps.size()) {
      Future<Void> called = guard(() -> call.apply(x));
      return called.isComplete() ? settled(x, called) : called.recover(e -> record(x, e));
    }
    Interceptor step = steps.get(i);
    Future<Void> before = guard(() -> step.before(x));
    if (before.isComplete()) {
      return before.failed() ? record(x, before.cause()) : inward(i, x, step);
    }
    return before.transform(b -> b.failed() ? record(x, b.cause()) : inward(i, x, step));
  }

  /** The rest of the chain after {@code step}'s way in, then its way back. */
  private Future<Void> inward(int i, Exchange x, Interceptor step) {
    Future<Void> rest = from(i + 1, x);
    if (rest.isComplete()) {
      return rest.failed() ? record(x, rest.cause()) : back(x, step);
    }
    return rest.transform(r -> r.failed() ? record(x, r.cause()) : back(x, step));
  }

  /** {@code step}'s way back; its failure is recorded, never passed on. */
  private static Future<Void> back(Exchange x, Interceptor step) {
    Future<Void> after = guard(() -> step.after(x));
    return after.isComplete() ? settled(x, after) : after.recover(e -> record(x, e));
  }

  /** A complete {@code future}, its failure recorded. */
  private static Future<Void> settled(Exchange x, Future<Void> future) {
    return future.failed() ? record(x, future.cause()) : future;
  }

  /** Turns a thrown exception into a failed future, so a step's bug cannot skip the way back. */
  private static Future<Void> guard(java.util.function.Supplier<Future<Void>> step) {
    try {
      return step.get();
    } catch (RuntimeException e) {
      return Future.failedFuture(e);
    }
  }

  private static Future<Void> record(Exchange x, Throwable e) {
    x.fail(e);
    return Future.succeededFuture();
  }
}

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

  private Future<Void> from(int i, Exchange x) {
    if (i == steps.size()) {
      return guard(() -> call.apply(x)).recover(e -> record(x, e));
    }
    Interceptor step = steps.get(i);
    return guard(() -> step.before(x))
        .transform(
            before -> {
              if (before.failed()) {
                return record(x, before.cause());
              }
              return from(i + 1, x)
                  .compose(v -> guard(() -> step.after(x)))
                  .recover(e -> record(x, e));
            });
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

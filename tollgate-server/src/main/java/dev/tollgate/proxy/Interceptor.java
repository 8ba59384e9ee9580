package dev.tollgate.proxy;

import io.vertx.core.Future;

/**
 * One step of the request path. {@link Chain} calls {@link #before} in order on the way to the
 * provider and {@link #after} in reverse on the way back, for every step whose {@code before}
 * succeeded, even when a later step or the provider call failed ({@link Exchange#failure()} says
 * why). A {@code before} that fails cleans up after itself. Both default to passing the call on.
 */
public interface Interceptor {

  /** Works on the request; a failed future ends the way out. */
  default Future<Void> before(Exchange exchange) {
    return Future.succeededFuture();
  }

  /** Works on the result; a failed future is recorded but the remaining steps still run. */
  default Future<Void> after(Exchange exchange) {
    return Future.succeededFuture();
  }
}

package dev.tollgate.provider.http;

import io.vertx.core.Vertx;
import java.util.concurrent.TimeUnit;

/**
 * Fails a stream whose upstream stays silent longer than its timeout. The HTTP client's idle
 * timeout covers only the wait for the response's head, so a stream that stalls after its first
 * chunk would otherwise hold its connection, and its budget reservation, for ever. Each piece of
 * data only notes the time; one timer checks it, so a chunk costs no timer of its own. Used on one
 * Vert.x context only.
 */
final class IdleWatch {

  private final Vertx vertx;
  private final long timeoutNanos;
  private final Runnable onSilence;
  private long last;
  private long timer = -1;

  /** Watches from now; {@code onSilence} runs once, on the timer's context, if it fires. */
  IdleWatch(Vertx vertx, long timeoutMillis, Runnable onSilence) {
    this.vertx = vertx;
    this.timeoutNanos = TimeUnit.MILLISECONDS.toNanos(timeoutMillis);
    this.onSilence = onSilence;
    resume();
  }

  /** The upstream sent something. */
  void heard() {
    last = System.nanoTime();
  }

  /** Stops watching: the stream ended, or the gateway paused it (silence is then its own). */
  void stop() {
    if (timer >= 0) {
      vertx.cancelTimer(timer);
      timer = -1;
    }
  }

  /** Watches again from now. */
  void resume() {
    stop();
    heard();
    schedule(timeoutNanos);
  }

  private void schedule(long nanos) {
    timer = vertx.setTimer(Math.max(1, TimeUnit.NANOSECONDS.toMillis(nanos)), t -> check());
  }

  private void check() {
    long silent = System.nanoTime() - last;
    if (silent >= timeoutNanos) {
      timer = -1;
      onSilence.run();
    } else {
      schedule(timeoutNanos - silent);
    }
  }
}

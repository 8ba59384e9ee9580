package dev.tollgate.bench.ledger;

import dev.tollgate.ledger.Attribution;
import dev.tollgate.ledger.LedgerStore;
import dev.tollgate.ledger.UsageEvent;
import dev.tollgate.money.Money;
import dev.tollgate.usage.Usage;
import dev.tollgate.usage.UsageKind;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Appends one event every 10 ms while a purge runs, as the gateway's ledger writer would under
 * light traffic, and keeps the longest append: how long a request's durable event waited for the
 * purge.
 */
final class PurgeProbe implements AutoCloseable {

  private final LedgerStore ledger;
  private final Instant at;
  private final AtomicBoolean running = new AtomicBoolean(true);
  private final Thread thread;
  private long appends;
  private long longestNanos;

  PurgeProbe(LedgerStore ledger, Instant at) {
    this.ledger = ledger;
    this.at = at;
    this.thread = Thread.ofPlatform().name("purge-probe").start(this::run);
  }

  private void run() {
    Usage usage = Usage.builder().set(UsageKind.INPUT, 100).set(UsageKind.OUTPUT, 20).build();
    Attribution who = new Attribution("key-0000", "user-000", "", "team-000", "", "", List.of());
    while (running.get()) {
      UsageEvent e =
          new UsageEvent(
              UUID.randomUUID().toString(),
              at,
              who,
              "openai",
              "gpt-4o",
              "gpt-4o",
              usage,
              Money.ofNanos(1_000),
              Money.ofNanos(1_000),
              UsageEvent.CostState.EXACT,
              100,
              UsageEvent.Outcome.SUCCESS,
              "",
              "",
              UsageEvent.Origin.GATEWAY);
      long t0 = System.nanoTime();
      ledger.append(List.of(e));
      longestNanos = Math.max(longestNanos, System.nanoTime() - t0);
      appends++;
      try {
        Thread.sleep(10);
      } catch (InterruptedException ie) {
        return;
      }
    }
  }

  /** Stops appending; then {@link #appends} and {@link #longestMs} are final. */
  @Override
  public void close() throws InterruptedException {
    running.set(false);
    thread.join();
  }

  long appends() {
    return appends;
  }

  double longestMs() {
    return longestNanos / 1e6;
  }
}

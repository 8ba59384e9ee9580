package dev.tollgate.store.sqlite;

import dev.tollgate.ledger.LedgerJournal;
import dev.tollgate.ledger.LedgerWriter;
import dev.tollgate.store.Store;
import java.io.BufferedOutputStream;
import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.time.InstantSource;
import java.util.Random;
import java.util.concurrent.Semaphore;

/**
 * The process {@link LedgerCrashIT} kills: appends events through a {@link LedgerWriter} as fast as
 * it can and prints each id to stdout only once its future has completed, that is once the event is
 * durable. Runs until killed.
 *
 * <p>Usage: {@code LedgerCrashChild <data-dir> [journal]}; with {@code journal} the writer journals
 * every event first, so an id is printed once it is journaled, before the SQLite commit.
 */
public final class LedgerCrashChild {

  private LedgerCrashChild() {}

  public static void main(String[] args) throws InterruptedException {
    Store store = Store.openSqlite(Path.of(args[0]), InstantSource.system());
    LedgerWriter writer =
        args.length > 1 && args[1].equals("journal")
            ? new LedgerWriter(
                store.ledger(), LedgerJournal.open(Path.of(args[0], "ledger-journal"), 1 << 20))
            : new LedgerWriter(store.ledger());
    PrintStream out =
        new PrintStream(
            new BufferedOutputStream(new FileOutputStream(FileDescriptor.out), 1 << 16),
            false,
            StandardCharsets.UTF_8);
    Thread.ofPlatform()
        .daemon(true)
        .start(
            () -> {
              while (true) {
                synchronized (out) {
                  out.flush();
                }
                try {
                  Thread.sleep(2);
                } catch (InterruptedException e) {
                  return;
                }
              }
            });
    // Stay well under the writer's queue capacity, so no append is refused.
    Semaphore inFlight = new Semaphore(20_000);
    Random random = new Random();
    Instant base = Instant.parse("2026-03-01T10:00:00Z");
    for (long n = 0; ; n++) {
      inFlight.acquire();
      String id = "crash-" + n;
      // One event per 7 s of simulated time: a few thousand events span several hourly buckets.
      Instant time = base.plusMillis(n * 7_000 + random.nextInt(7_000));
      writer
          .append(LedgerFixtures.randomEvent(random, id, time))
          .whenComplete(
              (ok, failure) -> {
                inFlight.release();
                if (failure == null) {
                  synchronized (out) {
                    out.println(id);
                  }
                } else {
                  System.err.println(id + " failed: " + failure);
                }
              });
    }
  }
}

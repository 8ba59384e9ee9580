package dev.tollgate.ledger;

import dev.tollgate.ledger.JournalHandoff.Pending;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;

/**
 * Group commit in front of a {@link LedgerStore}: callers hand entries over without waiting for the
 * disk, and one writer thread appends whatever has queued up in a single store transaction. One
 * fsync then makes a whole batch durable, so the store's cost per entry falls as load rises.
 *
 * <p>{@link #append} never blocks: it enqueues and returns a future that completes once the entry's
 * batch is durable, or completes exceptionally when the store failed that batch (every entry of the
 * batch fails with the same cause; nothing is retried, the caller decides). When the queue is full,
 * {@code append} fails at once rather than let memory grow without bound.
 *
 * <p>Futures are completed on the writer thread. A stage chained with {@code thenRun} and friends
 * runs there too and delays the next batch; hand longer work to an executor ({@code thenRunAsync}).
 */
public final class LedgerWriter implements AutoCloseable {

  /** Entries per store call, at most: 1,000 keeps a transaction to a few milliseconds. */
  public static final int DEFAULT_MAX_BATCH = 1_000;

  /**
   * How long the writer waits for more entries before it writes a batch that is not full: not at
   * all. Batching needs no wait: the entries that arrive while one batch is being committed form
   * the next, so batches grow with the load by themselves. A linger only adds its whole length to
   * the latency of every request below saturation: 2 ms (the former default) is about 16 times an
   * fsync on the bench machine (0.12 ms p50), and the request's client waits for it.
   */
  public static final Duration DEFAULT_MAX_DELAY = Duration.ZERO;

  /**
   * The linger of a journaled writer: 10 ms. Nobody waits for its commits (the answer went once the
   * entry was journaled), so it trades nothing for fewer, larger transactions: at 1,000 rps a
   * commit per event (and its fsync) took a third of a core of the two the bench machine has,
   * competing with the requests themselves (docs/BENCHMARKS.md). It bounds what a power cut can
   * lose, with the commit's own time, and how long an admin read waits for {@link #flushed}.
   */
  public static final Duration JOURNALED_MAX_DELAY = Duration.ofMillis(10);

  /** Entries queued, at most: about two seconds of appends at the 50,000/s the store sustains. */
  public static final int DEFAULT_CAPACITY = 100_000;

  /** How often an idle writer looks whether it was closed. */
  private static final long IDLE_POLL_NANOS = TimeUnit.MILLISECONDS.toNanos(20);

  private final LedgerStore store;
  private final JournalHandoff journal;
  private final int maxBatch;
  private final long maxDelayNanos;
  private final BlockingQueue<Pending> queue;

  /** The entries of the batch the writer is lingering over, for an append to see it full. */
  private volatile int inBatch;

  private final Thread thread;
  private final AtomicLong batches = new AtomicLong();
  private final AtomicLong entries = new AtomicLong();
  private final AtomicLong failedBatches = new AtomicLong();
  // Entries queued so far, and (written by the writer thread only) entries it has handed to the
  // store: when they are equal, flushed() has nothing to wait for and queues no marker.
  private final AtomicLong queuedEntries = new AtomicLong();
  private volatile long handledEntries;
  private volatile int lastBatchSize;
  private volatile Observer observer = Observer.NONE;
  private volatile boolean closed;
  // Set by the writer thread once it takes nothing more from its loop; see append().
  private volatile boolean draining;

  /** A writer over {@code store} with the default batch size, delay and capacity. */
  public LedgerWriter(LedgerStore store) {
    this(store, null, DEFAULT_MAX_BATCH, DEFAULT_MAX_DELAY, DEFAULT_CAPACITY);
  }

  /**
   * A writer over {@code store} that journals every entry first (ADR 0007): {@link #append} then
   * completes as soon as the entry is in {@code journal}, and the writer owns and closes it.
   */
  public LedgerWriter(LedgerStore store, LedgerJournal journal) {
    this(
        store,
        Objects.requireNonNull(journal, "journal"),
        DEFAULT_MAX_BATCH,
        JOURNALED_MAX_DELAY,
        DEFAULT_CAPACITY);
  }

  /**
   * A writer over {@code store}; starts its thread at once.
   *
   * @param maxBatch entries per store call, at most
   * @param maxDelay how long to wait for more entries once one has arrived
   * @param capacity entries queued at most before {@link #append} refuses more
   * @throws IllegalArgumentException if a number is not positive or the delay is negative
   */
  public LedgerWriter(LedgerStore store, int maxBatch, Duration maxDelay, int capacity) {
    this(store, null, maxBatch, maxDelay, capacity);
  }

  private LedgerWriter(
      LedgerStore store, LedgerJournal journal, int maxBatch, Duration maxDelay, int capacity) {
    this.store = Objects.requireNonNull(store, "store");
    this.journal = new JournalHandoff(journal);
    if (maxBatch < 1) {
      throw new IllegalArgumentException("maxBatch must be positive: " + maxBatch);
    }
    if (maxDelay.isNegative()) {
      throw new IllegalArgumentException("maxDelay must not be negative: " + maxDelay);
    }
    if (capacity < 1) {
      throw new IllegalArgumentException("capacity must be positive: " + capacity);
    }
    this.maxBatch = maxBatch;
    this.maxDelayNanos = maxDelay.toNanos();
    this.queue = new LinkedBlockingQueue<>(capacity);
    // Daemon: an idle writer must not keep the JVM alive; close() is what flushes on shutdown.
    this.thread = Thread.ofPlatform().name("tollgate-ledger-writer").daemon(true).start(this::run);
  }

  /**
   * Queues {@code entry} for the next batch; with a journal, writes it there first.
   *
   * @return a future completed when the entry is durable: journaled (then at once), or else
   *     committed by the store (or already in the ledger); completed exceptionally if its batch
   *     failed (without a journal; a journaled entry the store failed stays in the journal and is
   *     replayed at the next start), the queue is full or the writer is closed
   */
  public CompletableFuture<Void> append(LedgerEntry entry) {
    Objects.requireNonNull(entry, "entry");
    if (closed) {
      return CompletableFuture.failedFuture(
          new IllegalStateException("the ledger writer is closed; " + entry.id() + " not written"));
    }
    LedgerJournal.Segment segment = journal.write(entry);
    Pending pending = new Pending(entry, new CompletableFuture<>(), segment);
    if (!queue.offer(pending)) {
      journal.dropped(pending);
      return CompletableFuture.failedFuture(
          new LedgerFullException(
              "the ledger writer's queue is full ("
                  + (queue.size() + queue.remainingCapacity())
                  + " entries): the store is not keeping up; "
                  + entry.id()
                  + " not written"));
    }
    // close() raced with this append and the writer has already taken its last batch: take the
    // entry back if it is still queued. If the writer got it first, the writer completes it.
    queuedEntries.incrementAndGet();
    if (queue.size() + inBatch >= maxBatch) {
      LockSupport.unpark(thread); // a full batch ends the linger
    }
    if (draining && queue.remove(pending)) {
      queuedEntries.decrementAndGet();
      journal.dropped(pending);
      return CompletableFuture.failedFuture(
          new IllegalStateException("the ledger writer is closed; " + entry.id() + " not written"));
    }
    return segment != null ? CompletableFuture.completedFuture(null) : pending.future();
  }

  /**
   * A future completed once every entry appended before this call has been handed to the store
   * (committed, or failed): what a reader waits for to see every answered request in the ledger.
   */
  public CompletableFuture<Void> flushed() {
    if (handledEntries >= queuedEntries.get()) {
      // Idle: every entry queued before this call has been handed to the store already.
      return CompletableFuture.completedFuture(null);
    }
    Pending marker = new Pending(null, new CompletableFuture<>(), null);
    if (closed || !queue.offer(marker)) {
      // Closed: close() writes everything queued before it returns. Full: the best left is now.
      return CompletableFuture.completedFuture(null);
    }
    LockSupport.unpark(thread); // a reader waits: the linger ends
    if (draining && queue.remove(marker)) {
      return CompletableFuture.completedFuture(null);
    }
    return marker.future();
  }

  /** Entries whose journal write failed, so their append waited for the store instead. */
  public long journalFailures() {
    return journal.failures();
  }

  /** Store calls made so far, failed ones included. */
  public long batches() {
    return batches.get();
  }

  /** Entries handed to the store so far, failed ones included. */
  public long entries() {
    return entries.get();
  }

  /** Store calls that threw. */
  public long failedBatches() {
    return failedBatches.get();
  }

  /** The size of the most recent batch. */
  public int lastBatchSize() {
    return lastBatchSize;
  }

  /**
   * Tells {@code observer} of every batch from now on, on the writer thread (so it must be quick: a
   * histogram update, not I/O).
   */
  public void observe(Observer observer) {
    this.observer = Objects.requireNonNull(observer, "observer");
  }

  /** What the writer tells of its batches, for metrics; the core knows no metrics library. */
  public interface Observer {

    /** Does nothing. */
    Observer NONE = (size, nanos, failed) -> {};

    /**
     * A batch was handed to the store.
     *
     * @param size its entries
     * @param nanos how long the store's transaction (and its fsync) took
     * @param failed whether the store threw
     */
    void batchWritten(int size, long nanos, boolean failed);
  }

  /** Entries waiting for the writer. */
  public int queued() {
    return queue.size();
  }

  /**
   * Writes what is queued, then stops the writer thread; later appends fail. Does not close the
   * store. Idempotent.
   */
  @Override
  public void close() {
    closed = true;
    LockSupport.unpark(thread);
    boolean interrupted = false;
    while (thread.isAlive()) {
      try {
        thread.join();
      } catch (InterruptedException e) {
        // Keep waiting: returning before the flush would lose what is queued.
        interrupted = true;
      }
    }
    journal.close();
    if (interrupted) {
      Thread.currentThread().interrupt();
    }
  }

  private void run() {
    List<Pending> batch = new ArrayList<>(maxBatch);
    while (true) {
      collect(batch);
      if (batch.isEmpty()) {
        if (closed) {
          break;
        }
        continue;
      }
      write(batch);
    }
    draining = true;
    // Appends that passed the closed check before close() may have queued since the last poll.
    while (queue.drainTo(batch, maxBatch) > 0) {
      write(batch);
    }
  }

  /** Waits for a first entry, then up to maxDelay for more, up to maxBatch in all. */
  private void collect(List<Pending> batch) {
    try {
      Pending first = queue.poll(IDLE_POLL_NANOS, TimeUnit.NANOSECONDS);
      if (first == null) {
        return;
      }
      batch.add(first);
      long deadline = System.nanoTime() + maxDelayNanos;
      queue.drainTo(batch, maxBatch - batch.size());
      // A flushed() marker ends the linger: a reader is waiting for this batch.
      while (batch.size() < maxBatch && !closed && !awaited(batch)) {
        long left = deadline - System.nanoTime();
        if (left <= 0) {
          break;
        }
        // Parked, not waiting on the queue: an append into the empty queue then signals nobody.
        // Waiting on it, every append woke this thread (a futex wake by the event loop and a
        // context switch, once a request at 1,000 rps); now a full batch, a flushed() marker or
        // close() unparks it, and the linger's appends are taken together when it ends.
        inBatch = batch.size();
        // Checked after publishing inBatch: an append before this is counted here, one after it
        // sees inBatch and unparks this thread if the batch is then full.
        if (queue.size() + batch.size() < maxBatch) {
          LockSupport.parkNanos(this, left);
        }
        queue.drainTo(batch, maxBatch - batch.size());
      }
      inBatch = 0;
    } catch (InterruptedException e) {
      // Nobody else interrupts this private thread; write what was collected and carry on.
      Thread.interrupted();
    }
  }

  /** Whether a {@link #flushed} marker is in {@code batch}. */
  private static boolean awaited(List<Pending> batch) {
    for (Pending p : batch) {
      if (p.entry() == null) {
        return true;
      }
    }
    return false;
  }

  private void write(List<Pending> batch) {
    List<LedgerEntry> toStore = new ArrayList<>(batch.size());
    for (Pending p : batch) {
      if (p.entry() != null) {
        toStore.add(p.entry());
      }
    }
    Throwable failure = toStore.isEmpty() ? null : store(toStore);
    handledEntries += toStore.size();
    if (failure == null) {
      // Before any future completes: whoever a future wakes sees the segments up to date.
      journal.committed(batch);
    }
    for (Pending p : batch) {
      if (failure == null || p.entry() == null) {
        p.future().complete(null);
      } else {
        p.future().completeExceptionally(failure);
      }
    }
    batch.clear();
  }

  /** Hands {@code toStore} to the store in one call; returns what it threw, if anything. */
  private Throwable store(List<LedgerEntry> toStore) {
    batches.incrementAndGet();
    entries.addAndGet(toStore.size());
    lastBatchSize = toStore.size();
    Throwable failure = null;
    long started = System.nanoTime();
    try {
      store.append(toStore);
    } catch (Throwable t) {
      // The store rolled the whole transaction back: every entry of the batch failed. Journaled
      // entries stay in their segment, which is then kept for the replay at the next start.
      failure = t;
      failedBatches.incrementAndGet();
    }
    try {
      observer.batchWritten(toStore.size(), System.nanoTime() - started, failure != null);
    } catch (RuntimeException e) {
      // A metrics bug must not fail the ledger; the futures still complete.
    }
    return failure;
  }

  /** The queue was full: the store is not keeping up with appends. */
  public static final class LedgerFullException extends RuntimeException {
    LedgerFullException(String message) {
      // No stack trace: this is back-pressure on the hot path, not a bug.
      super(message, null, false, false);
    }
  }
}

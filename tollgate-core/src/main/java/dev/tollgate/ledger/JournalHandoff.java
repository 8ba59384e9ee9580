package dev.tollgate.ledger;

import java.io.IOException;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The {@link LedgerWriter}'s side of its {@link LedgerJournal} (ADR 0007): an entry is journaled
 * before it is queued, and the journal is told of every journaled entry the store has taken (or
 * that was never queued), so that a segment is deleted once none of its entries is left to commit.
 * Without a journal every method does nothing.
 */
final class JournalHandoff {

  /** An entry and its future, or (entry null) a {@link LedgerWriter#flushed} marker. */
  record Pending(
      LedgerEntry entry, CompletableFuture<Void> future, LedgerJournal.Segment segment) {}

  private final LedgerJournal journal;
  private final AtomicLong failures = new AtomicLong();

  /** A hand-off to {@code journal}, or to none when it is null. */
  JournalHandoff(LedgerJournal journal) {
    this.journal = journal;
  }

  /**
   * Writes {@code entry} to the journal.
   *
   * @return the segment it went to; null without a journal, or when the disk refused it (full,
   *     read-only), and the append then waits for the store's commit instead
   */
  LedgerJournal.Segment write(LedgerEntry entry) {
    if (journal == null) {
      return null;
    }
    try {
      return journal.write(entry);
    } catch (IOException e) {
      failures.incrementAndGet();
      return null;
    }
  }

  /** Entries whose journal write failed. */
  long failures() {
    return failures.get();
  }

  /** An entry journaled but never queued: its segment must not wait for it. */
  void dropped(Pending pending) {
    if (pending.segment() != null) {
      journal.committed(pending.segment());
    }
  }

  /** The store committed {@code batch}: one call a run of entries of the same segment. */
  void committed(List<Pending> batch) {
    LedgerJournal.Segment run = null;
    int inRun = 0;
    for (Pending p : batch) {
      if (p.segment() == null) {
        continue;
      }
      if (p.segment() != run) {
        if (run != null) {
          journal.committed(run, inRun);
        }
        run = p.segment();
        inRun = 0;
      }
      inRun++;
    }
    if (run != null) {
      journal.committed(run, inRun);
    }
  }

  /** Closes the journal: committed segments go, the others stay for the next start's replay. */
  void close() {
    if (journal != null) {
      journal.close();
    }
  }
}

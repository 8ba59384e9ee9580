package dev.tollgate.ledger;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * Where the ledger is kept. Implementations: SQLite (embedded) and, later, PostgreSQL (shared by
 * several gateways). Every method is thread-safe.
 */
public interface LedgerStore extends AutoCloseable {

  /**
   * Appends {@code entries} in one transaction and keeps the hourly and daily rollups up to date in
   * the same transaction. When this returns, the entries survive a crash of the process. An entry
   * whose id is already in the ledger is skipped, so appending is idempotent.
   *
   * @return the entries that were new, in order
   */
  List<LedgerEntry> append(List<LedgerEntry> entries);

  /**
   * Sums the {@link UsageEvent#billable() billable} usage events whose {@code dimension} has {@code
   * value}, with {@code from <= time < to}. Uses the rollups for whole hours and the raw events
   * only for partial hours at the edges, so a month's sum needs no scan of a month of events.
   */
  Totals totals(Dimension dimension, String value, Instant from, Instant to);

  /**
   * The same sums as {@link #totals}, split by the provider that served the events: what a budget's
   * status breaks its spend down by. Providers with no events are absent.
   */
  java.util.Map<String, Totals> totalsByProvider(
      Dimension dimension, String value, Instant from, Instant to);

  /** The adjustments of one budget's period, oldest first. */
  List<Adjustment> adjustments(String budgetId, Instant periodStart);

  /** The usage event with this id, if any. */
  Optional<UsageEvent> event(String id);

  /** How many entries of both kinds the ledger holds. */
  long size();

  /** Releases the store's resources; appends after this fail. */
  @Override
  void close();
}

package dev.tollgate.accounting;

import dev.tollgate.ledger.Adjustment;
import dev.tollgate.ledger.Dimension;
import dev.tollgate.ledger.LedgerEntry;
import dev.tollgate.ledger.LedgerStore;
import dev.tollgate.ledger.LedgerWriter;
import dev.tollgate.ledger.Totals;
import dev.tollgate.ledger.UsageEvent;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The ledger as queries see it: every read first waits until the writer has handed the store
 * everything appended before it. An answer goes out once its event is journaled (ADR 0007), the
 * SQLite commit a few milliseconds later, so without this a report read right after an answer could
 * miss it. Reads block their thread for that long: call them on a worker, never on an event loop.
 */
final class FlushedLedger implements LedgerStore {

  private final LedgerStore store;
  private final LedgerWriter writer;

  FlushedLedger(LedgerStore store, LedgerWriter writer) {
    this.store = store;
    this.writer = writer;
  }

  private LedgerStore flushed() {
    writer.flushed().join();
    return store;
  }

  @Override
  public List<LedgerEntry> append(List<LedgerEntry> entries) {
    return store.append(entries);
  }

  @Override
  public Totals totals(Dimension dimension, String value, Instant from, Instant to) {
    return flushed().totals(dimension, value, from, to);
  }

  @Override
  public Map<String, Totals> totalsByProvider(
      Dimension dimension, String value, Instant from, Instant to) {
    return flushed().totalsByProvider(dimension, value, from, to);
  }

  @Override
  public List<Adjustment> adjustments(String budgetId, Instant periodStart) {
    return flushed().adjustments(budgetId, periodStart);
  }

  @Override
  public Optional<UsageEvent> event(String id) {
    return flushed().event(id);
  }

  @Override
  public long size() {
    return flushed().size();
  }

  /** Leaves the store open: its owner closes it. */
  @Override
  public void close() {}
}

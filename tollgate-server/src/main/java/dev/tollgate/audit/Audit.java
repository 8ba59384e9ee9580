package dev.tollgate.audit;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.InstantSource;
import java.time.temporal.ChronoUnit;
import java.util.Optional;

/**
 * Appends admin changes to the audit log, chaining each row to the one before. Callers make a
 * change and {@link #record} it inside {@link #atomically}, so the change and its row commit
 * together or not at all; the admin API runs one change at a time, so the log's order is the order
 * of the changes. Callers pass JSON that holds no secret: a key's secret or a provider credential
 * is recorded as having changed, never by value.
 */
public final class Audit {

  /** Who made a change, from where. */
  public record Actor(String id, String role, String remote) {}

  private final AuditStore store;
  private final InstantSource clock;

  /** The log in {@code store}, timestamps from {@code clock}. */
  public Audit(AuditStore store, InstantSource clock) {
    this.store = store;
    this.clock = clock;
  }

  /**
   * Appends one change.
   *
   * @param before the target's JSON before, or null if it did not exist
   * @param after its JSON after, or null if it no longer exists
   * @return the row written
   */
  public synchronized AuditEntry record(
      Actor actor, String action, String target, JsonNode before, JsonNode after) {
    Optional<AuditEntry> last = store.last();
    long seq = last.map(e -> e.seq() + 1).orElse(1L);
    String prev = last.map(AuditEntry::hash).orElse(AuditChain.GENESIS);
    String at = clock.instant().truncatedTo(ChronoUnit.MILLIS).toString();
    String b = before == null ? null : before.toString();
    String a = after == null ? null : after.toString();
    String hash =
        AuditChain.hash(
            seq, at, actor.id(), actor.role(), actor.remote(), action, target, b, a, prev);
    AuditEntry entry =
        new AuditEntry(
            seq, at, actor.id(), actor.role(), actor.remote(), action, target, b, a, prev, hash);
    store.append(entry);
    return entry;
  }

  /**
   * Runs {@code change}, which writes to the store of this log and {@link #record records} it, as
   * one transaction: both or neither (see {@link AuditStore#atomically}).
   *
   * @param afterRollback undoes what the change did in memory, after a failure rolled it back
   */
  public <T> T atomically(java.util.function.Supplier<T> change, Runnable afterRollback) {
    return store.atomically(change, afterRollback);
  }

  /** Up to {@code limit} rows after {@code afterSeq}, by seq. */
  public java.util.List<AuditEntry> page(long afterSeq, int limit) {
    return store.page(afterSeq, limit);
  }

  /** Verifies the whole chain. */
  public AuditChain.Verification verify() {
    return AuditChain.verify(store);
  }
}

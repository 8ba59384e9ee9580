package dev.tollgate.audit;

import java.util.List;
import java.util.Optional;

/** Where the audit log is kept: append and read, never change or delete. */
public interface AuditStore {

  /** The last row, if any. */
  Optional<AuditEntry> last();

  /**
   * Appends {@code entry}.
   *
   * @throws dev.tollgate.store.StoreException if the write fails or its seq is taken
   */
  void append(AuditEntry entry);

  /** Up to {@code limit} rows with a seq above {@code afterSeq}, by seq. */
  List<AuditEntry> page(long afterSeq, int limit);
}

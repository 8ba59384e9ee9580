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

  /**
   * Runs {@code change} and the rows it {@link #append appends} as one transaction of the database
   * that holds the log, so that what {@code change} writes to that database and its audit row are
   * both kept or neither. If anything in it throws (the change, the append or the commit), all of
   * it is rolled back, {@code afterRollback} runs if the change had written anything, and the
   * exception goes on.
   *
   * @param afterRollback puts back what the change did outside the database (in-memory copies)
   */
  <T> T atomically(java.util.function.Supplier<T> change, Runnable afterRollback);

  /** Up to {@code limit} rows with a seq above {@code afterSeq}, by seq. */
  List<AuditEntry> page(long afterSeq, int limit);
}

package dev.tollgate.reports;

import java.time.Instant;
import java.util.List;

/**
 * Reports over the ledger's usage rollups, and the purge that keeps the ledger's size bounded.
 * Thread-safe.
 */
public interface UsageReports {

  /** The rows of {@code query}'s page, from the rollups (never a scan of raw events). */
  List<ReportRow> rows(ReportQuery query);

  /**
   * Hands every usage event with {@code from <= time < to} to {@code sink}, oldest first, read from
   * the database as the sink consumes them (never all in memory).
   */
  default void exportEvents(Instant from, Instant to, EventSink sink) throws java.io.IOException {
    exportEvents(from, to, null, Long.MAX_VALUE, sink);
  }

  /**
   * Hands at most {@code limit} usage events with {@code from <= time < to} that come after {@code
   * after} in the export's order (time, then id) to {@code sink}: one page of an export, so that a
   * long export is many short reads and a page continues exactly where the last one stopped.
   *
   * @param after the last event of the page before, or null for the first page
   */
  void exportEvents(Instant from, Instant to, EventCursor after, long limit, EventSink sink)
      throws java.io.IOException;

  /** Where a page of exported events stops: the time and id of its last event. */
  record EventCursor(Instant time, String id) {}

  /** Hands every usage event attributed to {@code endUser}, of all time, to {@code sink}. */
  void exportEndUser(String endUser, EventSink sink) throws java.io.IOException;

  /** Takes exported events one at a time. */
  @FunctionalInterface
  interface EventSink {
    void accept(dev.tollgate.ledger.UsageEvent event) throws java.io.IOException;
  }

  /**
   * Replaces {@code endUser} with {@code token} in every event and rollup that names it, in one
   * transaction: what they used and cost is kept, who they were is not.
   *
   * @return the number of events that named them
   */
  long anonymiseEndUser(String endUser, String token);

  /**
   * Folds every finished UTC day before {@code today}'s into the coarser rollups that most reports
   * read (those without the end user), so that reports over those days are faster; run daily, it
   * does one day. Reports give the same rows before and after.
   */
  void fold(Instant today);

  /**
   * Deletes raw events (and their tags) older than {@code eventsBefore} and hourly rollup rows
   * older than {@code hoursBefore}; daily rollups are kept. Reports whose range is whole days read
   * daily rollups only, so a purge never changes them. The deletes may run as several small
   * transactions, so that appends never wait for the whole purge; one interrupted midway leaves the
   * oldest detail deleted and the next purge finishes the rest.
   *
   * @return the number of raw events deleted
   */
  long purge(Instant eventsBefore, Instant hoursBefore);
}

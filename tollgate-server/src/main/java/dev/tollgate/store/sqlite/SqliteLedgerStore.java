package dev.tollgate.store.sqlite;

import static dev.tollgate.store.sqlite.Rollups.DAY_MS;

import dev.tollgate.ledger.Adjustment;
import dev.tollgate.ledger.Dimension;
import dev.tollgate.ledger.LedgerEntry;
import dev.tollgate.ledger.LedgerStore;
import dev.tollgate.ledger.Totals;
import dev.tollgate.ledger.UsageEvent;
import dev.tollgate.reports.ReportQuery;
import dev.tollgate.reports.ReportRow;
import dev.tollgate.reports.UsageReports;
import dev.tollgate.store.StoreException;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.locks.ReentrantLock;
import org.sqlite.SQLiteConfig;
import org.sqlite.SQLiteDataSource;
import org.sqlite.SQLiteOpenMode;

/**
 * The ledger in the SQLite file of {@link SqliteStore} (already migrated to V2__ledger.sql).
 *
 * <p><b>Durability.</b> The write connection runs with {@code synchronous=FULL}: in WAL mode every
 * commit fsyncs the WAL before {@link #append} returns, so an appended batch survives {@code kill
 * -9} and a power cut. NORMAL (what {@link SqliteStore} uses for its rarely written rows) would
 * survive a process crash but may lose the last commits on a power cut; the ledger must never lose
 * usage, and since {@code LedgerWriter} commits up to 1,000 events at once the fsync is paid per
 * batch, not per request.
 *
 * <p><b>Connections.</b> One connection writes (appends come from one writer thread; a lock keeps
 * other callers out of its transaction) and a second one reads, so queries never wait for a write
 * transaction: WAL lets them read the last committed state meanwhile.
 */
final class SqliteLedgerStore implements LedgerStore, UsageReports {

  private final Path file;
  // Fair: between the retention purge's steps, appends waiting for the writer go first (an unfair
  // lock let the purge take it back at once, and an append waited 1.7 s; docs/BENCHMARKS.md).
  private final ReentrantLock writeLock = new ReentrantLock(true);
  private final Connection writer;
  private final LedgerQueries queries;
  private final ReportQueries reports;
  private final PreparedStatement insertEvent;
  private final PreparedStatement insertTag;
  private final PreparedStatement insertAdjustment;
  private final PreparedStatement upsertHourly;
  private final PreparedStatement upsertDaily;
  private final List<PreparedStatement> upsertUsage = new ArrayList<>();
  private final Rollups rollups = new Rollups();
  private final UsageRollups usage = new UsageRollups();
  // Rollup_folded_until as last written, under writeLock: events of days before it are added to
  // the rollups without the end user as they are appended.
  private long foldedUntilMs;
  private volatile boolean closed;

  private SqliteLedgerStore(Path file, Connection writer, Connection reader, Connection reporter)
      throws SQLException {
    this.file = file;
    this.writer = writer;
    this.queries = new LedgerQueries(reader, file);
    // Reports get their own connection: a long report never delays a budget's totals().
    this.reports = new ReportQueries(reporter, file);
    writer.setAutoCommit(false);
    insertEvent = writer.prepareStatement(EventRows.INSERT_EVENT);
    insertTag = writer.prepareStatement(EventRows.INSERT_TAG);
    insertAdjustment = writer.prepareStatement(EventRows.INSERT_ADJUSTMENT);
    upsertHourly = writer.prepareStatement(Rollups.UPSERT_HOURLY);
    upsertDaily = writer.prepareStatement(Rollups.UPSERT_DAILY);
    for (String sql : UsageRollups.UPSERTS) {
      upsertUsage.add(writer.prepareStatement(sql));
    }
    foldedUntilMs = Fold.until(writer);
    writer.commit();
  }

  /** Opens the ledger of the migrated database {@code file}. */
  static SqliteLedgerStore open(Path file) {
    Connection writer = null;
    Connection reader = null;
    Connection reporter = null;
    try {
      writer = dataSource(file, SQLiteConfig.SynchronousMode.FULL).getConnection();
      // The reader never writes; its synchronous setting does not matter.
      reader = dataSource(file, SQLiteConfig.SynchronousMode.NORMAL).getConnection();
      reporter = dataSource(file, SQLiteConfig.SynchronousMode.NORMAL).getConnection();
      return new SqliteLedgerStore(file, writer, reader, reporter);
    } catch (SQLException e) {
      closeQuietly(writer);
      closeQuietly(reader);
      closeQuietly(reporter);
      throw new StoreException("cannot open the ledger in " + file + ": " + e.getMessage(), e);
    }
  }

  static SQLiteDataSource dataSource(Path file, SQLiteConfig.SynchronousMode sync) {
    SQLiteConfig config = new SQLiteConfig();
    config.setJournalMode(SQLiteConfig.JournalMode.WAL);
    config.setSynchronous(sync);
    // Deferred transactions (the default): the driver begins the next transaction right after a
    // commit, and an IMMEDIATE one would hold the write lock while the writer is idle. The first
    // statement of an append is an INSERT, which takes the write lock at once and waits out
    // busy_timeout if SqliteStore's connection holds it.
    config.setBusyTimeout(5_000);
    // sqlite-jdbc already serializes every native call on a connection (NativeDB's methods are
    // synchronized), so SQLite's own per-call mutex is redundant: NOMUTEX saves a lock and unlock
    // on each of the ~60,000 binds and steps of a batch of 1,000 events, 2-5% of the writer's
    // CPU.
    config.setOpenMode(SQLiteOpenMode.NOMUTEX);
    // A batch of 1,000 events writes about 160 pages to the WAL, so the default checkpoint every
    // 1,000 pages ran every seventh batch and copied the same hot pages (rollups, index leaves)
    // into the database each time. Every 10,000 pages (a WAL of about 40 MB) copies each once per
    // ~60 batches: about 3% less writer CPU. A checkpoint still runs on the writer thread, after a
    // commit, and stalls it for longer but ten times more rarely; the queue absorbs it.
    config.setWalAutocheckpoint(10_000);
    SQLiteDataSource dataSource = new SQLiteDataSource(config);
    dataSource.setUrl("jdbc:sqlite:" + file);
    return dataSource;
  }

  @Override
  public List<LedgerEntry> append(List<LedgerEntry> entries) {
    writeLock.lock();
    try {
      if (closed) {
        throw new StoreException("the ledger in " + file + " is closed", null);
      }
      try {
        List<LedgerEntry> added = write(entries);
        writer.commit();
        return added;
      } catch (SQLException | RuntimeException e) {
        rollback(e);
        throw new StoreException(
            "cannot append " + entries.size() + " ledger entries to " + file + ": " + e, e);
      } finally {
        rollups.clear();
        usage.clear();
      }
    } finally {
      writeLock.unlock();
    }
  }

  private List<LedgerEntry> write(List<LedgerEntry> entries) throws SQLException {
    List<UsageEvent> events = new ArrayList<>(entries.size());
    List<Adjustment> adjustments = new ArrayList<>();
    for (LedgerEntry entry : entries) {
      switch (entry) {
        case UsageEvent e -> {
          EventRows.bind(insertEvent, e);
          insertEvent.addBatch();
          events.add(e);
        }
        case Adjustment a -> {
          EventRows.bind(insertAdjustment, a);
          insertAdjustment.addBatch();
          adjustments.add(a);
        }
      }
    }
    // INSERT OR IGNORE reports 0 changes for an id already stored (or earlier in this batch).
    int[] eventChanges = events.isEmpty() ? new int[0] : insertEvent.executeBatch();
    int[] adjustmentChanges = adjustments.isEmpty() ? new int[0] : insertAdjustment.executeBatch();
    List<LedgerEntry> added = new ArrayList<>(entries.size());
    int tags = 0;
    int e = 0;
    int a = 0;
    for (LedgerEntry entry : entries) {
      if (entry instanceof UsageEvent event) {
        if (eventChanges[e++] > 0) {
          added.add(event);
          for (String tag : event.who().tags()) {
            insertTag.setString(1, event.id());
            insertTag.setString(2, tag);
            insertTag.addBatch();
            tags++;
          }
          if (event.billable()) {
            rollups.add(event);
            usage.add(event, event.time().toEpochMilli() < foldedUntilMs);
          }
        }
      } else if (adjustmentChanges[a++] > 0) {
        added.add(entry);
      }
    }
    if (tags > 0) {
      insertTag.executeBatch();
    }
    if (rollups.addBatches(upsertHourly, upsertDaily) > 0) {
      upsertHourly.executeBatch();
      upsertDaily.executeBatch();
    }
    if (usage.addBatches(upsertUsage)) {
      for (PreparedStatement s : upsertUsage) {
        s.executeBatch();
      }
    }
    return added;
  }

  private void rollback(Exception cause) {
    try {
      for (PreparedStatement s :
          List.of(insertEvent, insertTag, insertAdjustment, upsertHourly, upsertDaily)) {
        s.clearBatch();
      }
      for (PreparedStatement s : upsertUsage) {
        s.clearBatch();
      }
      writer.rollback();
    } catch (SQLException e) {
      cause.addSuppressed(e);
    }
  }

  @Override
  public Totals totals(Dimension dimension, String value, Instant from, Instant to) {
    return queries.totals(dimension, value, from, to);
  }

  @Override
  public java.util.Map<String, Totals> totalsByProvider(
      Dimension dimension, String value, Instant from, Instant to) {
    return queries.totalsByProvider(dimension, value, from, to);
  }

  @Override
  public List<Adjustment> adjustments(String budgetId, Instant periodStart) {
    return queries.adjustments(budgetId, periodStart);
  }

  @Override
  public Optional<UsageEvent> event(String id) {
    return queries.event(id);
  }

  @Override
  public long size() {
    return queries.size();
  }

  @Override
  public List<ReportRow> rows(ReportQuery query) {
    return reports.rows(query);
  }

  @Override
  public void exportEvents(Instant from, Instant to, EventCursor after, long limit, EventSink sink)
      throws java.io.IOException {
    export(new EventExport.Range(from.toEpochMilli(), to.toEpochMilli(), null, after, limit), sink);
  }

  @Override
  public void exportEndUser(String endUser, EventSink sink) throws java.io.IOException {
    export(
        new EventExport.Range(Long.MIN_VALUE, Long.MAX_VALUE, endUser, null, Long.MAX_VALUE), sink);
  }

  private void export(EventExport.Range range, EventSink sink) throws java.io.IOException {
    // A connection of its own: a long export holds no lock that reports or budgets wait for.
    try (Connection c = dataSource(file, SQLiteConfig.SynchronousMode.NORMAL).getConnection()) {
      EventExport.run(c, range, sink);
    } catch (SQLException e) {
      throw new StoreException("cannot export events from " + file + ": " + e.getMessage(), e);
    }
  }

  @Override
  public long anonymiseEndUser(String endUser, String token) {
    return inWriteTransaction("anonymise in", c -> Anonymise.run(c, endUser, token));
  }

  /**
   * Purges in steps of {@link Purge#EVENTS_PER_STEP} events, then one hour of hourly rollups at a
   * time, each step its own transaction: appends wait for one step at most, not for the purge.
   */
  @Override
  public long purge(Instant eventsBefore, Instant hoursBefore) {
    long eventsMs = eventsBefore.toEpochMilli();
    long deleted = 0;
    for (long step = Purge.EVENTS_PER_STEP; step == Purge.EVENTS_PER_STEP; deleted += step) {
      step = inWriteTransaction("purge", c -> Purge.events(c, eventsMs));
    }
    long hoursMs = hoursBefore.toEpochMilli();
    long hour = inWriteTransaction("purge", c -> Purge.oldestHour(c, Long.MIN_VALUE));
    while (hour < hoursMs) {
      long h = hour;
      hour =
          inWriteTransaction(
              "purge",
              c -> {
                Purge.hour(c, h);
                return Purge.oldestHour(c, h + Rollups.HOUR_MS);
              });
    }
    return deleted;
  }

  /**
   * Folds every finished day before {@code today}'s UTC midnight into the rollups without the end
   * user, one day per transaction.
   */
  @Override
  public void fold(Instant today) {
    long todayMs = Math.floorDiv(today.toEpochMilli(), DAY_MS) * DAY_MS;
    long day = inWriteTransaction("fold", c -> Fold.nextDay(c, foldedUntilMs));
    while (day < todayMs) {
      long d = day;
      day =
          inWriteTransaction(
              "fold",
              c -> {
                Fold.day(c, d);
                // Set before the commit: if the commit fails, appends add rows to a day that is
                // not folded, which the next fold replaces.
                foldedUntilMs = d + DAY_MS;
                return Fold.nextDay(c, d + DAY_MS);
              });
    }
    inWriteTransaction(
        "fold",
        c -> {
          if (foldedUntilMs < todayMs) {
            Fold.markUntil(c, todayMs);
            foldedUntilMs = todayMs;
          }
          return 0;
        });
  }

  /** Work in one transaction of the write connection, {@code what} naming it in errors. */
  private long inWriteTransaction(String what, Work work) {
    writeLock.lock();
    try {
      if (closed) {
        throw new StoreException("the ledger in " + file + " is closed", null);
      }
      try {
        long result = work.run(writer);
        writer.commit();
        return result;
      } catch (SQLException e) {
        rollback(e);
        throw new StoreException(
            "cannot " + what + " the ledger " + file + ": " + e.getMessage(), e);
      }
    } finally {
      writeLock.unlock();
    }
  }

  @FunctionalInterface
  private interface Work {
    long run(Connection writer) throws SQLException;
  }

  /** The value of a pragma on the write connection, for tests. */
  String pragma(String name) throws SQLException {
    writeLock.lock();
    try {
      try (PreparedStatement s = writer.prepareStatement("PRAGMA " + name);
          ResultSet r = s.executeQuery()) {
        r.next();
        return r.getString(1);
      } finally {
        writer.commit();
      }
    } finally {
      writeLock.unlock();
    }
  }

  @Override
  public void close() {
    writeLock.lock();
    try {
      if (!closed) {
        closed = true;
        closeQuietly(writer);
      }
    } finally {
      writeLock.unlock();
    }
    queries.close();
    reports.close();
  }

  static void closeQuietly(Connection connection) {
    if (connection != null) {
      try {
        connection.close();
      } catch (SQLException ignored) {
        // Closing: nothing more to do with this connection.
      }
    }
  }
}

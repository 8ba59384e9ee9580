package dev.tollgate.store.sqlite;

import dev.tollgate.recommend.LedgerAnalysis;
import dev.tollgate.store.StoreException;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import org.sqlite.SQLiteConfig;

/**
 * The recommendations' passes over the ledger ({@link AnalysisQueries}), each on a connection of
 * its own: a scan of a month of raw events may run for seconds, and must hold nothing that appends,
 * budgets or reports wait on.
 */
final class SqliteLedgerAnalysis implements LedgerAnalysis {

  private final Path file;

  SqliteLedgerAnalysis(Path file) {
    this.file = file;
  }

  @Override
  public List<ModelKeyUsage> usageByModelAndKey(Instant from, Instant to, long shortOutputTokens) {
    return analyse(
        c ->
            AnalysisQueries.usageByModelAndKey(
                c, from.toEpochMilli(), to.toEpochMilli(), shortOutputTokens));
  }

  @Override
  public List<PrefixRepeats> repeatedPrefixes(
      Instant from, Instant to, int minRepeats, java.time.Duration warmWithin, int limit) {
    return analyse(
        c ->
            AnalysisQueries.repeatedPrefixes(
                c,
                from.toEpochMilli(),
                to.toEpochMilli(),
                minRepeats,
                warmWithin.toMillis(),
                limit));
  }

  @Override
  public java.util.Set<String> keysWithUsage(Instant from, Instant to) {
    return analyse(c -> AnalysisQueries.keysWithUsage(c, from.toEpochMilli(), to.toEpochMilli()));
  }

  /** A query over the whole ledger that may run for seconds. */
  @FunctionalInterface
  private interface Analysis<T> {
    T run(Connection c) throws SQLException;
  }

  private <T> T analyse(Analysis<T> analysis) {
    // A connection of its own, as for exports: a long scan holds no lock budgets or reports wait
    // on.
    try (Connection c =
        SqliteLedgerStore.dataSource(file, SQLiteConfig.SynchronousMode.NORMAL).getConnection()) {
      return analysis.run(c);
    } catch (SQLException e) {
      throw new StoreException("cannot analyse the ledger " + file + ": " + e.getMessage(), e);
    }
  }
}

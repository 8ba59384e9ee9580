package dev.tollgate.store.sqlite;

import dev.tollgate.audit.AuditEntry;
import dev.tollgate.audit.AuditStore;
import dev.tollgate.store.StoreException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;

/** The {@code audit_log} table, over the store's own connection. Triggers refuse UPDATE/DELETE. */
final class SqliteAuditStore implements AuditStore {

  private static final String COLUMNS =
      "seq, at, actor, role, remote, action, target, before, after, prev_hash, hash";

  private final Connection connection;

  SqliteAuditStore(Connection connection) {
    this.connection = connection;
  }

  @Override
  public Optional<AuditEntry> last() {
    List<AuditEntry> rows =
        query("SELECT " + COLUMNS + " FROM audit_log ORDER BY seq DESC LIMIT 1");
    return rows.stream().findFirst();
  }

  /**
   * One SQL transaction on the store's single connection, which the keys, tokens, credentials,
   * budgets and this log share: that sharing is what makes a change and its audit row atomic
   * without a second mechanism (no outbox, no two-phase commit). The connection's monitor is held
   * throughout, so no other thread's statement can slip into the transaction, and the transaction
   * is IMMEDIATE (see {@link SqliteStore}): it takes SQLite's write lock when it begins, so the
   * snapshot it reads cannot be overtaken by the ledger's connection before it writes. Callers keep
   * it short, the write lock is what the ledger writer waits for.
   */
  @Override
  public <T> T atomically(Supplier<T> change, Runnable afterRollback) {
    synchronized (connection) {
      try {
        if (!connection.getAutoCommit()) {
          return change.get(); // Already inside one: joins it.
        }
        long before = totalChanges();
        connection.setAutoCommit(false);
        try {
          T result = change.get();
          connection.commit();
          return result;
        } catch (RuntimeException | SQLException | Error e) {
          boolean wrote = totalChanges() != before;
          connection.rollback();
          if (wrote) {
            afterRollback.run();
          }
          throw e;
        } finally {
          connection.setAutoCommit(true);
        }
      } catch (SQLException e) {
        throw new StoreException("the admin change was not saved: " + e.getMessage(), e);
      }
    }
  }

  /** Rows changed on this connection since it opened (SQLite's total_changes()). */
  private long totalChanges() throws SQLException {
    try (PreparedStatement st = connection.prepareStatement("SELECT total_changes()");
        ResultSet r = st.executeQuery()) {
      return r.next() ? r.getLong(1) : 0;
    }
  }

  @Override
  public List<AuditEntry> page(long afterSeq, int limit) {
    return query(
        "SELECT "
            + COLUMNS
            + " FROM audit_log WHERE seq > "
            + afterSeq
            + " ORDER BY seq LIMIT "
            + Math.max(0, limit));
  }

  @Override
  public void append(AuditEntry e) {
    synchronized (connection) {
      try (PreparedStatement st =
          connection.prepareStatement(
              "INSERT INTO audit_log (" + COLUMNS + ") VALUES (?,?,?,?,?,?,?,?,?,?,?)")) {
        st.setLong(1, e.seq());
        st.setString(2, e.at());
        st.setString(3, e.actor());
        st.setString(4, e.role());
        st.setString(5, e.remote());
        st.setString(6, e.action());
        st.setString(7, e.target());
        st.setString(8, e.before());
        st.setString(9, e.after());
        st.setString(10, e.prevHash());
        st.setString(11, e.hash());
        st.executeUpdate();
      } catch (SQLException ex) {
        throw new StoreException("cannot append to the audit log: " + ex.getMessage(), ex);
      }
    }
  }

  private List<AuditEntry> query(String sql) {
    synchronized (connection) {
      try (PreparedStatement select = connection.prepareStatement(sql);
          ResultSet row = select.executeQuery()) {
        List<AuditEntry> out = new ArrayList<>();
        while (row.next()) {
          out.add(
              new AuditEntry(
                  row.getLong(1),
                  row.getString(2),
                  row.getString(3),
                  row.getString(4),
                  row.getString(5),
                  row.getString(6),
                  row.getString(7),
                  row.getString(8),
                  row.getString(9),
                  row.getString(10),
                  row.getString(11)));
        }
        return out;
      } catch (SQLException e) {
        throw new StoreException("cannot read the audit log: " + e.getMessage(), e);
      }
    }
  }
}

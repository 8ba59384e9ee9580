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

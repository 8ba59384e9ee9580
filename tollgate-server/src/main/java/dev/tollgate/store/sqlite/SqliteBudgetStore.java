package dev.tollgate.store.sqlite;

import dev.tollgate.accounting.BudgetStore;
import dev.tollgate.store.StoreException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** The {@code budgets} table (V7), over the store's own connection. */
final class SqliteBudgetStore implements BudgetStore {

  private static final String COLUMNS =
      "SELECT id, definition, created_ms, updated_ms FROM budgets";

  private final Connection connection;

  SqliteBudgetStore(Connection connection) {
    this.connection = connection;
  }

  @Override
  public List<Stored> all() {
    return query(COLUMNS + " ORDER BY id", null);
  }

  @Override
  public Optional<Stored> get(String id) {
    return query(COLUMNS + " WHERE id = ?", id).stream().findFirst();
  }

  private List<Stored> query(String sql, String id) {
    synchronized (connection) {
      try (PreparedStatement select = connection.prepareStatement(sql)) {
        if (id != null) {
          select.setString(1, id);
        }
        List<Stored> out = new ArrayList<>();
        try (ResultSet row = select.executeQuery()) {
          while (row.next()) {
            out.add(
                new Stored(
                    row.getString(1),
                    row.getString(2),
                    Instant.ofEpochMilli(row.getLong(3)),
                    Instant.ofEpochMilli(row.getLong(4))));
          }
        }
        return out;
      } catch (SQLException e) {
        throw new StoreException("cannot read the budgets: " + e.getMessage(), e);
      }
    }
  }

  @Override
  public void put(Stored b) {
    synchronized (connection) {
      try (PreparedStatement st =
          connection.prepareStatement(
              "INSERT INTO budgets (id, definition, created_ms, updated_ms) VALUES (?,?,?,?)"
                  + " ON CONFLICT(id) DO UPDATE SET definition = excluded.definition,"
                  + " updated_ms = excluded.updated_ms")) {
        st.setString(1, b.id());
        st.setString(2, b.definition());
        st.setLong(3, b.created().toEpochMilli());
        st.setLong(4, b.updated().toEpochMilli());
        st.executeUpdate();
      } catch (SQLException e) {
        throw new StoreException("cannot store the budget " + b.id() + ": " + e.getMessage(), e);
      }
    }
  }

  @Override
  public boolean delete(String id) {
    synchronized (connection) {
      try (PreparedStatement st = connection.prepareStatement("DELETE FROM budgets WHERE id = ?")) {
        st.setString(1, id);
        return st.executeUpdate() > 0;
      } catch (SQLException e) {
        throw new StoreException("cannot delete the budget " + id + ": " + e.getMessage(), e);
      }
    }
  }
}

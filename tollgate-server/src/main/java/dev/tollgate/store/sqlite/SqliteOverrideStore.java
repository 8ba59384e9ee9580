package dev.tollgate.store.sqlite;

import dev.tollgate.accounting.OverrideStore;
import dev.tollgate.budget.EmergencyOverride;
import dev.tollgate.store.StoreException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalLong;

/** The {@code budget_overrides} table (V11), over the store's own connection. */
final class SqliteOverrideStore implements OverrideStore {

  private final Connection connection;

  SqliteOverrideStore(Connection connection) {
    this.connection = connection;
  }

  @Override
  public List<EmergencyOverride> all() {
    synchronized (connection) {
      try (PreparedStatement select =
              connection.prepareStatement(
                  "SELECT budget_id, actor, reason, extra, granted_ms, expires_ms"
                      + " FROM budget_overrides ORDER BY budget_id");
          ResultSet row = select.executeQuery()) {
        List<EmergencyOverride> out = new ArrayList<>();
        while (row.next()) {
          long extra = row.getLong(4);
          // wasNull is about the last column read: ask before reading another.
          OptionalLong ceiling = row.wasNull() ? OptionalLong.empty() : OptionalLong.of(extra);
          out.add(
              new EmergencyOverride(
                  row.getString(1),
                  row.getString(2),
                  row.getString(3),
                  ceiling,
                  Instant.ofEpochMilli(row.getLong(5)),
                  Instant.ofEpochMilli(row.getLong(6))));
        }
        return out;
      } catch (SQLException e) {
        throw new StoreException("cannot read the budget overrides: " + e.getMessage(), e);
      }
    }
  }

  @Override
  public void put(EmergencyOverride o) {
    synchronized (connection) {
      try (PreparedStatement st =
          connection.prepareStatement(
              "INSERT OR REPLACE INTO budget_overrides"
                  + " (budget_id, actor, reason, extra, granted_ms, expires_ms)"
                  + " VALUES (?,?,?,?,?,?)")) {
        st.setString(1, o.budgetId());
        st.setString(2, o.actor());
        st.setString(3, o.reason());
        if (o.extra().isPresent()) {
          st.setLong(4, o.extra().getAsLong());
        } else {
          st.setNull(4, Types.INTEGER);
        }
        st.setLong(5, o.grantedAt().toEpochMilli());
        st.setLong(6, o.expiresAt().toEpochMilli());
        st.executeUpdate();
      } catch (SQLException e) {
        throw new StoreException(
            "cannot store the override of " + o.budgetId() + ": " + e.getMessage(), e);
      }
    }
  }

  @Override
  public boolean delete(String budgetId) {
    synchronized (connection) {
      try (PreparedStatement st =
          connection.prepareStatement("DELETE FROM budget_overrides WHERE budget_id = ?")) {
        st.setString(1, budgetId);
        return st.executeUpdate() > 0;
      } catch (SQLException e) {
        throw new StoreException(
            "cannot delete the override of " + budgetId + ": " + e.getMessage(), e);
      }
    }
  }
}

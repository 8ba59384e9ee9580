package dev.tollgate.store.sqlite;

import dev.tollgate.keys.AdminRole;
import dev.tollgate.keys.AdminToken;
import dev.tollgate.keys.AdminTokenStore;
import dev.tollgate.store.StoreException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** The {@code admin_tokens} table, over the store's own connection. */
final class SqliteAdminTokenStore implements AdminTokenStore {

  private final Connection connection;

  SqliteAdminTokenStore(Connection connection) {
    this.connection = connection;
  }

  @Override
  public List<AdminToken> all() {
    synchronized (connection) {
      try (PreparedStatement select =
              connection.prepareStatement(
                  "SELECT id, hash, prefix, name, role, team, created_ms, revoked_ms"
                      + " FROM admin_tokens ORDER BY id");
          ResultSet row = select.executeQuery()) {
        List<AdminToken> out = new ArrayList<>();
        while (row.next()) {
          String role = row.getString(5);
          long revoked = row.getLong(8);
          Optional<Instant> revokedAt =
              row.wasNull() ? Optional.empty() : Optional.of(Instant.ofEpochMilli(revoked));
          out.add(
              new AdminToken(
                  row.getString(1),
                  row.getString(2),
                  row.getString(3),
                  row.getString(4),
                  AdminRole.parse(role)
                      .orElseThrow(
                          () -> new StoreException("admin token with unknown role " + role, null)),
                  row.getString(6),
                  Instant.ofEpochMilli(row.getLong(7)),
                  revokedAt));
        }
        return out;
      } catch (SQLException e) {
        throw new StoreException("cannot read the admin tokens: " + e.getMessage(), e);
      }
    }
  }

  @Override
  public void insert(AdminToken t) {
    synchronized (connection) {
      try (PreparedStatement st =
          connection.prepareStatement(
              "INSERT INTO admin_tokens (id, hash, prefix, name, role, team, created_ms,"
                  + " revoked_ms) VALUES (?,?,?,?,?,?,?,?)")) {
        st.setString(1, t.id());
        st.setString(2, t.hash());
        st.setString(3, t.prefix());
        st.setString(4, t.name());
        st.setString(5, t.role().wire());
        st.setString(6, t.team());
        st.setLong(7, t.created().toEpochMilli());
        if (t.revoked().isPresent()) {
          st.setLong(8, t.revoked().get().toEpochMilli());
        } else {
          st.setNull(8, Types.INTEGER);
        }
        st.executeUpdate();
      } catch (SQLException e) {
        throw new StoreException(
            "cannot store the admin token " + t.id() + ": " + e.getMessage(), e);
      }
    }
  }

  @Override
  public void revoke(AdminToken t) {
    synchronized (connection) {
      try (PreparedStatement st =
          connection.prepareStatement("UPDATE admin_tokens SET revoked_ms = ? WHERE id = ?")) {
        st.setLong(1, t.revoked().orElseThrow().toEpochMilli());
        st.setString(2, t.id());
        st.executeUpdate();
      } catch (SQLException e) {
        throw new StoreException(
            "cannot revoke the admin token " + t.id() + ": " + e.getMessage(), e);
      }
    }
  }
}

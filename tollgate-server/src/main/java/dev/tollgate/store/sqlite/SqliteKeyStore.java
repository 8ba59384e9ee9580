package dev.tollgate.store.sqlite;

import dev.tollgate.keys.AdminKey;
import dev.tollgate.keys.KeyStore;
import dev.tollgate.keys.VirtualKey;
import dev.tollgate.store.StoreException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * The {@code virtual_keys} and {@code admin_keys} tables, over the store's own connection. Keys are
 * read once at start-up and written rarely (admin actions), so sharing one connection under its
 * monitor costs nothing on the request path.
 */
final class SqliteKeyStore implements KeyStore {

  private static final String COLUMNS =
      "id, hash, prefix, name, \"user\", team, project, service, tags, created_ms, revoked_ms,"
          + " allowed_models, rpm, tpm, expires_ms, response_cache, budgets";

  private final Connection connection;

  SqliteKeyStore(Connection connection) {
    this.connection = connection;
  }

  @Override
  public List<VirtualKey> all() {
    synchronized (connection) {
      try (PreparedStatement select =
              connection.prepareStatement("SELECT " + COLUMNS + " FROM virtual_keys ORDER BY id");
          ResultSet row = select.executeQuery()) {
        List<VirtualKey> keys = new ArrayList<>();
        while (row.next()) {
          keys.add(
              new VirtualKey(
                  row.getString(1),
                  row.getString(2),
                  row.getString(3),
                  row.getString(4),
                  row.getString(5),
                  row.getString(6),
                  row.getString(7),
                  row.getString(8),
                  tags(row.getString(9)),
                  Instant.ofEpochMilli(row.getLong(10)),
                  instant(row, 11),
                  KeyRows.limits(row, 12)));
        }
        return keys;
      } catch (SQLException e) {
        throw new StoreException("cannot read the virtual keys: " + e.getMessage(), e);
      }
    }
  }

  @Override
  public void insert(VirtualKey key) {
    write(
        "INSERT INTO virtual_keys (" + COLUMNS + ") VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)",
        key,
        false);
  }

  @Override
  public void update(VirtualKey key) {
    write(
        "UPDATE virtual_keys SET id = ?, hash = ?, prefix = ?, name = ?, \"user\" = ?, team = ?,"
            + " project = ?, service = ?, tags = ?, created_ms = ?, revoked_ms = ?,"
            + " allowed_models = ?, rpm = ?, tpm = ?, expires_ms = ?, response_cache = ?,"
            + " budgets = ? WHERE id = ?",
        key,
        true);
  }

  private void write(String sql, VirtualKey key, boolean update) {
    synchronized (connection) {
      try (PreparedStatement st = connection.prepareStatement(sql)) {
        st.setString(1, key.id());
        st.setString(2, key.hash());
        st.setString(3, key.prefix());
        st.setString(4, key.name());
        st.setString(5, key.user());
        st.setString(6, key.team());
        st.setString(7, key.project());
        st.setString(8, key.service());
        st.setString(9, String.join(",", key.tags()));
        st.setLong(10, key.created().toEpochMilli());
        setInstant(st, 11, key.revoked());
        KeyRows.setLimits(st, 12, key.limits());
        if (update) {
          st.setString(18, key.id());
        }
        if (st.executeUpdate() != 1) {
          throw new SQLException("no virtual key with that id");
        }
      } catch (SQLException e) {
        throw new StoreException(
            "cannot write the virtual key " + key.id() + ": " + e.getMessage(), e);
      }
    }
  }

  @Override
  public List<AdminKey> adminKeys() {
    synchronized (connection) {
      try (PreparedStatement select =
              connection.prepareStatement(
                  "SELECT id, hash, prefix, created_ms, revoked_ms FROM admin_keys ORDER BY id");
          ResultSet row = select.executeQuery()) {
        List<AdminKey> keys = new ArrayList<>();
        while (row.next()) {
          keys.add(
              new AdminKey(
                  row.getString(1),
                  row.getString(2),
                  row.getString(3),
                  Instant.ofEpochMilli(row.getLong(4)),
                  instant(row, 5)));
        }
        return keys;
      } catch (SQLException e) {
        throw new StoreException("cannot read the admin keys: " + e.getMessage(), e);
      }
    }
  }

  @Override
  public void insertAdmin(AdminKey key) {
    synchronized (connection) {
      try (PreparedStatement st =
          connection.prepareStatement(
              "INSERT INTO admin_keys (id, hash, prefix, created_ms, revoked_ms)"
                  + " VALUES (?,?,?,?,?)")) {
        st.setString(1, key.id());
        st.setString(2, key.hash());
        st.setString(3, key.prefix());
        st.setLong(4, key.created().toEpochMilli());
        setInstant(st, 5, key.revoked());
        st.executeUpdate();
      } catch (SQLException e) {
        throw new StoreException("cannot add the admin key " + key.id() + ": " + e.getMessage(), e);
      }
    }
  }

  static Optional<Instant> instant(ResultSet row, int column) throws SQLException {
    long ms = row.getLong(column);
    // wasNull() speaks of the column read last: read it right after.
    return row.wasNull() ? Optional.empty() : Optional.of(Instant.ofEpochMilli(ms));
  }

  static void setInstant(PreparedStatement st, int column, Optional<Instant> at)
      throws SQLException {
    if (at.isPresent()) {
      st.setLong(column, at.get().toEpochMilli());
    } else {
      st.setNull(column, Types.INTEGER);
    }
  }

  private static List<String> tags(String joined) {
    return joined == null || joined.isBlank()
        ? List.of()
        : Arrays.stream(joined.split(",")).map(String::strip).filter(t -> !t.isEmpty()).toList();
  }
}

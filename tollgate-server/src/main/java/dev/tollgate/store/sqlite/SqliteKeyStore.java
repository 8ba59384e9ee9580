package dev.tollgate.store.sqlite;

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
 * The {@code virtual_keys} table, over the store's own connection. Keys are read once at start-up
 * and written rarely (admin actions), so sharing one connection under its monitor costs nothing on
 * the request path.
 */
final class SqliteKeyStore implements KeyStore {

  private static final String COLUMNS =
      "id, hash, prefix, name, \"user\", team, project, service, tags, created_ms, revoked_ms";

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
          // Read revoked_ms first: wasNull() speaks of the column read last.
          long revokedMs = row.getLong(11);
          Optional<Instant> revoked =
              row.wasNull() ? Optional.empty() : Optional.of(Instant.ofEpochMilli(revokedMs));
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
                  revoked));
        }
        return keys;
      } catch (SQLException e) {
        throw new StoreException("cannot read the virtual keys: " + e.getMessage(), e);
      }
    }
  }

  @Override
  public void insert(VirtualKey key) {
    synchronized (connection) {
      try (PreparedStatement insert =
          connection.prepareStatement(
              "INSERT INTO virtual_keys (" + COLUMNS + ") VALUES (?,?,?,?,?,?,?,?,?,?,?)")) {
        insert.setString(1, key.id());
        insert.setString(2, key.hash());
        insert.setString(3, key.prefix());
        insert.setString(4, key.name());
        insert.setString(5, key.user());
        insert.setString(6, key.team());
        insert.setString(7, key.project());
        insert.setString(8, key.service());
        insert.setString(9, String.join(",", key.tags()));
        insert.setLong(10, key.created().toEpochMilli());
        if (key.revoked().isPresent()) {
          insert.setLong(11, key.revoked().get().toEpochMilli());
        } else {
          insert.setNull(11, Types.INTEGER);
        }
        insert.executeUpdate();
      } catch (SQLException e) {
        throw new StoreException(
            "cannot add the virtual key " + key.id() + ": " + e.getMessage(), e);
      }
    }
  }

  private static List<String> tags(String joined) {
    return joined == null || joined.isBlank()
        ? List.of()
        : Arrays.stream(joined.split(",")).map(String::strip).filter(t -> !t.isEmpty()).toList();
  }
}

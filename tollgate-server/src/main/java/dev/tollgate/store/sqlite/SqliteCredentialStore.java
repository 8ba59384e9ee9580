package dev.tollgate.store.sqlite;

import dev.tollgate.credentials.CredentialStore;
import dev.tollgate.credentials.Sealed;
import dev.tollgate.store.StoreException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/** The {@code provider_credentials} table, over the store's own connection: sealed bytes only. */
final class SqliteCredentialStore implements CredentialStore {

  private final Connection connection;

  SqliteCredentialStore(Connection connection) {
    this.connection = connection;
  }

  @Override
  public List<Sealed> all() {
    synchronized (connection) {
      try (PreparedStatement select =
              connection.prepareStatement(
                  "SELECT provider, nonce, ciphertext, last4, updated_ms FROM provider_credentials"
                      + " ORDER BY provider");
          ResultSet row = select.executeQuery()) {
        List<Sealed> out = new ArrayList<>();
        while (row.next()) {
          out.add(
              new Sealed(
                  row.getString(1),
                  row.getBytes(2),
                  row.getBytes(3),
                  row.getString(4),
                  Instant.ofEpochMilli(row.getLong(5))));
        }
        return out;
      } catch (SQLException e) {
        throw new StoreException("cannot read the provider credentials: " + e.getMessage(), e);
      }
    }
  }

  @Override
  public void put(Sealed s) {
    synchronized (connection) {
      try (PreparedStatement st =
          connection.prepareStatement(
              "INSERT INTO provider_credentials (provider, nonce, ciphertext, last4, updated_ms)"
                  + " VALUES (?,?,?,?,?) ON CONFLICT(provider) DO UPDATE SET nonce ="
                  + " excluded.nonce, ciphertext = excluded.ciphertext, last4 = excluded.last4,"
                  + " updated_ms = excluded.updated_ms")) {
        st.setString(1, s.provider());
        st.setBytes(2, s.nonce());
        st.setBytes(3, s.ciphertext());
        st.setString(4, s.last4());
        st.setLong(5, s.updated().toEpochMilli());
        st.executeUpdate();
      } catch (SQLException e) {
        // The message names the provider only: the statement holds nothing secret in clear.
        throw new StoreException(
            "cannot store the credential of provider " + s.provider() + ": " + e.getMessage(), e);
      }
    }
  }

  @Override
  public boolean delete(String provider) {
    synchronized (connection) {
      try (PreparedStatement st =
          connection.prepareStatement("DELETE FROM provider_credentials WHERE provider = ?")) {
        st.setString(1, provider);
        return st.executeUpdate() > 0;
      } catch (SQLException e) {
        throw new StoreException(
            "cannot delete the credential of provider " + provider + ": " + e.getMessage(), e);
      }
    }
  }
}

package dev.tollgate.store.sqlite;

import dev.tollgate.catalog.PriceOverride;
import dev.tollgate.catalog.PriceOverrideStore;
import dev.tollgate.store.StoreException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/** The {@code price_overrides} table (V10), over the store's own connection. */
final class SqlitePriceOverrideStore implements PriceOverrideStore {

  private final Connection connection;

  SqlitePriceOverrideStore(Connection connection) {
    this.connection = connection;
  }

  @Override
  public List<PriceOverride> all() {
    synchronized (connection) {
      try (PreparedStatement select =
              connection.prepareStatement(
                  "SELECT provider, model, from_ms, card, created_ms, created_by, reason"
                      + " FROM price_overrides ORDER BY provider, model, from_ms");
          ResultSet row = select.executeQuery()) {
        List<PriceOverride> out = new ArrayList<>();
        while (row.next()) {
          out.add(
              new PriceOverride(
                  row.getString(1),
                  row.getString(2),
                  Instant.ofEpochMilli(row.getLong(3)),
                  row.getString(4),
                  Instant.ofEpochMilli(row.getLong(5)),
                  row.getString(6),
                  row.getString(7)));
        }
        return out;
      } catch (SQLException e) {
        throw new StoreException("cannot read the price overrides: " + e.getMessage(), e);
      }
    }
  }

  @Override
  public void put(PriceOverride o) {
    synchronized (connection) {
      try (PreparedStatement st =
          connection.prepareStatement(
              "INSERT INTO price_overrides"
                  + " (provider, model, from_ms, card, created_ms, created_by, reason)"
                  + " VALUES (?,?,?,?,?,?,?) ON CONFLICT(provider, model, from_ms) DO UPDATE SET"
                  + " card = excluded.card, created_ms = excluded.created_ms,"
                  + " created_by = excluded.created_by, reason = excluded.reason")) {
        st.setString(1, o.provider());
        st.setString(2, o.model());
        st.setLong(3, o.effectiveFrom().toEpochMilli());
        st.setString(4, o.card());
        st.setLong(5, o.created().toEpochMilli());
        st.setString(6, o.createdBy());
        st.setString(7, o.reason());
        st.executeUpdate();
      } catch (SQLException e) {
        throw new StoreException(
            "cannot store the price override of " + o.qualifiedId() + ": " + e.getMessage(), e);
      }
    }
  }

  @Override
  public boolean delete(String provider, String model, Instant from) {
    synchronized (connection) {
      try (PreparedStatement st =
          connection.prepareStatement(
              "DELETE FROM price_overrides WHERE provider = ? AND model = ? AND from_ms = ?")) {
        st.setString(1, provider);
        st.setString(2, model);
        st.setLong(3, from.toEpochMilli());
        return st.executeUpdate() > 0;
      } catch (SQLException e) {
        throw new StoreException(
            "cannot delete the price override of " + provider + "/" + model + ": " + e, e);
      }
    }
  }
}

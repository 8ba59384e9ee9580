package dev.tollgate.store.sqlite;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import dev.tollgate.budget.Enforcement;
import dev.tollgate.budget.Period;
import dev.tollgate.keys.KeyBudget;
import dev.tollgate.keys.KeyLimits;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.OptionalLong;

/**
 * A key's limits in its six columns: JSON arrays for the models and budgets, numbers for the rest.
 */
final class KeyRows {

  private static final ObjectMapper JSON =
      new ObjectMapper()
          .enable(com.fasterxml.jackson.databind.DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
          .setNodeFactory(
              com.fasterxml.jackson.databind.node.JsonNodeFactory.withExactBigDecimals(true));

  private KeyRows() {}

  /** Reads the six limit columns starting at {@code first}. */
  static KeyLimits limits(ResultSet row, int first) throws SQLException {
    List<String> models = new ArrayList<>();
    json(row.getString(first)).forEach(n -> models.add(n.asText()));
    OptionalLong rpm = optionalLong(row, first + 1);
    OptionalLong tpm = optionalLong(row, first + 2);
    var expires = SqliteKeyStore.instant(row, first + 3);
    boolean cache = row.getInt(first + 4) != 0;
    List<KeyBudget> budgets = new ArrayList<>();
    for (JsonNode b : json(row.getString(first + 5))) {
      budgets.add(
          new KeyBudget(
              b.get("limit_usd").decimalValue(),
              Period.parse(b.get("period").asText()),
              Enforcement.valueOf(b.get("enforcement").asText().toUpperCase(Locale.ROOT))));
    }
    return new KeyLimits(models, rpm, tpm, expires, cache, budgets);
  }

  /** Writes the six limit columns starting at {@code first}. */
  static void setLimits(PreparedStatement st, int first, KeyLimits limits) throws SQLException {
    ArrayNode models = JSON.createArrayNode();
    limits.allowedModels().forEach(models::add);
    st.setString(first, models.toString());
    setLong(st, first + 1, limits.rpm());
    setLong(st, first + 2, limits.tpm());
    SqliteKeyStore.setInstant(st, first + 3, limits.expiresAt());
    st.setInt(first + 4, limits.responseCache() ? 1 : 0);
    ArrayNode budgets = JSON.createArrayNode();
    for (KeyBudget b : limits.budgets()) {
      // The limit as a JSON number written from its exact decimal: never a double.
      budgets
          .addObject()
          .put("limit_usd", b.limitUsd())
          .put("period", b.period().toString())
          .put("enforcement", b.enforcementName());
    }
    st.setString(first + 5, budgets.toString());
  }

  private static JsonNode json(String text) throws SQLException {
    try {
      return JSON.readTree(text == null || text.isBlank() ? "[]" : text);
    } catch (java.io.IOException e) {
      throw new SQLException("a key's limits column is not JSON: " + e.getMessage(), e);
    }
  }

  private static OptionalLong optionalLong(ResultSet row, int column) throws SQLException {
    long v = row.getLong(column);
    return row.wasNull() ? OptionalLong.empty() : OptionalLong.of(v);
  }

  private static void setLong(PreparedStatement st, int column, OptionalLong v)
      throws SQLException {
    if (v.isPresent()) {
      st.setLong(column, v.getAsLong());
    } else {
      st.setNull(column, Types.INTEGER);
    }
  }
}

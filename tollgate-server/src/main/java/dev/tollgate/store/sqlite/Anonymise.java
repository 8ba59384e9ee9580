package dev.tollgate.store.sqlite;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.List;

/**
 * Replaces one end user's identity with an anonymous token in the events and every rollup, in the
 * writer's transaction: amounts stay where they were, so every total is unchanged. A rollup row
 * moves by upsert-then-delete, because the token's row may already exist (the same token used
 * twice) and a plain UPDATE would then break the primary key.
 */
final class Anonymise {

  private Anonymise() {}

  /**
   * @return the number of events that named {@code endUser}
   */
  static long run(Connection c, String endUser, String token) throws SQLException {
    long events =
        update(c, "UPDATE ledger_events SET end_user = ? WHERE end_user = ?", token, endUser);
    for (String table :
        List.of(
            "rollup_usage_hourly",
            "rollup_usage_daily",
            "rollup_usage_tags_hourly",
            "rollup_usage_tags_daily")) {
      move(c, table, "end_user", endUser, token);
    }
    for (String table : List.of("rollup_hourly", "rollup_daily")) {
      move(c, table, "value", endUser, token, " AND dimension = 'END_USER'");
    }
    return events;
  }

  private static void move(Connection c, String table, String column, String from, String to)
      throws SQLException {
    move(c, table, column, from, to, "");
  }

  private static void move(
      Connection c, String table, String column, String from, String to, String where)
      throws SQLException {
    List<String> columns = columns(c, table);
    List<String> keys = keys(c, table);
    String select =
        String.join(", ", columns.stream().map(x -> x.equals(column) ? "?" : quote(x)).toList());
    StringBuilder sql =
        new StringBuilder("INSERT INTO ")
            .append(table)
            .append(" (")
            .append(String.join(", ", columns.stream().map(Anonymise::quote).toList()))
            .append(") SELECT ")
            .append(select)
            .append(" FROM ")
            .append(table)
            .append(" WHERE ")
            .append(column)
            .append(" = ?")
            .append(where)
            .append(" ON CONFLICT (")
            .append(String.join(", ", keys.stream().map(Anonymise::quote).toList()))
            .append(") DO UPDATE SET ");
    List<String> sums = columns.stream().filter(x -> !keys.contains(x)).toList();
    for (int i = 0; i < sums.size(); i++) {
      String s = quote(sums.get(i));
      sql.append(i == 0 ? "" : ", ").append(s).append(" = ").append(s).append(" + excluded.");
      sql.append(s);
    }
    // The SELECT has a WHERE clause, which SQLite needs to parse an upsert after INSERT … SELECT.
    update(c, sql.toString(), to, from);
    update(c, "DELETE FROM " + table + " WHERE " + column + " = ?" + where, from, null);
  }

  private static List<String> columns(Connection c, String table) throws SQLException {
    return pragma(c, "SELECT name FROM pragma_table_info(?) ORDER BY cid", table);
  }

  private static List<String> keys(Connection c, String table) throws SQLException {
    return pragma(c, "SELECT name FROM pragma_table_info(?) WHERE pk > 0 ORDER BY pk", table);
  }

  private static List<String> pragma(Connection c, String sql, String table) throws SQLException {
    try (PreparedStatement s = c.prepareStatement(sql)) {
      s.setString(1, table);
      List<String> out = new java.util.ArrayList<>();
      try (var r = s.executeQuery()) {
        while (r.next()) {
          out.add(r.getString(1));
        }
      }
      return out;
    }
  }

  private static String quote(String column) {
    return '"' + column + '"';
  }

  private static long update(Connection c, String sql, String first, String second)
      throws SQLException {
    try (PreparedStatement s = c.prepareStatement(sql)) {
      s.setString(1, first);
      if (second != null) {
        s.setString(2, second);
      }
      return s.executeLargeUpdate();
    }
  }
}

package dev.tollgate.bench.ledger;

import dev.tollgate.store.Store;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

/** The ledger's size on disk: the database files, then each table and index (SQLite's dbstat). */
final class DiskSize {

  private DiskSize() {}

  static void print(Path dir) throws IOException, SQLException {
    Path db = dir.resolve(Store.SQLITE_FILE);
    System.out.println("### Size on disk");
    System.out.println();
    System.out.println("| file | bytes | MiB |");
    System.out.println("|---|---|---|");
    long total = 0;
    for (String suffix : new String[] {"", "-wal", "-shm"}) {
      Path f = dir.resolve(Store.SQLITE_FILE + suffix);
      long bytes = Files.exists(f) ? Files.size(f) : 0;
      total += bytes;
      System.out.printf("| %s | %,d | %,.0f |%n", f.getFileName(), bytes, bytes / 1048576.0);
    }
    System.out.printf("| total | %,d | %,.0f |%n%n", total, total / 1048576.0);
    System.out.println("| table or index | rows | MiB |");
    System.out.println("|---|---|---|");
    try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + db);
        Statement s = c.createStatement();
        ResultSet r =
            s.executeQuery(
                "SELECT d.name, m.type, sum(d.pgsize), sum(CASE WHEN d.pagetype = 'leaf'"
                    + " THEN d.ncell ELSE 0 END) FROM dbstat d JOIN sqlite_schema m"
                    + " ON m.name = d.name GROUP BY d.name HAVING sum(d.pgsize) > 1048576"
                    + " ORDER BY 3 DESC")) {
      while (r.next()) {
        System.out.printf(
            "| %s%s | %,d | %,.0f |%n",
            r.getString(1),
            r.getString(2).equals("index") ? " (index)" : "",
            r.getLong(4),
            r.getLong(3) / 1048576.0);
      }
    } catch (SQLException e) {
      System.out.println("| (per table: dbstat not available: " + e.getMessage() + ") | | |");
    }
    System.out.println();
  }
}

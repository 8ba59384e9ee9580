package dev.tollgate.store.sqlite;

import dev.tollgate.ledger.LedgerStore;
import dev.tollgate.store.Store;
import dev.tollgate.store.StoreException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.InstantSource;
import java.util.UUID;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.FlywayException;
import org.sqlite.SQLiteConfig;
import org.sqlite.SQLiteDataSource;

/**
 * The single-node store: one SQLite file in WAL mode, migrated by Flyway from {@code
 * classpath:db/sqlite} (flyway-core ships SQLite support; see docs/adr/0002-sqlite-migrations.md).
 */
public final class SqliteStore implements Store {

  private final Path file;
  private final Connection connection;
  private final String instanceId;
  private final String schemaVersion;
  private SqliteLedgerStore ledger;
  private boolean closed;

  private SqliteStore(Path file, Connection connection, String instanceId, String schemaVersion) {
    this.file = file;
    this.connection = connection;
    this.instanceId = instanceId;
    this.schemaVersion = schemaVersion;
  }

  /**
   * Opens {@code file}, creating its directory and the database if needed, and migrates it.
   *
   * @throws StoreException naming the file if any step fails
   */
  public static SqliteStore open(Path file, InstantSource clock) {
    Path absolute = file.toAbsolutePath().normalize();
    createDirectory(absolute.getParent());
    SQLiteDataSource dataSource = dataSource(absolute);
    String version = migrate(dataSource, absolute);
    Connection connection = null;
    try {
      connection = dataSource.getConnection();
      String id = ensureInstance(connection, clock);
      return new SqliteStore(absolute, connection, id, version);
    } catch (SQLException e) {
      closeQuietly(connection);
      throw new StoreException("cannot open " + absolute + ": " + e.getMessage(), e);
    }
  }

  private static void createDirectory(Path dir) {
    try {
      Files.createDirectories(dir);
    } catch (IOException e) {
      throw new StoreException("cannot create the data directory " + dir + ": " + e, e);
    }
  }

  /**
   * WAL lets readers (the admin API, reports) run while the proxy appends. synchronous=NORMAL is
   * durable against a process crash and, in WAL mode, loses at most the last commits on a power
   * cut, never corrupting the file; FULL would fsync on every commit, about one per request.
   */
  private static SQLiteDataSource dataSource(Path file) {
    SQLiteConfig config = new SQLiteConfig();
    config.setJournalMode(SQLiteConfig.JournalMode.WAL);
    config.setSynchronous(SQLiteConfig.SynchronousMode.NORMAL);
    config.enforceForeignKeys(true);
    config.setBusyTimeout(5_000);
    // The only explicit transactions on this connection are admin changes with their audit rows
    // (SqliteAuditStore.atomically): IMMEDIATE takes the write lock at BEGIN, so a read inside one
    // cannot be made stale by the ledger's connection committing before the change writes (which
    // WAL reports as SQLITE_BUSY without waiting).
    config.setTransactionMode(SQLiteConfig.TransactionMode.IMMEDIATE);
    SQLiteDataSource dataSource = new SQLiteDataSource(config);
    dataSource.setUrl("jdbc:sqlite:" + file);
    return dataSource;
  }

  private static String migrate(SQLiteDataSource dataSource, Path file) {
    try {
      Flyway flyway =
          Flyway.configure(SqliteStore.class.getClassLoader())
              .dataSource(dataSource)
              .locations("classpath:db/sqlite")
              .failOnMissingLocations(true)
              .load();
      flyway.migrate();
      return flyway.info().current().getVersion().getVersion();
    } catch (FlywayException e) {
      String problem = e.getMessage().lines().findFirst().orElse("unknown error");
      throw new StoreException("cannot migrate " + file + ": " + problem, e);
    }
  }

  private static String ensureInstance(Connection connection, InstantSource clock)
      throws SQLException {
    try (PreparedStatement insert =
        connection.prepareStatement(
            "INSERT INTO instance (id, created_at) SELECT ?, ?"
                + " WHERE NOT EXISTS (SELECT 1 FROM instance)")) {
      insert.setString(1, UUID.randomUUID().toString());
      insert.setString(2, clock.instant().toString());
      insert.executeUpdate();
    }
    try (PreparedStatement select =
            connection.prepareStatement("SELECT id FROM instance ORDER BY created_at LIMIT 1");
        ResultSet row = select.executeQuery()) {
      row.next();
      return row.getString(1);
    }
  }

  private static void closeQuietly(Connection connection) {
    if (connection != null) {
      try {
        connection.close();
      } catch (SQLException ignored) {
        // Already failing; the first error is the one to report.
      }
    }
  }

  @Override
  public String instanceId() {
    return instanceId;
  }

  @Override
  public String location() {
    return file.toString();
  }

  @Override
  public String schemaVersion() {
    return schemaVersion;
  }

  @Override
  public synchronized LedgerStore ledger() {
    if (closed) {
      throw new IllegalStateException("the store " + file + " is closed");
    }
    if (ledger == null) {
      ledger = SqliteLedgerStore.open(file);
    }
    return ledger;
  }

  @Override
  public dev.tollgate.reports.UsageReports reports() {
    return (SqliteLedgerStore) ledger();
  }

  @Override
  public dev.tollgate.recommend.LedgerAnalysis analysis() {
    ledger(); // opened, hence migrated, first
    return new SqliteLedgerAnalysis(file);
  }

  @Override
  public dev.tollgate.keys.KeyStore keys() {
    return new SqliteKeyStore(connection);
  }

  @Override
  public dev.tollgate.credentials.CredentialStore credentials() {
    return new SqliteCredentialStore(connection);
  }

  @Override
  public dev.tollgate.accounting.BudgetStore budgets() {
    return new SqliteBudgetStore(connection);
  }

  @Override
  public dev.tollgate.accounting.OverrideStore overrides() {
    return new SqliteOverrideStore(connection);
  }

  @Override
  public dev.tollgate.catalog.PriceOverrideStore priceOverrides() {
    return new SqlitePriceOverrideStore(connection);
  }

  @Override
  public dev.tollgate.keys.AdminTokenStore adminTokens() {
    return new SqliteAdminTokenStore(connection);
  }

  @Override
  public dev.tollgate.audit.AuditStore audit() {
    return new SqliteAuditStore(connection);
  }

  /** The database file. */
  public Path file() {
    return file;
  }

  @Override
  public synchronized void close() {
    closed = true;
    if (ledger != null) {
      ledger.close();
    }
    closeQuietly(connection);
  }
}

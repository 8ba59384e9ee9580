package dev.tollgate.store;

import dev.tollgate.ledger.LedgerStore;
import dev.tollgate.store.sqlite.SqliteStore;
import java.nio.file.Path;
import java.time.InstantSource;

/**
 * Tollgate's durable state: which installation it belongs to, and the ledger. Keys and budgets
 * arrive in later issues behind this same interface.
 */
public interface Store extends AutoCloseable {

  /** The file name of the SQLite database inside the data directory. */
  String SQLITE_FILE = "tollgate.db";

  /**
   * Opens, creating and migrating if needed, the SQLite database {@value #SQLITE_FILE} in {@code
   * dataDir}, creating the directory too.
   *
   * @throws StoreException if the directory or database cannot be created, opened or migrated
   */
  static Store openSqlite(Path dataDir, InstantSource clock) {
    return SqliteStore.open(dataDir.resolve(SQLITE_FILE), clock);
  }

  /** This installation's id, created on first start and kept across restarts. */
  String instanceId();

  /** Where the data lives, for people to read: a file path or a URL without credentials. */
  String location();

  /** The schema version after migration, for example {@code "1"}. */
  String schemaVersion();

  /**
   * The ledger of usage events and adjustments in this store, opened on first use. It belongs to
   * this store: closing the store closes it.
   *
   * @throws StoreException if it cannot be opened
   */
  LedgerStore ledger();

  /** Usage reports and the retention purge over {@link #ledger()}. */
  dev.tollgate.reports.UsageReports reports();

  /** The sums over {@link #ledger()} that recommendations are made from. */
  dev.tollgate.recommend.LedgerAnalysis analysis();

  /** The virtual keys in this store. */
  dev.tollgate.keys.KeyStore keys();

  /** The provider credentials stored through the admin API, sealed. */
  dev.tollgate.credentials.CredentialStore credentials();

  /** The budgets defined through the admin API. */
  dev.tollgate.accounting.BudgetStore budgets();

  /** The admins' emergency overrides of budgets. */
  dev.tollgate.accounting.OverrideStore overrides();

  /** The price overrides set through the admin API. */
  dev.tollgate.catalog.PriceOverrideStore priceOverrides();

  /** The scoped admin tokens in this store. */
  dev.tollgate.keys.AdminTokenStore adminTokens();

  /** The admin audit log in this store. */
  dev.tollgate.audit.AuditStore audit();

  /** Releases the connections, the ledger's too; idempotent. */
  @Override
  void close();
}

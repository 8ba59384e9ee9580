package dev.tollgate.accounting;

import dev.tollgate.budget.BudgetEngine;
import dev.tollgate.budget.BudgetLedger;
import dev.tollgate.budget.BudgetSpec;
import dev.tollgate.config.BudgetDefinitions;
import dev.tollgate.config.TollgateConfig;
import dev.tollgate.ledger.LedgerJournal;
import dev.tollgate.ledger.LedgerStore;
import dev.tollgate.ledger.LedgerWriter;
import dev.tollgate.store.Store;
import java.nio.file.Path;
import java.time.Duration;
import java.time.InstantSource;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The budgets and the ledger of a running gateway, wired together: the budget engine over the
 * configured budgets, its counters rebuilt from the ledger at start-up, the group-commit writer in
 * front of the ledger, and a sweeper that expires reservations left by crashed or hung requests.
 */
public final class Accounting implements AutoCloseable {

  /** The ledger journal's directory, under the data directory. */
  public static final String JOURNAL_DIR = "ledger-journal";

  private static final Logger LOG = LoggerFactory.getLogger(Accounting.class);

  /** How often overdue reservations are looked for. */
  static final Duration SWEEP_EVERY = Duration.ofSeconds(5);

  private final BudgetEngine engine;
  private final BudgetLedger budgetLedger;
  private final LedgerStore ledger;
  private final LedgerWriter writer;
  private final ScheduledExecutorService sweeper;
  private final KeyBudgets keyBudgets;
  private final java.util.Set<String> configIds;
  private ApiBudgets apiBudgets;
  private EmergencyOverrides overrides;

  private Accounting(
      BudgetEngine engine,
      LedgerStore ledger,
      boolean sweep,
      java.time.ZoneId zone,
      LedgerJournal journal) {
    this.engine = engine;
    this.configIds =
        engine.specs().stream().map(BudgetSpec::id).collect(java.util.stream.Collectors.toSet());
    this.writer = journal == null ? new LedgerWriter(ledger) : new LedgerWriter(ledger, journal);
    // Reads (reports, counter rebuilds) see every event appended before them, journaled or not.
    this.ledger = new FlushedLedger(ledger, writer);
    this.budgetLedger = new BudgetLedger(engine, this.ledger);
    this.keyBudgets = new KeyBudgets(budgetLedger, zone);
    this.sweeper = sweep ? startSweeper(engine) : null;
  }

  /**
   * Opens the accounting of {@code store} under {@code config}'s budgets and rebuilds the counters
   * from the ledger.
   *
   * @throws dev.tollgate.config.ConfigException if a budget definition is wrong, naming it
   */
  public static Accounting open(TollgateConfig config, Store store, InstantSource clock) {
    return open(config, store, clock, true);
  }

  /** The same, without the background sweeper (for one-shot commands and tests). */
  public static Accounting open(
      TollgateConfig config, Store store, InstantSource clock, boolean sweep) {
    List<BudgetSpec> specs = BudgetDefinitions.specs(config.budgets());
    BudgetEngine engine;
    try {
      engine =
          new BudgetEngine(
              specs, clock, config.budgets().reservationTimeout(), new LoggingBudgetListener());
    } catch (IllegalArgumentException e) {
      throw new dev.tollgate.config.ConfigException(
          config.budgets().fileName() + ": budgets: " + e.getMessage());
    }
    Accounting accounting =
        new Accounting(
            engine,
            store.ledger(),
            sweep,
            config.budgets().zone(),
            journal(config.storage(), store.ledger(), sweep));
    accounting.budgetLedger.rebuild();
    accounting.apiBudgets =
        new ApiBudgets(store.budgets(), accounting.budgetLedger, config.budgets().zone(), clock);
    accounting.overrides = new EmergencyOverrides(store.overrides(), engine, clock);
    try {
      accounting.apiBudgets.registerAll();
    } catch (IllegalArgumentException e) {
      accounting.close();
      throw new dev.tollgate.config.ConfigException(e.getMessage());
    }
    return accounting;
  }

  /** The budget engine. */
  public BudgetEngine engine() {
    return engine;
  }

  /** Rebuilds, external usage and adjustments. */
  public BudgetLedger budgetLedger() {
    return budgetLedger;
  }

  /**
   * The ledger, for queries: each read first waits for the writer to hand the store what was
   * appended before it (a few milliseconds at most), so call it on a worker thread.
   */
  public LedgerStore ledger() {
    return ledger;
  }

  /** The budgets of virtual keys, registered in the engine. */
  public KeyBudgets keyBudgets() {
    return keyBudgets;
  }

  /** The budgets defined through the admin API. */
  public ApiBudgets apiBudgets() {
    return apiBudgets;
  }

  /**
   * The admins' emergency overrides. Their {@link EmergencyOverrides#restore} runs once every
   * budget is registered, the virtual keys' included.
   */
  public EmergencyOverrides overrides() {
    return overrides;
  }

  /** Whether budget {@code id} was defined in the configuration file (not at runtime). */
  public boolean fromConfig(String id) {
    return configIds.contains(id);
  }

  /** The group-commit writer: append here on the request path. */
  public LedgerWriter writer() {
    return writer;
  }

  /** Stops the sweeper and flushes the writer; the store is closed by its owner. */
  @Override
  public void close() {
    if (sweeper != null) {
      sweeper.shutdownNow();
    }
    writer.close();
  }

  /**
   * Replays the ledger journal a crash left (before the counters are rebuilt from the ledger;
   * skipped while a running gateway holds it), then, for a serving gateway ({@code serving}), opens
   * a new one if the configuration asks for it. One-shot commands write without a journal.
   */
  private static LedgerJournal journal(
      TollgateConfig.Storage storage, LedgerStore ledger, boolean serving) {
    Path dir = storage.dataDir().resolve(JOURNAL_DIR);
    LedgerJournal.Replay replay = LedgerJournal.recover(dir, ledger);
    replay.problems().forEach(p -> LOG.warn("ledger journal: {}", p));
    if (replay.entries() > 0) {
      LOG.info("ledger journal: {} entries left by the last run replayed", replay.entries());
    }
    return serving && storage.durability() == TollgateConfig.LedgerDurability.PROCESS_CRASH
        ? LedgerJournal.open(dir, LedgerJournal.DEFAULT_SEGMENT_BYTES)
        : null;
  }

  private static ScheduledExecutorService startSweeper(BudgetEngine engine) {
    ScheduledExecutorService s =
        Executors.newSingleThreadScheduledExecutor(
            r -> {
              Thread t = new Thread(r, "tollgate-reservation-sweeper");
              t.setDaemon(true);
              return t;
            });
    long ms = SWEEP_EVERY.toMillis();
    s.scheduleWithFixedDelay(engine::expireOverdue, ms, ms, TimeUnit.MILLISECONDS);
    return s;
  }
}

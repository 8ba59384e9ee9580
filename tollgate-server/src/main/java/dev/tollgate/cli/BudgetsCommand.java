package dev.tollgate.cli;

import dev.tollgate.accounting.Accounting;
import dev.tollgate.budget.BudgetEngine;
import dev.tollgate.budget.BudgetSpec;
import dev.tollgate.budget.BudgetStatus;
import dev.tollgate.config.TollgateConfig;
import dev.tollgate.store.Store;
import java.io.PrintWriter;
import java.math.RoundingMode;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/**
 * {@code tollgate budgets}: every configured budget's status, its counters rebuilt from the ledger
 * in the data directory. Read-only: it reserves and records nothing.
 */
@Command(
    name = "budgets",
    mixinStandardHelpOptions = true,
    description = {
      "Without a subcommand: show every configured budget (limit, spent, reserved, remaining,",
      "health, burn rate, projection) from the ledger in the data directory, read-only.",
      "With one: manage the budgets of a running gateway through its admin API."
    })
final class BudgetsCommand implements Callable<Integer> {

  private final CliContext context;

  @Mixin ConfigOption config;

  BudgetsCommand(CliContext context) {
    this.context = context;
  }

  @Override
  public Integer call() {
    TollgateConfig loaded = config.load(context);
    try (Store store = Store.openSqlite(loaded.storage().dataDir(), context.clock());
        Accounting accounting = Accounting.open(loaded, store, context.clock(), false)) {
      printStatus(context.out(), accounting.engine(), "");
      context.out().println("projection method: " + BudgetStatus.PROJECTION_METHOD);
      context.out().flush();
    }
    return Errors.OK;
  }

  /** One line per budget, each prefixed with {@code prefix}. */
  static void printStatus(PrintWriter out, BudgetEngine engine, String prefix) {
    for (BudgetSpec spec : engine.specs()) {
      BudgetStatus s = engine.status(spec.id());
      var m = s.metric();
      out.println(
          prefix
              + s.budgetId()
              + ": "
              + s.scope()
              + ", "
              + spec.period()
              + ", "
              + s.enforcement().name().toLowerCase(java.util.Locale.ROOT)
              + ", limit "
              + m.format(s.allocated())
              + "; spent "
              + m.format(s.spent())
              + ", reserved "
              + m.format(s.reserved())
              + ", available "
              + m.format(s.available())
              + " (reserve "
              + m.format(s.emergencyReserve())
              + "), "
              + s.health()
              + s.daysRemaining()
                  .map(
                      d ->
                          ", "
                              + d.setScale(1, RoundingMode.HALF_EVEN)
                              + " days left, projected "
                              + m.format(s.projected()))
                  .orElse(""));
    }
    out.flush();
  }
}

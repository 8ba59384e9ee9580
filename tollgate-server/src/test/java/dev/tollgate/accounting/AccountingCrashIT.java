package dev.tollgate.accounting;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tollgate.budget.BudgetStatus;
import dev.tollgate.config.ConfigLoader;
import dev.tollgate.config.TollgateConfig;
import dev.tollgate.store.Store;
import dev.tollgate.testkit.ForkedJvm;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.time.InstantSource;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Kills (SIGKILL) a process in the middle of requests that reserve, record and settle, then
 * restarts the accounting on its data: every acknowledged event is in the ledger, the budget
 * counters equal the ledger's sums, and the dead requests' reservations are gone.
 */
class AccountingCrashIT {

  private static final int ACKNOWLEDGED = 400;

  @TempDir Path dir;

  @Test
  @Timeout(value = 60, unit = TimeUnit.SECONDS)
  void afterAKillTheCountersEqualTheLedgerAndNoReservationSurvives() throws Exception {
    Files.writeString(
        dir.resolve("tollgate.yaml"),
        """
        budgets:
          define:
            - {id: lifetime, limit_usd: 1000000, period: total}
            - {id: team-payments, scope: "team:payments", limit_usd: 1000000, period: total}
        """);
    List<String> acknowledged = runAndKill();

    TollgateConfig config =
        ConfigLoader.load(Optional.of(dir.resolve("tollgate.yaml")), Map.of(), dir);
    try (Store store = Store.openSqlite(config.storage().dataDir(), InstantSource.system());
        Accounting accounting = Accounting.open(config, store, InstantSource.system(), false)) {
      assertThat(acknowledged)
          .allSatisfy(id -> assertThat(accounting.ledger().event(id)).as(id).isPresent());
      long ledgerSum = sqlLong(config, "SELECT coalesce(sum(actual_nanos), 0) FROM ledger_events");
      for (String budget : List.of("lifetime", "team-payments")) {
        BudgetStatus s = accounting.engine().status(budget);
        assertThat(s.spent()).as("%s spent equals the ledger", budget).isEqualTo(ledgerSum);
        assertThat(s.reserved())
            .as("%s: the dead process's reservations are gone", budget)
            .isZero();
        assertThat(s.byProvider()).containsOnlyKeys("openai").containsEntry("openai", ledgerSum);
      }
      assertThat(accounting.engine().activeReservations()).isZero();
      assertThat(ledgerSum).isPositive();
    }
  }

  private List<String> runAndKill() throws Exception {
    return ForkedJvm.readThenKill(
        AccountingCrashChild.class,
        List.of(dir.toString()),
        ACKNOWLEDGED,
        dir.resolve("child-stderr.txt"));
  }

  private static long sqlLong(TollgateConfig config, String sql) throws Exception {
    Path db = config.storage().dataDir().resolve(Store.SQLITE_FILE);
    try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + db);
        ResultSet r = c.createStatement().executeQuery(sql)) {
      r.next();
      return r.getLong(1);
    }
  }
}

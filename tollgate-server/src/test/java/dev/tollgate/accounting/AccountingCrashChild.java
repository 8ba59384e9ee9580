package dev.tollgate.accounting;

import dev.tollgate.budget.Actual;
import dev.tollgate.budget.BudgetRequest;
import dev.tollgate.budget.Decision;
import dev.tollgate.budget.Estimate;
import dev.tollgate.config.ConfigLoader;
import dev.tollgate.config.TollgateConfig;
import dev.tollgate.ledger.Attribution;
import dev.tollgate.ledger.UsageEvent;
import dev.tollgate.money.Money;
import dev.tollgate.store.Store;
import dev.tollgate.usage.Usage;
import dev.tollgate.usage.UsageKind;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.time.InstantSource;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Run in a child JVM by {@link AccountingCrashIT}: requests through the real accounting, as the
 * gateway will make them (reserve, append the event durably, settle), printing each request id once
 * its event is durable. Every fifth request stays in flight: reserved, never settled. It runs until
 * it is killed.
 */
public final class AccountingCrashChild {

  private AccountingCrashChild() {}

  public static void main(String[] args) {
    Path dir = Path.of(args[0]);
    TollgateConfig config =
        ConfigLoader.load(Optional.of(dir.resolve("tollgate.yaml")), Map.of(), dir);
    InstantSource clock = InstantSource.system();
    Attribution who = new Attribution("k-1", "alice", "", "payments", "", "", List.of("prod"));
    try (Store store = Store.openSqlite(config.storage().dataDir(), clock);
        // Serving, as `tollgate serve` opens it: appends are journaled (ADR 0007).
        Accounting accounting = Accounting.open(config, store, clock)) {
      for (long i = 0; ; i++) {
        String id = "req-" + i;
        Estimate e =
            new Estimate(
                "openai", "gpt-4o", 100, 100, Money.ofUsd("0.00025"), new BigDecimal("10000"));
        Decision.Allow allowed =
            (Decision.Allow) accounting.engine().reserve(BudgetRequest.of(id, who, e));
        if (i % 5 == 4) {
          continue; // in flight when the process dies
        }
        Usage usage =
            Usage.builder().set(UsageKind.INPUT, 100).set(UsageKind.OUTPUT, 1 + i % 100).build();
        Money cost = Money.ofNanos(250_000 + 10_000 * (1 + i % 100));
        UsageEvent event =
            new UsageEvent(
                id,
                clock.instant(),
                who,
                "openai",
                "gpt-4o",
                "gpt-4o",
                usage,
                e.worstCost(),
                cost,
                UsageEvent.CostState.EXACT,
                3,
                UsageEvent.Outcome.SUCCESS,
                "",
                "",
                UsageEvent.Origin.GATEWAY);
        accounting.writer().append(event).join();
        accounting
            .engine()
            .settle(
                allowed.reservation(),
                new Actual(cost, usage.promptTokens() + usage.completionTokens()));
        System.out.println(id);
        System.out.flush();
      }
    }
  }
}

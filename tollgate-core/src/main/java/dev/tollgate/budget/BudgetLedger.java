package dev.tollgate.budget;

import dev.tollgate.ledger.Adjustment;
import dev.tollgate.ledger.LedgerStore;
import dev.tollgate.ledger.Totals;
import dev.tollgate.ledger.UsageEvent;
import dev.tollgate.money.Money;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * The budget engine's link with the ledger: rebuilding counters from it at start-up, and the
 * operations whose record is a ledger entry (usage recorded from outside, manual adjustments). The
 * caller appends the entries these methods return, so that after any restart the counters equal the
 * sum of the ledger.
 */
public final class BudgetLedger {

  private final BudgetEngine engine;
  private final LedgerStore store;

  /** Binds {@code engine} to {@code store}. */
  public BudgetLedger(BudgetEngine engine, LedgerStore store) {
    this.engine = engine;
    this.store = store;
  }

  /**
   * Sets every budget's counter of the period in force to the sum of the ledger: the matching usage
   * events plus the budget's adjustments. Reservations are not in the ledger: those of a process
   * that died died with it.
   */
  public void rebuild() {
    Instant now = engine.clock().instant();
    for (BudgetState b : engine.states()) {
      rebuild(b, now);
    }
  }

  /**
   * Adds the budgets {@code add} and removes those with ids in {@code remove}, as {@link
   * BudgetEngine}'s one atomic change: each added budget's counters are first rebuilt from the
   * ledger, as at start-up, so a budget defined at runtime over a scope that already spent starts
   * from what it spent. Used for the budgets of virtual keys, created and changed at runtime.
   *
   * @throws IllegalArgumentException if an id is taken or two budgets would overlap; nothing
   *     changes
   */
  public void redefine(List<BudgetSpec> add, java.util.Set<String> remove) {
    Instant now = engine.clock().instant();
    engine.redefine(add, remove, b -> rebuild(b, now));
  }

  private void rebuild(BudgetState b, Instant now) {
    b.lock.lock();
    try {
      for (Period.Window w : windows(b, now)) {
        Counter c = new Counter(w.start(), w.end());
        Map<String, Totals> byProvider =
            store.totalsByProvider(
                b.spec.scope().dimension(), b.spec.scope().value(), w.start(), w.end());
        for (Map.Entry<String, Totals> p : byProvider.entrySet()) {
          long amount = pick(b.spec.metric(), p.getValue());
          c.spent += amount;
          c.addByProvider(p.getKey(), amount);
        }
        for (Adjustment a : store.adjustments(b.spec.id(), w.start())) {
          c.spent += a.delta();
        }
        c.thresholdsCrossed = Thresholds.reached(b.spec, c.spent);
        b.restore(c);
      }
    } finally {
      b.lock.unlock();
    }
  }

  /**
   * Counts usage that did not pass through the gateway against every budget it falls in. The caller
   * appends the event to the ledger (idempotently, by its id).
   */
  public void recordUsage(UsageEvent e) {
    if (!e.billable()) {
      return;
    }
    Estimate where =
        new Estimate(e.provider(), e.modelUsed(), 0, 0, Money.ZERO, java.math.BigDecimal.ZERO);
    for (BudgetState b : engine.applicable(e.who(), where)) {
      b.lock.lock();
      try {
        Counter c = b.at(e.time());
        if (c == null && b.window(engine.clock().instant()).contains(e.time())) {
          c = b.current(e.time());
        }
        if (c != null) {
          long amount = pick(b.spec.metric(), Totals.of(e));
          c.spent += amount;
          c.addByProvider(e.provider(), amount);
          Thresholds.check(b, c, amount, engine.listener());
        }
      } finally {
        b.lock.unlock();
      }
    }
  }

  /**
   * What a budget spent in each of its last {@code periods} periods, the current one first, summed
   * from the ledger: every past period stays queryable, because nothing is ever reset.
   *
   * @throws IllegalArgumentException for a rolling window (it has no periods) or an unknown id
   */
  public List<PeriodSpend> history(String budgetId, int periods) {
    BudgetState b = engine.state(budgetId);
    if (b.spec.period().kind() == Period.Kind.ROLLING) {
      throw new IllegalArgumentException(budgetId + ": a rolling window has no past periods");
    }
    List<PeriodSpend> out = new ArrayList<>();
    Instant at = engine.clock().instant();
    for (int i = 0; i < periods; i++) {
      Period.Window w = b.spec.period().windowAt(at, b.spec.zone());
      Totals t =
          store.totals(b.spec.scope().dimension(), b.spec.scope().value(), w.start(), w.end());
      long spent = pick(b.spec.metric(), t);
      for (Adjustment a : store.adjustments(budgetId, w.start())) {
        spent += a.delta();
      }
      out.add(new PeriodSpend(w, spent, b.spec.limit(), BudgetStatus.health(b.spec, spent)));
      if (b.spec.period().kind() == Period.Kind.TOTAL) {
        break;
      }
      at = w.start().minusNanos(1);
    }
    return out;
  }

  /**
   * A budget's spend in one period.
   *
   * @param window the period
   * @param spent what was spent in it, adjustments included
   * @param limit the budget's limit
   * @param health how it ended (or stands, for the current period)
   */
  public record PeriodSpend(Period.Window window, long spent, long limit, Health health) {}

  /** Sets what remains of the budget's current period, e.g. to match a provider console. */
  public Adjustment setRemaining(String budgetId, long remaining, String actor, String reason) {
    return adjust(budgetId, Adjustment.Kind.SET_REMAINING, actor, reason, remaining);
  }

  /** Resets the budget's current period to nothing spent. */
  public Adjustment resetPeriod(String budgetId, String actor, String reason) {
    return adjust(budgetId, Adjustment.Kind.RESET_PERIOD, actor, reason, 0);
  }

  private Adjustment adjust(
      String budgetId, Adjustment.Kind kind, String actor, String reason, long remaining) {
    BudgetState b = engine.state(budgetId);
    if (b.spec.period().kind() == Period.Kind.ROLLING) {
      throw new IllegalArgumentException(budgetId + ": a rolling window has no period to adjust");
    }
    if (remaining < 0 || remaining > b.spec.limit()) {
      throw new IllegalArgumentException(
          budgetId
              + ": remaining must be between 0 and the limit "
              + b.spec.limit()
              + ", got "
              + remaining);
    }
    Instant now = engine.clock().instant();
    b.lock.lock();
    try {
      Counter c = b.current(now);
      // A provider console's balance leaves out requests still in flight; they settle into it.
      long target = kind == Adjustment.Kind.RESET_PERIOD ? 0 : b.spec.limit() - remaining;
      long delta = target - c.spent;
      c.spent += delta;
      return new Adjustment(
          UUID.randomUUID().toString(), now, budgetId, c.start, kind, delta, actor, reason);
    } finally {
      b.lock.unlock();
    }
  }

  private static List<Period.Window> windows(BudgetState b, Instant now) {
    if (b.spec.period().kind() != Period.Kind.ROLLING) {
      return List.of(b.window(now));
    }
    List<Period.Window> hours = new ArrayList<>();
    Period.Window w = b.window(now);
    for (Instant h = w.start(); h.isBefore(w.end()); h = h.plus(Duration.ofHours(1))) {
      hours.add(new Period.Window(h, h.plus(Duration.ofHours(1))));
    }
    return hours;
  }

  static long pick(Metric m, Totals t) {
    return switch (m) {
      case COST -> t.costNanos();
      case TOKENS -> t.tokens();
      case REQUESTS -> t.requests();
    };
  }
}

package dev.tollgate.recommend;

import dev.tollgate.accounting.Accounting;
import dev.tollgate.budget.BudgetSpec;
import dev.tollgate.keys.VirtualKeys;
import dev.tollgate.ledger.Dimension;
import dev.tollgate.money.Money;
import dev.tollgate.pricing.Catalog;
import dev.tollgate.recommend.LedgerAnalysis.ModelKeyUsage;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Makes the recommendations of a running gateway over the last {@link Settings#WINDOW}, ending at
 * the injected clock's now: {@link CheaperModelRule}, {@link PromptCachingRule}, {@link
 * IdleKeyRule} and {@link BudgetRule} over the ledger's sums ({@link LedgerAnalysis}, two passes
 * over the window's raw events and one over the daily rollups), the catalog in force, the keys and
 * the budgets. Highest saving first, then by kind and id.
 *
 * <p>A month's ledger takes seconds to go through (about 4 s a million events), so the last report
 * is kept for {@link #REUSE_FOR} and handed out again for the same settings: the pages of one
 * listing come from one computation, and a caller following them does not pay for each. Callers
 * wait for a report being computed rather than starting another. Thread-safe.
 */
public final class Recommender {

  /** How long a report is handed out again, on the injected clock. */
  public static final java.time.Duration REUSE_FOR = java.time.Duration.ofMinutes(5);

  private final LedgerAnalysis analysis;
  private final java.util.function.Supplier<Catalog> catalog;
  private final VirtualKeys keys;
  private final Accounting accounting;
  private final InstantSource clock;
  private Settings lastSettings;
  private Report last;

  /**
   * A recommender over these sources, reading time from {@code clock} and the catalog in force from
   * {@code catalog} at each report (prices may change while the gateway runs).
   */
  public Recommender(
      LedgerAnalysis analysis,
      java.util.function.Supplier<Catalog> catalog,
      VirtualKeys keys,
      Accounting accounting,
      InstantSource clock) {
    this.analysis = analysis;
    this.catalog = catalog;
    this.keys = keys;
    this.accounting = accounting;
    this.clock = clock;
  }

  /**
   * Every recommendation of the window ending now.
   *
   * @param from the window's start
   * @param to the window's end (now)
   * @param recommendations highest saving first
   */
  public record Report(Instant from, Instant to, List<Recommendation> recommendations) {

    /** The sum of every recommendation's saving. */
    public Money totalSaving() {
      return recommendations.stream().map(Recommendation::saving).reduce(Money.ZERO, Money::plus);
    }
  }

  /**
   * The recommendations under {@code settings}: those of the last report if it was made for the
   * same settings less than {@link #REUSE_FOR} ago, else afresh for the window ending now.
   */
  public synchronized Report recommend(Settings settings) {
    Instant now = clock.instant();
    if (last == null
        || !settings.equals(lastSettings)
        || !now.isBefore(last.to().plus(REUSE_FOR))
        || now.isBefore(last.to())) {
      last = compute(settings, now);
      lastSettings = settings;
    }
    return last;
  }

  private Report compute(Settings settings, Instant to) {
    Instant from = to.minus(Settings.WINDOW);
    Catalog prices = catalog.get();
    List<ModelKeyUsage> usage = analysis.usageByModelAndKey(from, to, settings.shortOutputTokens());
    List<Recommendation> all = new ArrayList<>(CheaperModelRule.apply(usage, prices, to, settings));
    all.addAll(
        PromptCachingRule.apply(
            analysis.repeatedPrefixes(
                from, to, settings.minRepeats(), Settings.CACHE_LIFETIME, Settings.MAX_PREFIXES),
            prices,
            to,
            settings));
    Set<String> used = new HashSet<>(analysis.keysWithUsage(from, to));
    usage.forEach(u -> used.add(u.key()));
    List<Recommendation> idle = IdleKeyRule.apply(keys.all(), used, to);
    all.addAll(idle);
    all.addAll(budgets(idle));
    all.sort(
        Comparator.comparing(Recommendation::saving)
            .reversed()
            .thenComparing(Recommendation::kind)
            .thenComparing(Recommendation::id));
    return new Report(from, to, List.copyOf(all));
  }

  /**
   * The budget recommendations, less "unused" for the budgets of keys already found idle (the key's
   * recommendation covers them).
   */
  private List<Recommendation> budgets(List<Recommendation> idleKeys) {
    Set<String> idle = new HashSet<>();
    idleKeys.forEach(r -> idle.add(r.subject().get("key")));
    List<BudgetRule.History> histories = new ArrayList<>();
    for (BudgetSpec s : accounting.engine().specs()) {
      int periods = BudgetRule.periodsExamined(s.period().kind());
      boolean ofIdleKey =
          s.scope().dimension() == Dimension.KEY && idle.contains(s.scope().value());
      if (periods > 0 && !ofIdleKey) {
        try {
          histories.add(
              new BudgetRule.History(s, accounting.budgetLedger().history(s.id(), periods + 1)));
        } catch (IllegalArgumentException deletedMeanwhile) {
          // Runs beside the admin queue: a budget deleted since specs() was read is gone.
        }
      }
    }
    return BudgetRule.apply(histories);
  }
}

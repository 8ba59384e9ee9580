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
 * the budgets. Highest saving first, then by kind and id. Computed on each call; nothing is kept.
 */
public final class Recommender {

  private final LedgerAnalysis analysis;
  private final Catalog catalog;
  private final VirtualKeys keys;
  private final Accounting accounting;
  private final InstantSource clock;

  /** A recommender over these sources, reading time from {@code clock}. */
  public Recommender(
      LedgerAnalysis analysis,
      Catalog catalog,
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

  /** The recommendations under {@code settings}. */
  public Report recommend(Settings settings) {
    Instant to = clock.instant();
    Instant from = to.minus(Settings.WINDOW);
    List<ModelKeyUsage> usage = analysis.usageByModelAndKey(from, to, settings.shortOutputTokens());
    List<Recommendation> all =
        new ArrayList<>(CheaperModelRule.apply(usage, catalog, to, settings));
    all.addAll(
        PromptCachingRule.apply(
            analysis.repeatedPrefixes(
                from, to, settings.minRepeats(), Settings.CACHE_LIFETIME, Settings.MAX_PREFIXES),
            catalog,
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
        histories.add(
            new BudgetRule.History(s, accounting.budgetLedger().history(s.id(), periods + 1)));
      }
    }
    return BudgetRule.apply(histories);
  }
}

package dev.tollgate.recommend;

import dev.tollgate.budget.BudgetLedger.PeriodSpend;
import dev.tollgate.budget.BudgetSpec;
import dev.tollgate.budget.Metric;
import dev.tollgate.budget.Period;
import dev.tollgate.money.Money;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Budgets that are always at their limit, or never used, judged on their last complete periods:
 * those that end within the window, at least 3 and at most 36 ({@link #periodsExamined}). A period
 * hit the limit when its spend reached {@link Settings#BUDGET_HIT_PERCENT}% of what ordinary
 * requests may spend (the limit less the emergency reserve: a hard budget refuses the request that
 * would cross it, so its spend stops short); a budget is always exceeded when more than half of the
 * periods examined, and at least two, hit it. A budget is unused when each of them, and the current
 * one, spent under {@link Settings#BUDGET_UNUSED_PERCENT}% of the limit. Rolling and lifetime
 * ({@code total}) budgets have no past periods and are not judged. Neither change saves money by
 * itself.
 */
final class BudgetRule {

  private BudgetRule() {}

  /**
   * A budget and its spend per period, the current one first.
   *
   * @param periods {@link dev.tollgate.budget.BudgetLedger#history} of {@link #periodsExamined} + 1
   */
  record History(BudgetSpec spec, List<PeriodSpend> periods) {}

  /** The complete periods examined: those within the window, from 3 to 36. */
  static int periodsExamined(Period.Kind kind) {
    return switch (kind) {
      case HOURLY -> 36;
      case DAILY -> (int) Settings.WINDOW.toDays();
      case WEEKLY -> (int) Settings.WINDOW.toDays() / 7;
      case MONTHLY, YEARLY -> 3;
      case TOTAL, ROLLING -> 0;
    };
  }

  static List<Recommendation> apply(List<History> budgets) {
    List<Recommendation> out = new ArrayList<>();
    for (History h : budgets) {
      BudgetSpec s = h.spec();
      if (periodsExamined(s.period().kind()) == 0 || h.periods().size() < 2) {
        continue;
      }
      List<PeriodSpend> past = h.periods().subList(1, h.periods().size());
      long hit = past.stream().filter(p -> hit(s, p.spent())).count();
      if (hit >= 2 && hit * 2 > past.size()) {
        out.add(recommend(h, Recommendation.Kind.BUDGET_ALWAYS_EXCEEDED, hit, past.size()));
      } else if (h.periods().stream().allMatch(p -> unused(s, p.spent()))) {
        out.add(recommend(h, Recommendation.Kind.BUDGET_UNUSED, 0, past.size()));
      }
    }
    return out;
  }

  /** Whether {@code spent} reached the hit level of {@code s}'s ordinary share. */
  static boolean hit(BudgetSpec s, long spent) {
    long usable = s.limit() - s.emergencyReserve();
    return BigInteger.valueOf(spent)
            .multiply(BigInteger.valueOf(100))
            .compareTo(
                BigInteger.valueOf(usable)
                    .multiply(BigInteger.valueOf(Settings.BUDGET_HIT_PERCENT)))
        >= 0;
  }

  /** Whether {@code spent} is below the unused level of {@code s}'s limit. */
  static boolean unused(BudgetSpec s, long spent) {
    return BigInteger.valueOf(spent)
            .multiply(BigInteger.valueOf(100))
            .compareTo(
                BigInteger.valueOf(s.limit())
                    .multiply(BigInteger.valueOf(Settings.BUDGET_UNUSED_PERCENT)))
        < 0;
  }

  private static Recommendation recommend(
      History h, Recommendation.Kind kind, long hit, int examined) {
    BudgetSpec s = h.spec();
    Map<String, String> subject = new LinkedHashMap<>();
    subject.put("type", "budget");
    subject.put("budget", s.id());
    subject.put("scope", s.scope().toString());
    Map<String, Object> evidence = new LinkedHashMap<>();
    evidence.put("period", s.period().toString());
    evidence.put("enforcement", s.enforcement().name().toLowerCase(Locale.ROOT));
    amount(evidence, "limit", s.metric(), s.limit());
    evidence.put("periods_examined", (long) examined);
    evidence.put("periods_at_limit", hit);
    List<Object> periods = new ArrayList<>();
    for (PeriodSpend p : h.periods()) {
      Map<String, Object> o = new LinkedHashMap<>();
      o.put("start", p.window().start().toString());
      o.put("end", p.window().end().toString());
      amount(o, "spent", s.metric(), p.spent());
      o.put("at_limit", hit(s, p.spent()));
      periods.add(o);
    }
    evidence.put("periods", periods);
    boolean exceeded = kind == Recommendation.Kind.BUDGET_ALWAYS_EXCEEDED;
    return new Recommendation(
        kind.wire() + ":" + s.id(),
        kind,
        subject,
        exceeded ? "raise the limit or cut the spend" : "delete the budget or lower its limit",
        exceeded ? exceeded(s, hit, examined) : unused(s, examined),
        evidence,
        Money.ZERO,
        "none: changing a budget's limit changes what may be spent, not what was");
  }

  private static String exceeded(BudgetSpec s, long hit, int examined) {
    return String.format(
        Locale.ROOT,
        "Budget %s (%s, %s %s, %s) reached its limit in %d of its last %d complete periods:"
            + " requests in its scope were %s. Raise the limit if the spend is wanted, or move"
            + " the work to a cheaper model.",
        s.id(),
        s.scope(),
        shown(s.metric(), s.limit()),
        s.period(),
        s.enforcement().name().toLowerCase(Locale.ROOT),
        hit,
        examined,
        s.enforcement().denies() ? "refused or capped" : "over budget");
  }

  private static String unused(BudgetSpec s, int examined) {
    return String.format(
        Locale.ROOT,
        "Budget %s (%s, %s %s) spent under %d%% of its limit in each of its last %d complete"
            + " periods and in the current one: it guards next to nothing. Delete it if its scope"
            + " is gone, or lower the limit to what is spent.",
        s.id(),
        s.scope(),
        shown(s.metric(), s.limit()),
        s.period(),
        Settings.BUDGET_UNUSED_PERCENT,
        examined);
  }

  private static void amount(Map<String, Object> o, String name, Metric metric, long value) {
    switch (metric) {
      case COST -> o.put(name + "_usd", Money.ofNanos(value));
      case TOKENS -> o.put(name + "_tokens", value);
      case REQUESTS -> o.put(name + "_requests", value);
    }
  }

  private static String shown(Metric metric, long value) {
    return switch (metric) {
      case COST -> Repricing.usd(Money.ofNanos(value));
      case TOKENS -> Repricing.count(value) + " tokens";
      case REQUESTS -> Repricing.count(value) + " requests";
    };
  }
}

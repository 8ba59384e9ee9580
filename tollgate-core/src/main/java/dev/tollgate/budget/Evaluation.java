package dev.tollgate.budget;

import java.math.BigInteger;
import java.time.Instant;
import java.util.List;

/**
 * Checks an estimate against a set of budgets without changing anything: the decision half of
 * reserve. Called with every budget's lock held.
 */
final class Evaluation {

  enum Verdict {
    /** Every budget covers it. */
    OK,
    /** Every budget covers it, but an adaptive one is past its fallback threshold. */
    FALLBACK_WANTED,
    /** A hard or adaptive budget cannot cover it. */
    OVER_LIMIT,
    /** A per-request rule forbids it; no override or fallback changes that for this model. */
    FORBIDDEN
  }

  /**
   * The verdict and, unless OK, the budget that gave it.
   *
   * @param available what that budget had left for the request
   * @param needed what the request needed of it
   */
  record Result(Verdict verdict, BudgetState budget, long available, long needed, String why) {
    static final Result OK = new Result(Verdict.OK, null, 0, 0, "");
  }

  private Evaluation() {}

  static Result evaluate(List<BudgetState> budgets, Estimate e, boolean critical, Instant now) {
    Result tightest = null;
    Result fallback = null;
    // Pricing the worst case is BigDecimal work; do it once, not once per budget.
    long worstCost = e.worstCost().nanos();
    for (BudgetState b : budgets) {
      BudgetSpec s = b.spec;
      if (!s.enforcement().denies()) {
        // TRACK and SOFT never refuse a request, per-request rules included.
        continue;
      }
      String forbidden = forbidden(s, e);
      if (forbidden != null) {
        return new Result(Verdict.FORBIDDEN, b, 0, 0, forbidden);
      }
      if (s.maxCostPerRequest().isPresent() && worstCost > s.maxCostPerRequest().get().nanos()) {
        long max = s.maxCostPerRequest().get().nanos();
        Result r = new Result(Verdict.OVER_LIMIT, b, max, worstCost, "max_cost_per_request");
        tightest = tighter(tightest, r);
        continue;
      }
      long needed = worst(e, s.metric(), worstCost);
      long available = b.available(now, critical);
      if (needed > available) {
        tightest = tighter(tightest, new Result(Verdict.OVER_LIMIT, b, available, needed, "limit"));
      } else if (fallback == null
          && s.enforcement() == Enforcement.ADAPTIVE
          && pastFallback(b, needed, now)) {
        fallback = new Result(Verdict.FALLBACK_WANTED, b, available, needed, "fallback threshold");
      }
    }
    if (tightest != null) {
      return tightest;
    }
    return fallback != null ? fallback : Result.OK;
  }

  /** {@link Estimate#worst}, given the worst cost already worked out. */
  static long worst(Estimate e, Metric metric, long worstCost) {
    return metric == Metric.COST ? worstCost : e.worst(metric);
  }

  /**
   * The largest output bound that every budget covers, or -1 if not even the input fits. Only
   * meaningful when every budget that refused has output capping on.
   */
  static long affordableOutput(
      List<BudgetState> budgets, Estimate e, boolean critical, Instant now) {
    long best = e.maxOutputTokens();
    for (BudgetState b : budgets) {
      BudgetSpec s = b.spec;
      if (s.maxCostPerRequest().isPresent()) {
        best = Math.min(best, e.affordableOutput(Metric.COST, s.maxCostPerRequest().get().nanos()));
      }
      if (s.enforcement().denies()) {
        best = Math.min(best, e.affordableOutput(s.metric(), b.available(now, critical)));
      }
    }
    return best;
  }

  private static boolean pastFallback(BudgetState b, long needed, Instant now) {
    BudgetSpec s = b.spec;
    long after = b.spent(now) + b.reserved(now) + needed;
    return BigInteger.valueOf(after)
            .multiply(BigInteger.valueOf(100))
            .compareTo(
                BigInteger.valueOf(s.limit()).multiply(BigInteger.valueOf(s.fallbackPercent())))
        >= 0;
  }

  private static String forbidden(BudgetSpec s, Estimate e) {
    if (!s.allowedProviders().isEmpty() && !s.allowedProviders().contains(e.provider())) {
      return "provider "
          + e.provider()
          + " is not among the allowed providers "
          + s.allowedProviders();
    }
    if (s.blockedProviders().contains(e.provider())) {
      return "provider " + e.provider() + " is blocked";
    }
    if (!s.allowedModels().isEmpty() && !s.allowedModels().contains(e.model())) {
      return "model " + e.model() + " is not among the allowed models " + s.allowedModels();
    }
    if (s.blockedModels().contains(e.model())) {
      return "model " + e.model() + " is blocked";
    }
    return null;
  }

  /** The result whose budget has the smallest share of its limit left. */
  private static Result tighter(Result a, Result b) {
    if (a == null) {
      return b;
    }
    // a.available / a.limit <= b.available / b.limit, compared exactly by cross-multiplying
    BigInteger left =
        BigInteger.valueOf(a.available()).multiply(BigInteger.valueOf(b.budget().spec.limit()));
    BigInteger right =
        BigInteger.valueOf(b.available()).multiply(BigInteger.valueOf(a.budget().spec.limit()));
    return left.compareTo(right) <= 0 ? a : b;
  }
}

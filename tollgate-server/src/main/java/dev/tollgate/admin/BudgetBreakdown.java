package dev.tollgate.admin;

import dev.tollgate.budget.BudgetStatus;
import dev.tollgate.budget.Metric;
import dev.tollgate.budget.Scope;
import dev.tollgate.ledger.Dimension;
import dev.tollgate.ledger.Totals;
import dev.tollgate.ledger.UsageEvent;
import dev.tollgate.reports.Bucket;
import dev.tollgate.reports.Grouping;
import dev.tollgate.reports.ReportQuery;
import dev.tollgate.reports.ReportRow;
import dev.tollgate.reports.UsageReports;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * A budget's spend in its current period split by provider and by model, in the budget's unit,
 * summed from the ledger for its scope: the usage rollups for whole UTC hours, and the raw events
 * for the part of an hour at either end of a period that does not start on a whole UTC hour (zones
 * offset by a half or a quarter hour). Adjustments belong to no provider or model, so spent equals
 * either split's sum plus the period's adjustments.
 */
final class BudgetBreakdown {

  /** Provider × model rows read per report query; a scope rarely has more than a few dozen. */
  private static final int PAGE = 1_000;

  private static final List<Grouping> BY = List.of(Grouping.PROVIDER, Grouping.MODEL);

  /** The two splits, by name. */
  record Split(Map<String, Long> byProvider, Map<String, Long> byModel) {
    private void add(String provider, String model, long amount) {
      byProvider.merge(provider, amount, Long::sum);
      byModel.merge(model, amount, Long::sum);
    }
  }

  private final UsageReports reports;

  BudgetBreakdown(UsageReports reports) {
    this.reports = reports;
  }

  /** The split of {@code st}'s period up to {@code now}. */
  Split of(BudgetStatus st, Instant now) {
    Instant from = st.window().start();
    // Nothing is recorded after now, so the hour now is in can be read whole (an event stamped
    // exactly now is in it too).
    Instant end = now.truncatedTo(ChronoUnit.HOURS).plus(Duration.ofHours(1));
    Instant to = st.window().end().isBefore(end) ? st.window().end() : end;
    Split out = new Split(new TreeMap<>(), new TreeMap<>());
    Instant firstHour = ceilHour(from);
    Instant lastHour = to.truncatedTo(ChronoUnit.HOURS);
    if (!firstHour.isBefore(lastHour)) {
      raw(out, st, from, to);
      return out;
    }
    raw(out, st, from, firstHour);
    rollups(out, st, firstHour, lastHour);
    raw(out, st, lastHour, to);
    return out;
  }

  private void rollups(Split out, BudgetStatus st, Instant from, Instant to) {
    Scope scope = st.scope();
    Map<Grouping, String> filters =
        scope.dimension() == Dimension.GLOBAL
            ? Map.of()
            : Map.of(Grouping.valueOf(scope.dimension().name()), scope.value());
    for (long offset = 0; ; offset += PAGE) {
      List<ReportRow> rows =
          reports.rows(new ReportQuery(from, to, Bucket.NONE, BY, filters, false, PAGE, offset));
      for (ReportRow r : rows) {
        Totals t = new Totals(r.costNanos(), r.tokens(), r.requests());
        out.add(r.groups().get(Grouping.PROVIDER), r.groups().get(Grouping.MODEL), pick(st, t));
      }
      if (rows.size() < PAGE) {
        return;
      }
    }
  }

  private void raw(Split out, BudgetStatus st, Instant from, Instant to) {
    if (!from.isBefore(to)) {
      return;
    }
    Scope scope = st.scope();
    try {
      reports.exportEvents(
          from,
          to,
          e -> {
            if (e.billable() && in(scope, e)) {
              out.add(e.provider(), e.modelUsed(), pick(st, Totals.of(e)));
            }
          });
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static boolean in(Scope scope, UsageEvent e) {
    return scope.dimension() == Dimension.GLOBAL
        || scope.dimension().valuesOf(e).contains(scope.value());
  }

  private static long pick(BudgetStatus st, Totals t) {
    Metric m = st.metric();
    return switch (m) {
      case COST -> t.costNanos();
      case TOKENS -> t.tokens();
      case REQUESTS -> t.requests();
    };
  }

  private static Instant ceilHour(Instant t) {
    Instant floor = t.truncatedTo(ChronoUnit.HOURS);
    return floor.equals(t) ? t : floor.plus(Duration.ofHours(1));
  }
}

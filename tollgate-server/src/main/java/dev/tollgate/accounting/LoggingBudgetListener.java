package dev.tollgate.accounting;

import dev.tollgate.budget.BudgetListener;
import dev.tollgate.budget.BudgetRequest;
import dev.tollgate.budget.BudgetSpec;
import dev.tollgate.budget.Period;
import dev.tollgate.budget.Reservation;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Logs what the budget engine reports. The alerts issue adds a durable outbox beside it; until then
 * a threshold crossing is a log line, not a notification.
 */
final class LoggingBudgetListener implements BudgetListener {

  private static final Logger LOG = LoggerFactory.getLogger("tollgate.budgets");

  @Override
  public void thresholdCrossed(BudgetSpec budget, Period.Window window, int percent, long spent) {
    LOG.warn(
        "budget {} ({}) crossed {}% of its limit in the period from {}: spent {} of {}",
        budget.id(),
        budget.scope(),
        percent,
        window.start(),
        budget.metric().format(spent),
        budget.metric().format(budget.limit()));
  }

  @Override
  public void reservationExpired(Reservation r) {
    LOG.warn(
        "reservation {} of request {} expired unsettled at {} and was released (budgets {})",
        r.id(),
        r.requestId(),
        r.expiresAt(),
        r.budgetIds());
  }

  @Override
  public void overridden(String requestId, BudgetRequest.Override o, String budgetId) {
    LOG.warn(
        "request {} let past budget {} by emergency override of {}: {}",
        requestId,
        budgetId,
        o.actor(),
        o.reason());
  }
}

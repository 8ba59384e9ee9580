package dev.tollgate.budget;

/**
 * Hears what the budget engine does, off its hot path: alerts and metrics plug in here. Every
 * method does nothing by default, so the engine needs no alerting or metrics library.
 */
public interface BudgetListener {

  /** A budget's spend crossed {@code percent} of its limit in the period starting then. */
  default void thresholdCrossed(BudgetSpec budget, Period.Window window, int percent, long spent) {}

  /** A reservation was not settled in time and has been released. */
  default void reservationExpired(Reservation reservation) {}

  /** A request was let through past a hard limit by an admin. */
  default void overridden(String requestId, BudgetRequest.Override override, String budgetId) {}

  /** Listens to nothing. */
  BudgetListener NONE = new BudgetListener() {};
}

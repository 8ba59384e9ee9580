package dev.tollgate.budget;

/** How a budget stands in its period. */
public enum Health {
  /** Below the warning level. */
  GOOD,
  /** At or above the warning level. */
  WARNING,
  /** At or above the critical level. */
  CRITICAL,
  /** At or above the limit. */
  EXCEEDED
}

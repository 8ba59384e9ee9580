package dev.tollgate.budget;

/** What a budget does when spend approaches or passes its limit. */
public enum Enforcement {
  /** Count only; never alert, never deny. */
  TRACK,
  /** Allow, and alert as thresholds are crossed. */
  SOFT,
  /** Deny (or cap the output of) a request that the remaining budget cannot cover. */
  HARD,
  /** Past the fallback threshold, route to a cheaper model of the chain; past the limit, deny. */
  ADAPTIVE;

  /** Whether this enforcement can refuse a request. */
  public boolean denies() {
    return this == HARD || this == ADAPTIVE;
  }
}

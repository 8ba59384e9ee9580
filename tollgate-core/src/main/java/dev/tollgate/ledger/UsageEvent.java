package dev.tollgate.ledger;

import dev.tollgate.money.Money;
import dev.tollgate.usage.Usage;
import java.time.Instant;
import java.util.Objects;

/**
 * What one request used and cost. Append-only: never updated once written.
 *
 * @param id the request id (unique; an external record's id makes recording it idempotent)
 * @param time when the request started
 * @param who who it is attributed to
 * @param provider the provider that served it
 * @param modelRequested the model the client asked for
 * @param modelUsed the catalog model that served and priced it (differs after a fallback)
 * @param usage the normalised usage
 * @param estimatedCost the worst-case cost reserved before the call
 * @param actualCost the cost of the usage; {@link Money#ZERO} while {@link CostState#UNPRICED}
 * @param costState whether {@code actualCost} is exact, an estimate, or unknown
 * @param latencyMillis wall time of the request in milliseconds
 * @param outcome how the request ended
 * @param fallbackFrom the model first chosen when a fallback served the request, or ""
 * @param fallbackReason why the fallback happened, or ""
 * @param origin whether the request passed through the gateway or was recorded from outside
 * @param savedCost for a {@link Outcome#CACHE_HIT}, what the cached answer cost when it was first
 *     served (what the hit saved); {@link Money#ZERO} otherwise
 * @param prefix the fingerprint of the prompt's start, for finding prefixes sent again without
 *     caching; {@link PromptPrefix#NONE} when none was taken
 */
public record UsageEvent(
    String id,
    Instant time,
    Attribution who,
    String provider,
    String modelRequested,
    String modelUsed,
    Usage usage,
    Money estimatedCost,
    Money actualCost,
    CostState costState,
    long latencyMillis,
    Outcome outcome,
    String fallbackFrom,
    String fallbackReason,
    Origin origin,
    Money savedCost,
    PromptPrefix prefix)
    implements LedgerEntry {

  public UsageEvent {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(time, "time");
    Objects.requireNonNull(who, "who");
    provider = Objects.requireNonNullElse(provider, "");
    modelRequested = Objects.requireNonNullElse(modelRequested, "");
    modelUsed = Objects.requireNonNullElse(modelUsed, "");
    Objects.requireNonNull(usage, "usage");
    Objects.requireNonNull(estimatedCost, "estimatedCost");
    Objects.requireNonNull(actualCost, "actualCost");
    Objects.requireNonNull(costState, "costState");
    Objects.requireNonNull(outcome, "outcome");
    fallbackFrom = Objects.requireNonNullElse(fallbackFrom, "");
    fallbackReason = Objects.requireNonNullElse(fallbackReason, "");
    Objects.requireNonNull(origin, "origin");
    Objects.requireNonNull(savedCost, "savedCost");
    prefix = Objects.requireNonNullElse(prefix, PromptPrefix.NONE);
    if (latencyMillis < 0) {
      throw new IllegalArgumentException("latencyMillis must not be negative: " + latencyMillis);
    }
  }

  /** An event that saved nothing: every outcome but {@link Outcome#CACHE_HIT}. */
  public UsageEvent(
      String id,
      Instant time,
      Attribution who,
      String provider,
      String modelRequested,
      String modelUsed,
      Usage usage,
      Money estimatedCost,
      Money actualCost,
      CostState costState,
      long latencyMillis,
      Outcome outcome,
      String fallbackFrom,
      String fallbackReason,
      Origin origin) {
    this(
        id,
        time,
        who,
        provider,
        modelRequested,
        modelUsed,
        usage,
        estimatedCost,
        actualCost,
        costState,
        latencyMillis,
        outcome,
        fallbackFrom,
        fallbackReason,
        origin,
        Money.ZERO,
        PromptPrefix.NONE);
  }

  /**
   * Whether the event counts against budgets: it was not denied nor served from the response cache
   * (no provider was called, so nothing was spent), and it either succeeded or used something (a
   * stream cut off after some tokens is still billed). The gateway settles a reservation exactly
   * when its event is billable and releases it otherwise, and the ledger's sums count billable
   * events only, so counters rebuilt from the ledger equal the live ones.
   */
  public boolean billable() {
    return switch (outcome) {
      case DENIED, CACHE_HIT -> false;
      case SUCCESS -> true;
      case ERROR, CANCELLED -> actualCost.nanos() > 0 || totalTokens() > 0;
    };
  }

  /** Every token of every kind: what a token budget counts. */
  public long totalTokens() {
    return usage.promptTokens() + usage.completionTokens();
  }

  /** Whether the cost is exact, estimated, or could not be priced. */
  public enum CostState {
    EXACT,
    ESTIMATED,
    UNPRICED
  }

  /** How a request ended. */
  public enum Outcome {
    SUCCESS,
    ERROR,
    CANCELLED,
    DENIED,
    /** Answered from the response cache: no provider call, $0, the original's cost saved. */
    CACHE_HIT
  }

  /** Where the record came from. */
  public enum Origin {
    GATEWAY,
    EXTERNAL
  }
}

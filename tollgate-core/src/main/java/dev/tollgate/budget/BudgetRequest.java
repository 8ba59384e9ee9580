package dev.tollgate.budget;

import dev.tollgate.ledger.Attribution;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;

/**
 * A request as the budget engine sees it.
 *
 * @param requestId the request's id
 * @param who who it is attributed to
 * @param estimate its worst case on the model first chosen
 * @param critical whether it may spend the emergency reserve
 * @param override an admin's emergency override of hard limits, if any
 * @param alternatives the estimate of the same request on another model, for fallback routing;
 *     empty if that model cannot serve it
 * @param chain the request's own fallback chain (its route's fallback models, in order); when not
 *     empty, an adaptive budget past its threshold moves the request to the first model of this
 *     chain that is cheaper for it, instead of to the budget's {@code fallback_models}
 */
public record BudgetRequest(
    String requestId,
    Attribution who,
    Estimate estimate,
    boolean critical,
    Optional<Override> override,
    Function<String, Optional<Estimate>> alternatives,
    List<String> chain) {

  public BudgetRequest {
    Objects.requireNonNull(requestId, "requestId");
    Objects.requireNonNull(who, "who");
    Objects.requireNonNull(estimate, "estimate");
    Objects.requireNonNull(override, "override");
    Objects.requireNonNull(alternatives, "alternatives");
    chain = List.copyOf(chain);
  }

  /** A plain request: not critical, no override, no fallback estimates. */
  public static BudgetRequest of(String requestId, Attribution who, Estimate estimate) {
    return new BudgetRequest(
        requestId, who, estimate, false, Optional.empty(), m -> Optional.empty(), List.of());
  }

  /** The same request marked critical. */
  public BudgetRequest asCritical() {
    return new BudgetRequest(requestId, who, estimate, true, override, alternatives, chain);
  }

  /** The same request with an admin's override. */
  public BudgetRequest withOverride(Override o) {
    return new BudgetRequest(
        requestId, who, estimate, critical, Optional.of(o), alternatives, chain);
  }

  /** The same request with fallback estimates. */
  public BudgetRequest withAlternatives(Function<String, Optional<Estimate>> f) {
    return new BudgetRequest(requestId, who, estimate, critical, override, f, chain);
  }

  /** The same request with its own fallback chain (see {@link #chain()}). */
  public BudgetRequest withChain(List<String> models) {
    return new BudgetRequest(requestId, who, estimate, critical, override, alternatives, models);
  }

  /**
   * An admin's emergency override: the request may pass hard limits; who and why are recorded.
   *
   * @param actor who allowed it
   * @param reason why
   */
  public record Override(String actor, String reason) {
    public Override {
      if (actor == null || actor.isBlank() || reason == null || reason.isBlank()) {
        throw new IllegalArgumentException("an emergency override needs an actor and a reason");
      }
    }
  }
}

package dev.tollgate.pricing;

/** The price of a request, or why there is none. */
public sealed interface PriceResult {

  /** The model that was asked for. */
  String requestedModel();

  /** The request was priced. */
  record Priced(String requestedModel, String matchedBy, Cost cost) implements PriceResult {}

  /**
   * The model has no price and the policy is {@link UnknownModelPolicy#RECORD}: the usage is kept,
   * its cost is unknown (not zero), and an alert is due.
   */
  record Unpriced(String requestedModel, String reason) implements PriceResult {}

  /** The model has no price and the policy is {@link UnknownModelPolicy#REFUSE}. */
  record Refused(String requestedModel, String reason) implements PriceResult {}
}

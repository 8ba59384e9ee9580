package dev.tollgate.pricing;

/**
 * The outcome of looking a model name up in the {@link Catalog}. An unknown model is a state of its
 * own, never a price of zero: the operator's policy decides whether its request is refused or
 * recorded as unpriced.
 */
public sealed interface Resolution {

  /** The name that was asked for. */
  String requested();

  /**
   * The model was found.
   *
   * @param requested the name asked for
   * @param model the catalog entry
   * @param matchedBy how the name was matched, e.g. "exact id", "alias", "dated snapshot of
   *     gpt-4o", "local provider ollama"
   */
  record Known(String requested, ModelPrice model, String matchedBy) implements Resolution {}

  /**
   * No price is known for the model.
   *
   * @param requested the name asked for
   * @param reason what was tried
   */
  record Unknown(String requested, String reason) implements Resolution {}
}

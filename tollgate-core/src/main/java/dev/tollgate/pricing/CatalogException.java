package dev.tollgate.pricing;

/**
 * A price catalog, or a list of price overrides, that cannot be used. The message names the file,
 * the model and the field, for example {@code catalog.yaml: model openai/gpt-4o: prices[0].input:
 * must be a non-negative number, got "abc"}, so that an operator can fix it without a debugger.
 */
public class CatalogException extends RuntimeException {

  /** A problem with the text of a catalog. */
  public CatalogException(String message) {
    super(message);
  }

  /** A problem with the text of a catalog, found by a parser that threw {@code cause}. */
  public CatalogException(String message, Throwable cause) {
    super(message, cause);
  }
}

package dev.tollgate.pricing;

/**
 * A price catalog, or a list of price overrides, that cannot be used. The message names the file,
 * the model and the field, for example {@code catalog.yaml: model openai/gpt-4o: prices[0].input:
 * must be a non-negative number, got "abc"}, so that an operator can fix it without a debugger.
 */
public class CatalogException extends RuntimeException {

  private final String field;

  /** A problem with the text of a catalog. */
  public CatalogException(String message) {
    super(message);
    this.field = null;
  }

  /** A problem with one field, {@code field} being its path, e.g. {@code prices[0].input}. */
  static CatalogException at(String field, String message) {
    return new CatalogException(message, field);
  }

  private CatalogException(String message, String field) {
    super(message);
    this.field = field;
  }

  /** A problem with the text of a catalog, found by a parser that threw {@code cause}. */
  public CatalogException(String message, Throwable cause) {
    super(message, cause);
    this.field = null;
  }

  /** The path of the field at fault, e.g. {@code prices[0].input}, when one is. */
  public java.util.Optional<String> field() {
    return java.util.Optional.ofNullable(field).filter(f -> !f.isEmpty());
  }
}

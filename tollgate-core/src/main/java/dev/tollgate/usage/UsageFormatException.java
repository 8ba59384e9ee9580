package dev.tollgate.usage;

/**
 * A provider's usage JSON could not be read as its format documents it: a required count is
 * missing, a count is not a non-negative integer, or a total is smaller than the parts it is
 * documented to include. The message names the format and every field involved, for example {@code
 * OpenAI chat usage: field 'usage.prompt_tokens' must be a non-negative integer, got "abc"}.
 *
 * <p>It carries no stack trace: it is thrown on the request path, and the message says all there is
 * to know.
 */
public final class UsageFormatException extends RuntimeException {

  private final ApiFormat format;

  UsageFormatException(ApiFormat format, String detail) {
    super(format.label() + " usage: " + detail, null, false, false);
    this.format = format;
  }

  /** The format whose usage was malformed. */
  public ApiFormat format() {
    return format;
  }
}

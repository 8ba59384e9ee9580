package dev.tollgate.ledger;

import java.util.Objects;

/**
 * The fingerprint of the start of a request's prompt: never its text, only a hash of it and how
 * many tokens it holds, so that the same prefix sent again and again can be found in the ledger.
 * What the hash covers is decided where it is computed (the proxy's {@code PromptFingerprint}).
 *
 * @param fingerprint a hex hash of the prefix, or "" when the request had no prefix worth one
 * @param tokens the prefix's tokens, estimated (four characters a token); 0 without a fingerprint
 */
public record PromptPrefix(String fingerprint, long tokens) {

  /** No fingerprint: the prompt was too short to be cached, or the endpoint has no prompt. */
  public static final PromptPrefix NONE = new PromptPrefix("", 0);

  /**
   * @throws IllegalArgumentException if the tokens are negative, or given without a fingerprint
   */
  public PromptPrefix {
    fingerprint = Objects.requireNonNullElse(fingerprint, "");
    if (tokens < 0 || (fingerprint.isEmpty() && tokens != 0)) {
      throw new IllegalArgumentException(
          "a prefix without a fingerprint has no tokens, and tokens are never negative: " + tokens);
    }
  }

  /** Whether there is a fingerprint. */
  public boolean present() {
    return !fingerprint.isEmpty();
  }
}

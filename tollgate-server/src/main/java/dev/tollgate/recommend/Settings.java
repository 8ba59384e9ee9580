package dev.tollgate.recommend;

import java.time.Duration;

/**
 * The thresholds of the recommendation rules: the two a caller may change, and the fixed ones.
 *
 * @param shortOutputTokens an answer is short when its output (visible, reasoning and audio tokens)
 *     is at most this
 * @param minRepeats a prompt prefix is repeated when sent at least this often in the window
 */
public record Settings(long shortOutputTokens, int minRepeats) {

  /** The window every rule looks at, ending now; savings are over it. */
  public static final Duration WINDOW = Duration.ofDays(30);

  /** {@link #shortOutputTokens} unless given: a label, a classification, a short extraction. */
  public static final long DEFAULT_SHORT_OUTPUT_TOKENS = 256;

  /** {@link #minRepeats} unless given. */
  public static final int DEFAULT_MIN_REPEATS = 10;

  /** The fewest short answers of a model and key worth a recommendation. */
  public static final int MIN_SHORT_REQUESTS = 10;

  /**
   * How long a provider keeps a prompt prefix cached after its last use: 5 minutes at Anthropic
   * (the default lifetime) and OpenAI (5 to 10 minutes, longer off-peak), so the shorter one.
   */
  public static final Duration CACHE_LIFETIME = Duration.ofMinutes(5);

  /** The most repeated prefixes examined: those with the most prefix tokens sent. */
  public static final int MAX_PREFIXES = 1_000;

  /** A budget period "hit its limit" at this share of what ordinary requests may spend in it. */
  public static final int BUDGET_HIT_PERCENT = 95;

  /** A budget period is "unused" below this share of the limit. */
  public static final int BUDGET_UNUSED_PERCENT = 1;

  /** The defaults. */
  public static final Settings DEFAULT =
      new Settings(DEFAULT_SHORT_OUTPUT_TOKENS, DEFAULT_MIN_REPEATS);

  /**
   * @throws IllegalArgumentException if a threshold is out of range
   */
  public Settings {
    if (shortOutputTokens < 1) {
      throw new IllegalArgumentException(
          "shortOutputTokens must be positive: " + shortOutputTokens);
    }
    if (minRepeats < 2) {
      throw new IllegalArgumentException("minRepeats must be at least 2: " + minRepeats);
    }
  }
}

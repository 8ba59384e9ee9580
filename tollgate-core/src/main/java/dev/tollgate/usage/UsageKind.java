package dev.tollgate.usage;

/**
 * The kinds of usage that a provider bills for. The kinds are disjoint: a token is counted in
 * exactly one kind, so the cost of a request is the sum over kinds of count × price, with no kind
 * contained in another.
 */
public enum UsageKind {
  /** Text input tokens that were not read from or written to a cache. */
  INPUT("input", true),
  /** Input tokens read from the prompt cache. */
  CACHE_READ("cache read", true),
  /** Input tokens written to the cache with a 5-minute lifetime (the default one). */
  CACHE_WRITE_5M("cache write 5m", true),
  /** Input tokens written to the cache with a 1-hour lifetime. */
  CACHE_WRITE_1H("cache write 1h", true),
  /** Visible output tokens, excluding reasoning and audio tokens. */
  OUTPUT("output", true),
  /** Reasoning ("thinking") output tokens. */
  REASONING("reasoning", true),
  /** Audio input tokens. */
  INPUT_AUDIO("input audio", true),
  /** Audio output tokens. */
  OUTPUT_AUDIO("output audio", true),
  /** Generated images, billed per image. */
  IMAGES("images", false),
  /** Web searches run by the provider, billed per search. */
  WEB_SEARCHES("web searches", false),
  /** Other billable server-side tool calls (code execution, file search), billed per call. */
  TOOL_CALLS("tool calls", false);

  private final String label;
  private final boolean perMillionTokens;

  UsageKind(String label, boolean perMillionTokens) {
    this.label = label;
    this.perMillionTokens = perMillionTokens;
  }

  /** A short human label, as printed in a cost breakdown. */
  public String label() {
    return label;
  }

  /** Whether this kind is priced per million tokens; otherwise it is priced per unit. */
  public boolean perMillionTokens() {
    return perMillionTokens;
  }
}

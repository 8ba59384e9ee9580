package dev.tollgate.usage;

/**
 * What one request used, normalised across providers. Every count is of one {@link UsageKind}, and
 * the kinds are disjoint: {@code inputTokens} excludes cached and audio tokens, and {@code
 * outputTokens} excludes reasoning and audio tokens. Extractors translate each provider's own
 * convention into this one (OpenAI's {@code prompt_tokens} includes cached tokens; Anthropic's
 * {@code input_tokens} does not).
 *
 * @param inputTokens uncached text input tokens
 * @param cacheReadTokens input tokens read from the prompt cache
 * @param cacheWrite5mTokens input tokens written to the cache for 5 minutes
 * @param cacheWrite1hTokens input tokens written to the cache for 1 hour
 * @param outputTokens visible text output tokens
 * @param reasoningTokens reasoning output tokens
 * @param inputAudioTokens audio input tokens
 * @param outputAudioTokens audio output tokens
 * @param images images generated
 * @param webSearches web searches run by the provider
 * @param toolCalls other billable server-side tool calls
 * @param raw the provider's usage JSON this was extracted from, verbatim, or "" if none
 */
public record Usage(
    long inputTokens,
    long cacheReadTokens,
    long cacheWrite5mTokens,
    long cacheWrite1hTokens,
    long outputTokens,
    long reasoningTokens,
    long inputAudioTokens,
    long outputAudioTokens,
    long images,
    long webSearches,
    long toolCalls,
    String raw) {

  /** No usage at all. */
  public static final Usage NONE = builder().build();

  /**
   * @throws IllegalArgumentException if any count is negative
   */
  public Usage {
    for (UsageKind kind : UsageKind.values()) {
      long n = countOf(kind, this);
      if (n < 0) {
        throw new IllegalArgumentException(kind.label() + " count must not be negative: " + n);
      }
    }
    raw = raw == null ? "" : raw;
  }

  /** The count of one kind. */
  public long count(UsageKind kind) {
    return countOf(kind, this);
  }

  private static long countOf(UsageKind kind, Usage u) {
    return switch (kind) {
      case INPUT -> u.inputTokens;
      case CACHE_READ -> u.cacheReadTokens;
      case CACHE_WRITE_5M -> u.cacheWrite5mTokens;
      case CACHE_WRITE_1H -> u.cacheWrite1hTokens;
      case OUTPUT -> u.outputTokens;
      case REASONING -> u.reasoningTokens;
      case INPUT_AUDIO -> u.inputAudioTokens;
      case OUTPUT_AUDIO -> u.outputAudioTokens;
      case IMAGES -> u.images;
      case WEB_SEARCHES -> u.webSearches;
      case TOOL_CALLS -> u.toolCalls;
    };
  }

  /**
   * Every input token of the request, cached or not, text or audio. Long-context price tiers
   * compare this against their threshold, as Anthropic and Google do.
   */
  public long promptTokens() {
    return inputTokens
        + cacheReadTokens
        + cacheWrite5mTokens
        + cacheWrite1hTokens
        + inputAudioTokens;
  }

  /** Every output token: visible, reasoning and audio. */
  public long completionTokens() {
    return outputTokens + reasoningTokens + outputAudioTokens;
  }

  /** The sum of two usages, kind by kind; the raw JSON is not kept. */
  public Usage plus(Usage other) {
    Builder b = builder();
    for (UsageKind kind : UsageKind.values()) {
      b.set(kind, Math.addExact(count(kind), other.count(kind)));
    }
    return b.build();
  }

  /** A builder with every count at zero. */
  public static Builder builder() {
    return new Builder();
  }

  /** Builds a {@link Usage}; counts default to zero. */
  public static final class Builder {
    private final long[] counts = new long[UsageKind.values().length];
    private String raw = "";

    private Builder() {}

    /** Sets the count of one kind. */
    public Builder set(UsageKind kind, long count) {
      counts[kind.ordinal()] = count;
      return this;
    }

    /** Adds to the count of one kind. */
    public Builder add(UsageKind kind, long count) {
      counts[kind.ordinal()] = Math.addExact(counts[kind.ordinal()], count);
      return this;
    }

    /** Sets the raw provider usage JSON. */
    public Builder raw(String raw) {
      this.raw = raw;
      return this;
    }

    /** The usage. */
    public Usage build() {
      return new Usage(
          counts[UsageKind.INPUT.ordinal()],
          counts[UsageKind.CACHE_READ.ordinal()],
          counts[UsageKind.CACHE_WRITE_5M.ordinal()],
          counts[UsageKind.CACHE_WRITE_1H.ordinal()],
          counts[UsageKind.OUTPUT.ordinal()],
          counts[UsageKind.REASONING.ordinal()],
          counts[UsageKind.INPUT_AUDIO.ordinal()],
          counts[UsageKind.OUTPUT_AUDIO.ordinal()],
          counts[UsageKind.IMAGES.ordinal()],
          counts[UsageKind.WEB_SEARCHES.ordinal()],
          counts[UsageKind.TOOL_CALLS.ordinal()],
          raw);
    }
  }
}

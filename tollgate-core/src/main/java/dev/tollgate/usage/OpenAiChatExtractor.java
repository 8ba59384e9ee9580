package dev.tollgate.usage;

/**
 * OpenAI chat completions, and the providers that copy the format (DeepSeek, Groq).
 *
 * <p>{@code prompt_tokens} includes {@code prompt_tokens_details.cached_tokens} and {@code
 * prompt_tokens_details.audio_tokens}; {@code completion_tokens} includes {@code
 * completion_tokens_details.reasoning_tokens} and {@code completion_tokens_details.audio_tokens}.
 * Accepted and rejected prediction tokens are part of {@code completion_tokens} and billed as
 * output, so they stay in {@link UsageKind#OUTPUT}. The search models report no search count here,
 * so {@link UsageKind#WEB_SEARCHES} stays zero.
 *
 * <p>DeepSeek reports its cache as {@code prompt_cache_hit_tokens} and {@code
 * prompt_cache_miss_tokens}, which add up to {@code prompt_tokens}. A hit count, where present, is
 * the cache read in place of {@code cached_tokens}, and a miss count must then be the rest.
 */
final class OpenAiChatExtractor extends UsageObjectExtractor {

  static final OpenAiChatExtractor INSTANCE = new OpenAiChatExtractor();

  private static final String PROMPT = "prompt_tokens";
  private static final String CACHED = "prompt_tokens_details.cached_tokens";
  private static final String INPUT_AUDIO = "prompt_tokens_details.audio_tokens";
  private static final String CACHE_HIT = "prompt_cache_hit_tokens";
  private static final String CACHE_MISS = "prompt_cache_miss_tokens";
  private static final String COMPLETION = "completion_tokens";
  private static final String REASONING = "completion_tokens_details.reasoning_tokens";
  private static final String OUTPUT_AUDIO = "completion_tokens_details.audio_tokens";

  private OpenAiChatExtractor() {
    super(ApiFormat.OPENAI_CHAT);
  }

  @Override
  Usage read(UsageFields u) {
    long prompt = u.required(PROMPT);
    long inputAudio = u.optional(INPUT_AUDIO);
    String cachedField = u.has(CACHE_HIT) ? CACHE_HIT : CACHED;
    long cached = u.optional(cachedField);
    u.checkIncludes(PROMPT, prompt, u.sum(cached, inputAudio), cachedField, INPUT_AUDIO);
    if (u.has(CACHE_MISS)) {
      long miss = u.required(CACHE_MISS);
      if (u.sum(cached, miss) != prompt) {
        throw u.error(
            "'%s' (%d) + '%s' (%d) must add up to '%s' (%d)"
                .formatted(
                    u.name(cachedField), cached, u.name(CACHE_MISS), miss, u.name(PROMPT), prompt));
      }
    }

    long completion = u.required(COMPLETION);
    long reasoning = u.optional(REASONING);
    long outputAudio = u.optional(OUTPUT_AUDIO);
    u.checkIncludes(COMPLETION, completion, u.sum(reasoning, outputAudio), REASONING, OUTPUT_AUDIO);

    return Usage.builder()
        .set(UsageKind.INPUT, prompt - cached - inputAudio)
        .set(UsageKind.CACHE_READ, cached)
        .set(UsageKind.INPUT_AUDIO, inputAudio)
        .set(UsageKind.OUTPUT, completion - reasoning - outputAudio)
        .set(UsageKind.REASONING, reasoning)
        .set(UsageKind.OUTPUT_AUDIO, outputAudio)
        .raw(u.raw())
        .build();
  }
}

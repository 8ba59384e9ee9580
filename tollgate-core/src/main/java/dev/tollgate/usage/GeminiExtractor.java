package dev.tollgate.usage;

/**
 * Google Gemini ({@code generateContent} on the Gemini API and Vertex AI).
 *
 * <p>{@code promptTokenCount} includes {@code cachedContentTokenCount}, and {@code
 * promptTokensDetails} breaks the whole prompt, cached part included, down by modality, as {@code
 * cacheTokensDetails} does the cached part. So audio in the prompt is {@link UsageKind#INPUT_AUDIO}
 * less the audio that was read from the cache, which stays in {@link UsageKind#CACHE_READ} (there
 * is no kind for cached audio). {@code toolUsePromptTokenCount} (the results of grounding and other
 * tools, fed back as input) comes on top of the prompt and is {@link UsageKind#INPUT}; so are
 * image, video and document tokens.
 *
 * <p>{@code candidatesTokenCount} excludes {@code thoughtsTokenCount}; thoughts are billed as
 * output and counted as {@link UsageKind#REASONING}. Audio in {@code candidatesTokensDetails} is
 * {@link UsageKind#OUTPUT_AUDIO}. Google leaves out counts that are zero, so every count but {@code
 * promptTokenCount} may be absent.
 */
final class GeminiExtractor extends UsageObjectExtractor {

  static final GeminiExtractor INSTANCE = new GeminiExtractor();

  private static final String PROMPT = "promptTokenCount";
  private static final String CACHED = "cachedContentTokenCount";
  private static final String PROMPT_DETAILS = "promptTokensDetails";
  private static final String CACHE_DETAILS = "cacheTokensDetails";
  private static final String TOOL_USE = "toolUsePromptTokenCount";
  private static final String CANDIDATES = "candidatesTokenCount";
  private static final String CANDIDATES_DETAILS = "candidatesTokensDetails";
  private static final String THOUGHTS = "thoughtsTokenCount";
  private static final String AUDIO = "AUDIO";

  private GeminiExtractor() {
    super(ApiFormat.GEMINI);
  }

  @Override
  Usage read(UsageFields u) {
    long prompt = u.required(PROMPT);
    long cached = u.optional(CACHED);
    long promptAudio = u.modality(PROMPT_DETAILS, AUDIO);
    long cachedAudio = u.modality(CACHE_DETAILS, AUDIO);
    String promptAudioName = PROMPT_DETAILS + "[" + AUDIO + "]";
    String cachedAudioName = CACHE_DETAILS + "[" + AUDIO + "]";
    u.checkIncludes(PROMPT, prompt, cached, CACHED);
    u.checkIncludes(CACHED, cached, cachedAudio, cachedAudioName);
    u.checkIncludes(promptAudioName, promptAudio, cachedAudio, cachedAudioName);
    long uncachedAudio = promptAudio - cachedAudio;
    if (u.sum(cached, uncachedAudio) > prompt) {
      throw u.error(
          "'%s' (%d) + uncached audio (%d: '%s' less '%s') exceed '%s' (%d), which includes them"
              .formatted(
                  u.name(CACHED),
                  cached,
                  uncachedAudio,
                  u.name(promptAudioName),
                  u.name(cachedAudioName),
                  u.name(PROMPT),
                  prompt));
    }
    long toolUse = u.optional(TOOL_USE);

    long candidates = u.optional(CANDIDATES);
    long outputAudio = u.modality(CANDIDATES_DETAILS, AUDIO);
    u.checkIncludes(CANDIDATES, candidates, outputAudio, CANDIDATES_DETAILS + "[" + AUDIO + "]");

    return Usage.builder()
        .set(UsageKind.INPUT, u.sum(prompt - cached - uncachedAudio, toolUse))
        .set(UsageKind.CACHE_READ, cached)
        .set(UsageKind.INPUT_AUDIO, uncachedAudio)
        .set(UsageKind.OUTPUT, candidates - outputAudio)
        .set(UsageKind.REASONING, u.optional(THOUGHTS))
        .set(UsageKind.OUTPUT_AUDIO, outputAudio)
        .raw(u.raw())
        .build();
  }
}

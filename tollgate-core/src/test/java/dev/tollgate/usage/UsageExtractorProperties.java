package dev.tollgate.usage;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.LongRange;

/**
 * Whatever the counts, the disjoint kinds add back up to the totals the provider reported, and
 * malformed counts end in a {@link UsageFormatException}, never in a negative count or another
 * exception.
 */
class UsageExtractorProperties {

  private static final long MAX = 10_000_000;

  @Property
  void openAiChatKindsAddBackUpToPromptAndCompletionTokens(
      @ForAll @LongRange(max = MAX) long uncached,
      @ForAll @LongRange(max = MAX) long cached,
      @ForAll @LongRange(max = MAX) long inputAudio,
      @ForAll @LongRange(max = MAX) long visible,
      @ForAll @LongRange(max = MAX) long reasoning,
      @ForAll @LongRange(max = MAX) long outputAudio) {
    ObjectNode usage = Fixtures.MAPPER.createObjectNode();
    usage.put("prompt_tokens", uncached + cached + inputAudio);
    usage.put("completion_tokens", visible + reasoning + outputAudio);
    usage
        .putObject("prompt_tokens_details")
        .put("cached_tokens", cached)
        .put("audio_tokens", inputAudio);
    usage
        .putObject("completion_tokens_details")
        .put("reasoning_tokens", reasoning)
        .put("audio_tokens", outputAudio);

    Usage u = UsageExtractor.of(ApiFormat.OPENAI_CHAT).fromUsage(usage);

    assertThat(u.promptTokens()).isEqualTo(uncached + cached + inputAudio);
    assertThat(u.completionTokens()).isEqualTo(visible + reasoning + outputAudio);
    assertThat(u.inputTokens()).isEqualTo(uncached);
    assertThat(u.outputTokens()).isEqualTo(visible);
  }

  @Property
  void geminiKindsAddBackUpToTheTotalTokenCount(
      @ForAll @LongRange(max = MAX) long text,
      @ForAll @LongRange(max = MAX) long cachedText,
      @ForAll @LongRange(max = MAX) long audio,
      @ForAll @LongRange(max = MAX) long cachedAudio,
      @ForAll @LongRange(max = MAX) long toolUse,
      @ForAll @LongRange(max = MAX) long candidatesText,
      @ForAll @LongRange(max = MAX) long candidatesAudio,
      @ForAll @LongRange(max = MAX) long thoughts) {
    long prompt = text + cachedText + audio + cachedAudio;
    long candidates = candidatesText + candidatesAudio;
    ObjectNode usage = Fixtures.MAPPER.createObjectNode();
    usage.put("promptTokenCount", prompt);
    usage.put("cachedContentTokenCount", cachedText + cachedAudio);
    usage.put("toolUsePromptTokenCount", toolUse);
    usage.put("candidatesTokenCount", candidates);
    usage.put("thoughtsTokenCount", thoughts);
    usage.put("totalTokenCount", prompt + toolUse + candidates + thoughts);
    usage
        .putArray("promptTokensDetails")
        .add(modality("TEXT", text + cachedText))
        .add(modality("AUDIO", audio + cachedAudio));
    usage
        .putArray("cacheTokensDetails")
        .add(modality("TEXT", cachedText))
        .add(modality("AUDIO", cachedAudio));
    usage.putArray("candidatesTokensDetails").add(modality("AUDIO", candidatesAudio));

    Usage u = UsageExtractor.of(ApiFormat.GEMINI).fromUsage(usage);

    assertThat(u.promptTokens() + u.completionTokens())
        .isEqualTo(usage.get("totalTokenCount").longValue());
    assertThat(u.inputAudioTokens()).isEqualTo(audio);
    assertThat(u.cacheReadTokens()).isEqualTo(cachedText + cachedAudio);
    assertThat(u.outputAudioTokens()).isEqualTo(candidatesAudio);
  }

  @Property
  void anyIntegerCountsGiveAUsageOrAUsageFormatExceptionButNothingElse(
      @ForAll ApiFormat format,
      @ForAll long a,
      @ForAll long b,
      @ForAll long c,
      @ForAll long d,
      @ForAll long e,
      @ForAll long f) {
    ObjectNode usage = Fixtures.MAPPER.createObjectNode();
    // Every field that some format reads, so that each format sees all six values.
    usage.put("prompt_tokens", a).put("completion_tokens", b);
    usage.putObject("prompt_tokens_details").put("cached_tokens", c).put("audio_tokens", d);
    usage.putObject("completion_tokens_details").put("reasoning_tokens", e).put("audio_tokens", f);
    usage.put("input_tokens", a).put("output_tokens", b).put("cache_read_input_tokens", c);
    usage.putObject("input_tokens_details").put("cached_tokens", c);
    usage.putObject("output_tokens_details").put("reasoning_tokens", e);
    usage.put("cache_creation_input_tokens", d);
    usage
        .putObject("cache_creation")
        .put("ephemeral_5m_input_tokens", e)
        .put("ephemeral_1h_input_tokens", f);
    usage.putObject("server_tool_use").put("web_search_requests", e).put("web_fetch_requests", f);
    usage
        .put("promptTokenCount", a)
        .put("candidatesTokenCount", b)
        .put("cachedContentTokenCount", c);
    usage.put("toolUsePromptTokenCount", d).put("thoughtsTokenCount", e);
    usage.putArray("promptTokensDetails").add(modality("AUDIO", f));

    try {
      Usage u = UsageExtractor.of(format).fromUsage(usage);
      for (UsageKind kind : UsageKind.values()) {
        assertThat(u.count(kind)).isNotNegative();
      }
    } catch (UsageFormatException expected) {
      assertThat(expected.getMessage()).startsWith(format.label() + " usage: ");
    }
  }

  private static ObjectNode modality(String modality, long tokenCount) {
    ObjectNode n = Fixtures.MAPPER.createObjectNode();
    n.put("modality", modality).put("tokenCount", tokenCount);
    return n;
  }
}

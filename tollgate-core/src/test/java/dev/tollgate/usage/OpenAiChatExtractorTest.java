package dev.tollgate.usage;

import static dev.tollgate.usage.Fixtures.counts;
import static dev.tollgate.usage.Fixtures.json;
import static dev.tollgate.usage.Fixtures.response;
import static dev.tollgate.usage.UsageKind.CACHE_READ;
import static dev.tollgate.usage.UsageKind.INPUT;
import static dev.tollgate.usage.UsageKind.INPUT_AUDIO;
import static dev.tollgate.usage.UsageKind.OUTPUT;
import static dev.tollgate.usage.UsageKind.OUTPUT_AUDIO;
import static dev.tollgate.usage.UsageKind.REASONING;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;

class OpenAiChatExtractorTest {

  private final UsageExtractor extractor = UsageExtractor.of(ApiFormat.OPENAI_CHAT);

  @Test
  void openAiPromptTokensIncludeCachedTokensSoCachedAreNotCountedTwice() {
    Usage u = extractor.fromResponse(response("openai-chat-gpt-4o-cached.json"));

    assertThat(counts(u)).isEqualTo(counts(INPUT, 86, CACHE_READ, 1920, OUTPUT, 317));
    assertThat(u.promptTokens()).isEqualTo(2006);
  }

  @Test
  void reasoningTokensAreTakenOutOfCompletionTokens() {
    Usage u = extractor.fromResponse(response("openai-chat-o3-reasoning.json"));

    assertThat(counts(u))
        .isEqualTo(counts(INPUT, 331, CACHE_READ, 1152, OUTPUT, 565, REASONING, 3648));
    assertThat(u.completionTokens()).isEqualTo(4213);
  }

  @Test
  void audioTokensAreTakenOutOfPromptAndCompletionTokens() {
    Usage u = extractor.fromResponse(response("openai-chat-gpt-4o-audio.json"));

    assertThat(counts(u))
        .isEqualTo(counts(INPUT, 384, INPUT_AUDIO, 743, OUTPUT, 58, OUTPUT_AUDIO, 412));
    assertThat(u.promptTokens()).isEqualTo(1127);
    assertThat(u.completionTokens()).isEqualTo(470);
  }

  @Test
  void aPlainResponseIsAllInputAndOutput() {
    Usage u = extractor.fromResponse(response("openai-chat-gpt-4o-mini-plain.json"));

    assertThat(counts(u)).isEqualTo(counts(INPUT, 213, OUTPUT, 89));
  }

  @Test
  void deepSeekCacheHitTokensAreCacheReadsAndMissTokensAreInput() {
    Usage u = extractor.fromResponse(response("deepseek-chat-cached.json"));

    assertThat(counts(u)).isEqualTo(counts(INPUT, 243, CACHE_READ, 3328, OUTPUT, 438));
  }

  @Test
  void deepSeekHitTokensAreUsedWhenPromptTokensDetailsAreAbsent() {
    Usage u =
        extractor.fromUsage(
            json(
                "{'prompt_tokens': 1500, 'completion_tokens': 61,"
                    + " 'prompt_cache_hit_tokens': 1408, 'prompt_cache_miss_tokens': 92}"));

    assertThat(counts(u)).isEqualTo(counts(INPUT, 92, CACHE_READ, 1408, OUTPUT, 61));
  }

  @Test
  void groqTimingFieldsAreIgnoredAndTheRestIsReadAsOpenAiChat() {
    Usage u = extractor.fromResponse(response("groq-llama-plain.json"));

    assertThat(counts(u)).isEqualTo(counts(INPUT, 1239, OUTPUT, 377));
  }

  @Test
  void acceptedAndRejectedPredictionTokensStayInOutputBecauseTheyAreBilledAsOutput() {
    Usage u =
        extractor.fromUsage(
            json(
                "{'prompt_tokens': 512, 'completion_tokens': 301, 'completion_tokens_details':"
                    + " {'reasoning_tokens': 0, 'audio_tokens': 0,"
                    + " 'accepted_prediction_tokens': 187, 'rejected_prediction_tokens': 23}}"));

    assertThat(counts(u)).isEqualTo(counts(INPUT, 512, OUTPUT, 301));
  }

  @Test
  void nullOrAbsentDetailsCountAsZero() {
    Usage u =
        extractor.fromUsage(
            json(
                "{'prompt_tokens': 40, 'completion_tokens': 7,"
                    + " 'prompt_tokens_details': null, 'completion_tokens_details': {}}"));

    assertThat(counts(u)).isEqualTo(counts(INPUT, 40, OUTPUT, 7));
  }

  @Test
  void fromUsageReadsTheSameCountsAsFromResponse() {
    JsonNode body = response("openai-chat-o3-reasoning.json");

    assertThat(extractor.fromUsage(body.get("usage"))).isEqualTo(extractor.fromResponse(body));
  }

  @Test
  void rawHoldsTheProviderUsageObjectVerbatimAndCompact() throws Exception {
    JsonNode body = response("openai-chat-gpt-4o-audio.json");

    String raw = extractor.fromResponse(body).raw();

    assertThat(Fixtures.MAPPER.readTree(raw)).isEqualTo(body.get("usage"));
    assertThat(raw).doesNotContain("\n", " ").startsWith("{\"prompt_tokens\":1127,");
  }

  @Test
  void aMissingPromptTokensFieldIsNamed() {
    assertThatThrownBy(() -> extractor.fromUsage(json("{'completion_tokens': 5}")))
        .isInstanceOf(UsageFormatException.class)
        .hasMessage("OpenAI chat usage: field 'usage.prompt_tokens' is missing");
  }

  @Test
  void aNullCompletionTokensFieldIsMissing() {
    assertThatThrownBy(
            () -> extractor.fromUsage(json("{'prompt_tokens': 5, 'completion_tokens': null}")))
        .hasMessage("OpenAI chat usage: field 'usage.completion_tokens' is missing");
  }

  @Test
  void aStringCountIsRejectedShowingTheValue() {
    assertThatThrownBy(
            () -> extractor.fromUsage(json("{'prompt_tokens': 'abc', 'completion_tokens': 5}")))
        .isInstanceOf(UsageFormatException.class)
        .hasMessage(
            "OpenAI chat usage: field 'usage.prompt_tokens' must be a non-negative integer,"
                + " got \"abc\"")
        .satisfies(
            e -> assertThat(((UsageFormatException) e).format()).isEqualTo(ApiFormat.OPENAI_CHAT));
  }

  @Test
  void negativeFractionalAndOversizedCountsAreRejected() {
    assertThatThrownBy(
            () -> extractor.fromUsage(json("{'prompt_tokens': 5, 'completion_tokens': -1}")))
        .hasMessageEndingWith(
            "field 'usage.completion_tokens' must be a non-negative integer, got -1");
    assertThatThrownBy(
            () -> extractor.fromUsage(json("{'prompt_tokens': 12.0, 'completion_tokens': 1}")))
        .hasMessageEndingWith("'usage.prompt_tokens' must be a non-negative integer, got 12.0");
    assertThatThrownBy(
            () ->
                extractor.fromUsage(
                    json("{'prompt_tokens': 9223372036854775808, 'completion_tokens': 1}")))
        .hasMessageEndingWith(
            "'usage.prompt_tokens' must be a non-negative integer, got 9223372036854775808");
  }

  @Test
  void cachedTokensAboveThePromptTheyArePartOfNameBothFields() {
    JsonNode usage =
        json(
            "{'prompt_tokens': 2006, 'completion_tokens': 317,"
                + " 'prompt_tokens_details': {'cached_tokens': 2048, 'audio_tokens': 0}}");

    assertThatThrownBy(() -> extractor.fromUsage(usage))
        .hasMessage(
            "OpenAI chat usage: 'usage.prompt_tokens_details.cached_tokens'"
                + " + 'usage.prompt_tokens_details.audio_tokens' (2048) exceed"
                + " 'usage.prompt_tokens' (2006), which includes them");
  }

  @Test
  void reasoningTokensAboveTheCompletionTheyArePartOfNameBothFields() {
    JsonNode usage =
        json(
            "{'prompt_tokens': 10, 'completion_tokens': 300,"
                + " 'completion_tokens_details': {'reasoning_tokens': 256, 'audio_tokens': 45}}");

    assertThatThrownBy(() -> extractor.fromUsage(usage))
        .hasMessageContaining("'usage.completion_tokens_details.reasoning_tokens'")
        .hasMessageContaining("(301) exceed 'usage.completion_tokens' (300)");
  }

  @Test
  void deepSeekHitAndMissTokensThatDoNotAddUpToThePromptAreRejected() {
    JsonNode usage =
        json(
            "{'prompt_tokens': 3571, 'completion_tokens': 438,"
                + " 'prompt_cache_hit_tokens': 3328, 'prompt_cache_miss_tokens': 240}");

    assertThatThrownBy(() -> extractor.fromUsage(usage))
        .hasMessage(
            "OpenAI chat usage: 'usage.prompt_cache_hit_tokens' (3328)"
                + " + 'usage.prompt_cache_miss_tokens' (240)"
                + " must add up to 'usage.prompt_tokens' (3571)");
  }

  @Test
  void aResponseWithoutUsageOrADetailsFieldThatIsNotAnObjectIsRejected() {
    assertThatThrownBy(() -> extractor.fromResponse(json("{'id': 'chatcmpl-1', 'usage': null}")))
        .hasMessage("OpenAI chat usage: field 'usage' is missing");
    assertThatThrownBy(() -> extractor.fromResponse(json("[1]")))
        .hasMessage("OpenAI chat usage: response body must be a JSON object, got [1]");
    assertThatThrownBy(
            () ->
                extractor.fromUsage(
                    json(
                        "{'prompt_tokens': 5, 'completion_tokens': 5,"
                            + " 'prompt_tokens_details': 3}")))
        .hasMessage(
            "OpenAI chat usage: field 'usage.prompt_tokens_details' must be an object, got 3");
  }
}

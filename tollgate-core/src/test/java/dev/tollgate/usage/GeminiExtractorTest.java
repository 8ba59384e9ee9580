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

class GeminiExtractorTest {

  private final UsageExtractor extractor = UsageExtractor.of(ApiFormat.GEMINI);

  @Test
  void aLongPromptIsAllInputAndCountsTowardsTheHundredAndTwentyEightThousandTier() {
    Usage u = extractor.fromResponse(response("gemini-1.5-pro-long.json"));

    assertThat(counts(u)).isEqualTo(counts(INPUT, 143817, OUTPUT, 1266));
    assertThat(u.promptTokens()).isGreaterThan(128_000);
  }

  @Test
  void promptTokensIncludeCachedContentAndCandidateTokensExcludeThoughts() {
    Usage u = extractor.fromResponse(response("gemini-2.5-flash-thinking-cached.json"));

    assertThat(counts(u))
        .isEqualTo(counts(INPUT, 1672, CACHE_READ, 8171, OUTPUT, 612, REASONING, 1379));
    assertThat(u.promptTokens() + u.completionTokens()).isEqualTo(11834);
  }

  @Test
  void audioInThePromptIsTakenOutOfInput() {
    Usage u = extractor.fromResponse(response("gemini-audio.json"));

    assertThat(counts(u))
        .isEqualTo(counts(INPUT, 30, INPUT_AUDIO, 4832, OUTPUT, 397, REASONING, 256));
  }

  @Test
  void audioInTheCandidatesIsTakenOutOfOutput() {
    Usage u = extractor.fromResponse(response("gemini-2.5-flash-tts.json"));

    assertThat(counts(u)).isEqualTo(counts(INPUT, 47, OUTPUT_AUDIO, 1238));
  }

  @Test
  void cachedAudioIsACacheReadAndNotAlsoTakenOutOfInputAsAudio() {
    Usage u =
        extractor.fromUsage(
            json(
                "{'promptTokenCount': 6013, 'cachedContentTokenCount': 5771,"
                    + " 'candidatesTokenCount': 88,"
                    + " 'promptTokensDetails': [{'modality': 'TEXT', 'tokenCount': 1181},"
                    + " {'modality': 'AUDIO', 'tokenCount': 4832}],"
                    + " 'cacheTokensDetails': [{'modality': 'TEXT', 'tokenCount': 939},"
                    + " {'modality': 'AUDIO', 'tokenCount': 4832}]}"));

    assertThat(counts(u)).isEqualTo(counts(INPUT, 242, CACHE_READ, 5771, OUTPUT, 88));
    assertThat(u.promptTokens()).isEqualTo(6013);
  }

  @Test
  void toolUsePromptTokensComeOnTopOfThePromptAsInput() {
    Usage u =
        extractor.fromUsage(
            json(
                "{'promptTokenCount': 27, 'candidatesTokenCount': 311,"
                    + " 'toolUsePromptTokenCount': 1459, 'totalTokenCount': 1797}"));

    assertThat(counts(u)).isEqualTo(counts(INPUT, 1486, OUTPUT, 311));
  }

  @Test
  void countsThatGoogleLeavesOutBecauseTheyAreZeroAreZero() {
    Usage u =
        extractor.fromUsage(
            json(
                "{'promptTokenCount': 14, 'totalTokenCount': 14,"
                    + " 'promptTokensDetails': [{'modality': 'TEXT', 'tokenCount': 14},"
                    + " {'modality': 'AUDIO'}]}"));

    assertThat(counts(u)).isEqualTo(counts(INPUT, 14));
  }

  @Test
  void aMissingPromptTokenCountIsNamed() {
    assertThatThrownBy(
            () -> extractor.fromResponse(json("{'usageMetadata': {'candidatesTokenCount': 3}}")))
        .hasMessage("Gemini usage: field 'usageMetadata.promptTokenCount' is missing");
    assertThatThrownBy(() -> extractor.fromResponse(json("{'candidates': []}")))
        .hasMessage("Gemini usage: field 'usageMetadata' is missing");
  }

  @Test
  void cachedContentAboveThePromptItIsPartOfNamesBothFields() {
    JsonNode usage = json("{'promptTokenCount': 900, 'cachedContentTokenCount': 1024}");

    assertThatThrownBy(() -> extractor.fromUsage(usage))
        .hasMessage(
            "Gemini usage: 'usageMetadata.cachedContentTokenCount' (1024) exceeds"
                + " 'usageMetadata.promptTokenCount' (900), which includes it");
  }

  @Test
  void audioAboveTheCandidatesItIsPartOfNamesBothFields() {
    JsonNode usage =
        json(
            "{'promptTokenCount': 5, 'candidatesTokenCount': 100,"
                + " 'candidatesTokensDetails': [{'modality': 'AUDIO', 'tokenCount': 101}]}");

    assertThatThrownBy(() -> extractor.fromUsage(usage))
        .hasMessage(
            "Gemini usage: 'usageMetadata.candidatesTokensDetails[AUDIO]' (101) exceeds"
                + " 'usageMetadata.candidatesTokenCount' (100), which includes it");
  }

  @Test
  void aBadModalityTokenCountIsNamedWithItsIndex() {
    JsonNode usage =
        json(
            "{'promptTokenCount': 50, 'promptTokensDetails':"
                + " [{'modality': 'TEXT', 'tokenCount': 20}, {'modality': 'AUDIO', 'tokenCount': '30'}]}");

    assertThatThrownBy(() -> extractor.fromUsage(usage))
        .hasMessage(
            "Gemini usage: field 'usageMetadata.promptTokensDetails[1].tokenCount'"
                + " must be a non-negative integer, got \"30\"");
  }
}

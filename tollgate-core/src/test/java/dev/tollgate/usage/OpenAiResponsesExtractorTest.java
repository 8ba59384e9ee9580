package dev.tollgate.usage;

import static dev.tollgate.usage.Fixtures.counts;
import static dev.tollgate.usage.Fixtures.json;
import static dev.tollgate.usage.Fixtures.response;
import static dev.tollgate.usage.UsageKind.CACHE_READ;
import static dev.tollgate.usage.UsageKind.IMAGES;
import static dev.tollgate.usage.UsageKind.INPUT;
import static dev.tollgate.usage.UsageKind.OUTPUT;
import static dev.tollgate.usage.UsageKind.REASONING;
import static dev.tollgate.usage.UsageKind.TOOL_CALLS;
import static dev.tollgate.usage.UsageKind.WEB_SEARCHES;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;

class OpenAiResponsesExtractorTest {

  private final UsageExtractor extractor = UsageExtractor.of(ApiFormat.OPENAI_RESPONSES);

  @Test
  void eachWebSearchCallOutputItemIsOneWebSearch() {
    Usage u = extractor.fromResponse(response("openai-responses-gpt-4o-web-search.json"));

    assertThat(counts(u))
        .isEqualTo(counts(INPUT, 1779, CACHE_READ, 1408, OUTPUT, 642, WEB_SEARCHES, 2));
  }

  @Test
  void inputTokensIncludeCachedAndOutputTokensIncludeReasoning() {
    Usage u = extractor.fromResponse(response("openai-responses-o4-mini-reasoning.json"));

    assertThat(counts(u))
        .isEqualTo(counts(INPUT, 569, CACHE_READ, 2176, OUTPUT, 467, REASONING, 1472));
    assertThat(u.promptTokens()).isEqualTo(2745);
    assertThat(u.completionTokens()).isEqualTo(1939);
  }

  @Test
  void fileSearchAndCodeInterpreterCallsAreToolCallsAndImageGenerationCallsAreImages() {
    Usage u = extractor.fromResponse(response("openai-responses-gpt-4.1-hosted-tools.json"));

    assertThat(counts(u)).isEqualTo(counts(INPUT, 5204, OUTPUT, 851, TOOL_CALLS, 2, IMAGES, 1));
  }

  @Test
  void fromUsageCannotSeeTheOutputItemsSoCountsNoToolCalls() {
    JsonNode body = response("openai-responses-gpt-4o-web-search.json");

    Usage u = extractor.fromUsage(body.get("usage"));

    assertThat(counts(u)).isEqualTo(counts(INPUT, 1779, CACHE_READ, 1408, OUTPUT, 642));
    assertThat(u.raw()).isEqualTo(body.get("usage").toString());
  }

  @Test
  void cachedTokensAboveTheInputTheyArePartOfNameBothFields() {
    JsonNode usage =
        json(
            "{'input_tokens': 100, 'input_tokens_details': {'cached_tokens': 128},"
                + " 'output_tokens': 5}");

    assertThatThrownBy(() -> extractor.fromUsage(usage))
        .hasMessage(
            "OpenAI responses usage: 'usage.input_tokens_details.cached_tokens' (128) exceeds"
                + " 'usage.input_tokens' (100), which includes it");
  }

  @Test
  void aMissingOutputTokensFieldIsNamed() {
    assertThatThrownBy(() -> extractor.fromUsage(json("{'input_tokens': 100}")))
        .hasMessage("OpenAI responses usage: field 'usage.output_tokens' is missing");
  }

  @Test
  void anOutputThatIsNotAListIsRejected() {
    JsonNode body = json("{'output': 'text', 'usage': {'input_tokens': 1, 'output_tokens': 1}}");

    assertThatThrownBy(() -> extractor.fromResponse(body))
        .hasMessage("OpenAI responses usage: field 'output' must be a list, got a STRING");
  }
}

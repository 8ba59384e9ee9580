package dev.tollgate.usage;

import static dev.tollgate.usage.Fixtures.counts;
import static dev.tollgate.usage.Fixtures.json;
import static dev.tollgate.usage.Fixtures.response;
import static dev.tollgate.usage.UsageKind.CACHE_READ;
import static dev.tollgate.usage.UsageKind.CACHE_WRITE_1H;
import static dev.tollgate.usage.UsageKind.CACHE_WRITE_5M;
import static dev.tollgate.usage.UsageKind.INPUT;
import static dev.tollgate.usage.UsageKind.OUTPUT;
import static dev.tollgate.usage.UsageKind.TOOL_CALLS;
import static dev.tollgate.usage.UsageKind.WEB_SEARCHES;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;

class AnthropicMessagesExtractorTest {

  private final UsageExtractor extractor = UsageExtractor.of(ApiFormat.ANTHROPIC_MESSAGES);

  @Test
  void anthropicInputTokensExcludeTheCacheAndCacheWritesAreSplitByLifetime() {
    Usage u = extractor.fromResponse(response("anthropic-sonnet-cache-5m-1h.json"));

    assertThat(counts(u))
        .isEqualTo(
            counts(
                INPUT,
                37,
                CACHE_READ,
                12582,
                CACHE_WRITE_5M,
                1311,
                CACHE_WRITE_1H,
                3408,
                OUTPUT,
                503));
    assertThat(u.promptTokens()).isEqualTo(37 + 12582 + 4719);
  }

  @Test
  void aPlainResponseIsAllInputAndOutput() {
    Usage u = extractor.fromResponse(response("anthropic-haiku-plain.json"));

    assertThat(counts(u)).isEqualTo(counts(INPUT, 418, OUTPUT, 162));
  }

  @Test
  void webSearchRequestsAreWebSearches() {
    Usage u = extractor.fromResponse(response("anthropic-sonnet-web-search.json"));

    assertThat(counts(u)).isEqualTo(counts(INPUT, 21694, OUTPUT, 719, WEB_SEARCHES, 3));
  }

  @Test
  void aLongContextPromptCountsCacheReadsAndWritesTowardsTheTwoHundredThousandTier() {
    Usage u = extractor.fromResponse(response("anthropic-opus-long-context.json"));

    assertThat(counts(u))
        .isEqualTo(counts(INPUT, 38457, CACHE_READ, 161920, CACHE_WRITE_5M, 7311, OUTPUT, 2874));
    assertThat(u.promptTokens()).isEqualTo(207688).isGreaterThan(200_000);
  }

  @Test
  void withoutTheLifetimeSplitEveryCacheWriteIsFiveMinute() {
    Usage u =
        extractor.fromUsage(
            json(
                "{'input_tokens': 12, 'cache_creation_input_tokens': 2051,"
                    + " 'cache_read_input_tokens': 0, 'output_tokens': 96}"));

    assertThat(counts(u)).isEqualTo(counts(INPUT, 12, CACHE_WRITE_5M, 2051, OUTPUT, 96));
  }

  @Test
  void nullOrAbsentOptionalFieldsCountAsZero() {
    Usage u =
        extractor.fromUsage(
            json(
                "{'input_tokens': 9, 'cache_creation_input_tokens': null,"
                    + " 'cache_read_input_tokens': null, 'cache_creation': null,"
                    + " 'server_tool_use': null, 'output_tokens': 4}"));

    assertThat(counts(u)).isEqualTo(counts(INPUT, 9, OUTPUT, 4));
  }

  @Test
  void thinkingIsBilledAsOutputAndReportedInsideOutputTokensSoReasoningStaysZero() {
    Usage u = extractor.fromUsage(json("{'input_tokens': 1031, 'output_tokens': 6843}"));

    assertThat(u.outputTokens()).isEqualTo(6843);
    assertThat(u.reasoningTokens()).isZero();
  }

  @Test
  void webFetchAndCodeExecutionRequestsAreToolCalls() {
    Usage u =
        extractor.fromUsage(
            json(
                "{'input_tokens': 5120, 'output_tokens': 388, 'server_tool_use':"
                    + " {'web_search_requests': 1, 'web_fetch_requests': 2,"
                    + " 'code_execution_requests': 3}}"));

    assertThat(counts(u))
        .isEqualTo(counts(INPUT, 5120, OUTPUT, 388, WEB_SEARCHES, 1, TOOL_CALLS, 5));
  }

  @Test
  void aLifetimeSplitThatDoesNotAddUpToTheCacheWriteTotalIsRejected() {
    JsonNode usage =
        json(
            "{'input_tokens': 37, 'cache_creation_input_tokens': 4719, 'cache_creation':"
                + " {'ephemeral_5m_input_tokens': 1311, 'ephemeral_1h_input_tokens': 3400},"
                + " 'output_tokens': 503}");

    assertThatThrownBy(() -> extractor.fromUsage(usage))
        .hasMessage(
            "Anthropic messages usage: 'usage.cache_creation.ephemeral_5m_input_tokens' (1311)"
                + " + 'usage.cache_creation.ephemeral_1h_input_tokens' (3400)"
                + " must add up to 'usage.cache_creation_input_tokens' (4719)");
  }

  @Test
  void aMissingOutputTokensFieldIsNamed() {
    assertThatThrownBy(() -> extractor.fromResponse(json("{'usage': {'input_tokens': 3}}")))
        .hasMessage("Anthropic messages usage: field 'usage.output_tokens' is missing");
  }

  @Test
  void aNegativeCacheReadIsRejected() {
    JsonNode usage =
        json("{'input_tokens': 3, 'cache_read_input_tokens': -20, 'output_tokens': 1}");

    assertThatThrownBy(() -> extractor.fromUsage(usage))
        .hasMessage(
            "Anthropic messages usage: field 'usage.cache_read_input_tokens'"
                + " must be a non-negative integer, got -20");
  }
}

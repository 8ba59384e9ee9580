package dev.tollgate.usage;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * Reads a provider's usage JSON into a {@link Usage} of disjoint kinds. Each format documents its
 * own convention for which counts include which (OpenAI's {@code prompt_tokens} includes cached
 * tokens, Anthropic's {@code input_tokens} does not); an extractor undoes it, so that every token
 * is counted in exactly one {@link UsageKind}. Implementations are stateless and thread-safe.
 */
public interface UsageExtractor {

  /**
   * The usage of a complete, non-streamed response body. Where a format reports billable tool calls
   * outside its usage object (OpenAI responses' {@code output} items), they are counted too.
   *
   * @throws UsageFormatException if the body has no usage object or it is malformed
   */
  Usage fromResponse(JsonNode body);

  /**
   * The usage in a bare usage object, such as the last chunk of a stream carries. Counts that the
   * format reports only outside its usage object are zero.
   *
   * @throws UsageFormatException if the object is malformed
   */
  Usage fromUsage(JsonNode usage);

  /** The format this extractor reads. */
  ApiFormat format();

  /** The extractor for one format. */
  static UsageExtractor of(ApiFormat format) {
    return switch (format) {
      case OPENAI_CHAT -> OpenAiChatExtractor.INSTANCE;
      case OPENAI_RESPONSES -> OpenAiResponsesExtractor.INSTANCE;
      case ANTHROPIC_MESSAGES -> AnthropicMessagesExtractor.INSTANCE;
      case GEMINI -> GeminiExtractor.INSTANCE;
    };
  }
}

package dev.tollgate.bench.ledger;

/**
 * The provider's usage object as the ledger keeps it verbatim, in OpenAI's or Anthropic's shape.
 */
final class RawUsage {

  private RawUsage() {}

  static String json(
      boolean anthropic, long prompt, long cached, long written, long output, long reasoning) {
    if (anthropic) {
      return "{\"input_tokens\":"
          + (prompt - cached - written)
          + ",\"cache_creation_input_tokens\":"
          + written
          + ",\"cache_read_input_tokens\":"
          + cached
          + ",\"output_tokens\":"
          + (output + reasoning)
          + ",\"service_tier\":\"standard\"}";
    }
    return "{\"prompt_tokens\":"
        + prompt
        + ",\"completion_tokens\":"
        + (output + reasoning)
        + ",\"total_tokens\":"
        + (prompt + output + reasoning)
        + ",\"prompt_tokens_details\":{\"cached_tokens\":"
        + cached
        + ",\"audio_tokens\":0},\"completion_tokens_details\":{\"reasoning_tokens\":"
        + reasoning
        + ",\"audio_tokens\":0,\"accepted_prediction_tokens\":0,\"rejected_prediction_tokens\":0}}";
  }
}

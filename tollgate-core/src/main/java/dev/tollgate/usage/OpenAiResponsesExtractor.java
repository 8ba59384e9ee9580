package dev.tollgate.usage;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * OpenAI responses.
 *
 * <p>{@code input_tokens} includes {@code input_tokens_details.cached_tokens}, and {@code
 * output_tokens} includes {@code output_tokens_details.reasoning_tokens}. Hosted tools are billed
 * per call and are not counted in the usage object: each appears as one item of the response's
 * {@code output}. {@code web_search_call} items are {@link UsageKind#WEB_SEARCHES}, {@code
 * file_search_call} and {@code code_interpreter_call} items are {@link UsageKind#TOOL_CALLS}, and
 * {@code image_generation_call} items are {@link UsageKind#IMAGES}; so only {@link #fromResponse}
 * counts them.
 */
final class OpenAiResponsesExtractor implements UsageExtractor {

  static final OpenAiResponsesExtractor INSTANCE = new OpenAiResponsesExtractor();

  private static final String INPUT = "input_tokens";
  private static final String CACHED = "input_tokens_details.cached_tokens";
  private static final String OUTPUT = "output_tokens";
  private static final String REASONING = "output_tokens_details.reasoning_tokens";

  private OpenAiResponsesExtractor() {}

  @Override
  public Usage fromResponse(JsonNode body) {
    Usage.Builder b = read(UsageFields.ofResponse(format(), body));
    JsonNode output = body.get("output");
    if (output != null && !output.isNull()) {
      if (!output.isArray()) {
        throw new UsageFormatException(
            format(), "field 'output' must be a list, got a " + output.getNodeType());
      }
      for (JsonNode item : output) {
        UsageKind kind =
            switch (item.path("type").asText("")) {
              case "web_search_call" -> UsageKind.WEB_SEARCHES;
              case "file_search_call", "code_interpreter_call" -> UsageKind.TOOL_CALLS;
              case "image_generation_call" -> UsageKind.IMAGES;
              default -> null;
            };
        if (kind != null) {
          b.add(kind, 1);
        }
      }
    }
    return b.build();
  }

  @Override
  public Usage fromUsage(JsonNode usage) {
    return read(UsageFields.ofUsage(format(), usage)).build();
  }

  @Override
  public ApiFormat format() {
    return ApiFormat.OPENAI_RESPONSES;
  }

  private static Usage.Builder read(UsageFields u) {
    long input = u.required(INPUT);
    long cached = u.optional(CACHED);
    u.checkIncludes(INPUT, input, cached, CACHED);
    long output = u.required(OUTPUT);
    long reasoning = u.optional(REASONING);
    u.checkIncludes(OUTPUT, output, reasoning, REASONING);
    return Usage.builder()
        .set(UsageKind.INPUT, input - cached)
        .set(UsageKind.CACHE_READ, cached)
        .set(UsageKind.OUTPUT, output - reasoning)
        .set(UsageKind.REASONING, reasoning)
        .raw(u.raw());
  }
}

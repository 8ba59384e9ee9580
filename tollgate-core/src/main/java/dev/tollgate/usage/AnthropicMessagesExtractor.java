package dev.tollgate.usage;

/**
 * Anthropic messages.
 *
 * <p>Unlike OpenAI's, Anthropic's {@code input_tokens} excludes the cache: it is only the uncached
 * input, and {@code cache_read_input_tokens} and {@code cache_creation_input_tokens} come on top.
 * Cache writes are split by lifetime in {@code cache_creation.ephemeral_5m_input_tokens} and {@code
 * cache_creation.ephemeral_1h_input_tokens}, which must then add up to {@code
 * cache_creation_input_tokens}; responses from before the split existed give only the total, and
 * all of it is the default 5-minute write.
 *
 * <p>Extended thinking is billed as output and counted inside {@code output_tokens}, which does not
 * say how many of its tokens were thinking; so all of it is {@link UsageKind#OUTPUT} and {@link
 * UsageKind#REASONING} stays zero. Server tools are counted in {@code server_tool_use}: web
 * searches as {@link UsageKind#WEB_SEARCHES}, and web fetches and code executions as {@link
 * UsageKind#TOOL_CALLS}. Optional counts that are absent or null are zero.
 */
final class AnthropicMessagesExtractor extends UsageObjectExtractor {

  static final AnthropicMessagesExtractor INSTANCE = new AnthropicMessagesExtractor();

  private static final String INPUT = "input_tokens";
  private static final String CACHE_READ = "cache_read_input_tokens";
  private static final String CACHE_WRITE = "cache_creation_input_tokens";
  private static final String SPLIT = "cache_creation";
  private static final String WRITE_5M = "cache_creation.ephemeral_5m_input_tokens";
  private static final String WRITE_1H = "cache_creation.ephemeral_1h_input_tokens";
  private static final String OUTPUT = "output_tokens";
  private static final String WEB_SEARCHES = "server_tool_use.web_search_requests";
  private static final String WEB_FETCHES = "server_tool_use.web_fetch_requests";
  private static final String CODE_EXECUTIONS = "server_tool_use.code_execution_requests";

  private AnthropicMessagesExtractor() {
    super(ApiFormat.ANTHROPIC_MESSAGES);
  }

  @Override
  Usage read(UsageFields u) {
    long input = u.required(INPUT);
    long output = u.required(OUTPUT);
    long write5m;
    long write1h;
    if (u.has(SPLIT)) {
      write5m = u.optional(WRITE_5M);
      write1h = u.optional(WRITE_1H);
      long split = u.sum(write5m, write1h);
      if (u.has(CACHE_WRITE) && u.required(CACHE_WRITE) != split) {
        throw u.error(
            "'%s' (%d) + '%s' (%d) must add up to '%s' (%d)"
                .formatted(
                    u.name(WRITE_5M),
                    write5m,
                    u.name(WRITE_1H),
                    write1h,
                    u.name(CACHE_WRITE),
                    u.required(CACHE_WRITE)));
      }
    } else {
      write5m = u.optional(CACHE_WRITE);
      write1h = 0;
    }
    return Usage.builder()
        .set(UsageKind.INPUT, input)
        .set(UsageKind.CACHE_READ, u.optional(CACHE_READ))
        .set(UsageKind.CACHE_WRITE_5M, write5m)
        .set(UsageKind.CACHE_WRITE_1H, write1h)
        .set(UsageKind.OUTPUT, output)
        .set(UsageKind.WEB_SEARCHES, u.optional(WEB_SEARCHES))
        .set(UsageKind.TOOL_CALLS, u.sum(u.optional(WEB_FETCHES), u.optional(CODE_EXECUTIONS)))
        .raw(u.raw())
        .build();
  }
}

package dev.tollgate.translate;

import static dev.tollgate.translate.Golden.json;
import static dev.tollgate.translate.Golden.normal;
import static org.assertj.core.api.Assertions.assertThat;

import dev.tollgate.provider.ProviderResponse;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class RepliesTest {

  @Test
  void anAnthropicMessageWithTextAndAToolCallIsAChatCompletionWithAllInputAsPrompt() {
    String message =
        """
        {"id": "msg_01", "type": "message", "role": "assistant", "model": "claude-sonnet-4-5",
         "content": [{"type": "thinking", "thinking": "...", "signature": "s"},
                     {"type": "text", "text": "Checking."},
                     {"type": "tool_use", "id": "toolu_1", "name": "get_weather", "input": {"city": "Paris"}}],
         "stop_reason": "tool_use", "stop_sequence": null,
         "usage": {"input_tokens": 100, "cache_creation_input_tokens": 20,
                   "cache_read_input_tokens": 30, "output_tokens": 40}}
        """;

    assertThat(normal(Replies.messageToChat(json(message), 1_764_000_000L)))
        .isEqualTo(
            json(
                """
                {"id": "chatcmpl-msg_01", "object": "chat.completion", "created": 1764000000,
                 "model": "claude-sonnet-4-5",
                 "choices": [{"index": 0, "message": {"role": "assistant", "content": "Checking.",
                   "tool_calls": [{"id": "toolu_1", "type": "function",
                     "function": {"name": "get_weather", "arguments": "{\\"city\\":\\"Paris\\"}"}}],
                   "refusal": null}, "logprobs": null, "finish_reason": "tool_calls"}],
                 "usage": {"prompt_tokens": 150, "completion_tokens": 40, "total_tokens": 190,
                           "prompt_tokens_details": {"cached_tokens": 30}}}
                """));
  }

  @Test
  void aChatCompletionWithAToolCallIsAnAnthropicMessageWithCachedTokensAsCacheReads() {
    String chat =
        """
        {"id": "chatcmpl-9", "object": "chat.completion", "created": 1, "model": "gpt-4o",
         "choices": [{"index": 0, "message": {"role": "assistant", "content": null,
           "tool_calls": [{"id": "call_1", "type": "function",
             "function": {"name": "f", "arguments": "{\\"a\\":1}"}}]},
           "finish_reason": "tool_calls"}],
         "usage": {"prompt_tokens": 1200, "completion_tokens": 50, "total_tokens": 1250,
                   "prompt_tokens_details": {"cached_tokens": 1000}}}
        """;

    assertThat(normal(Replies.chatToMessage(json(chat))))
        .isEqualTo(
            json(
                """
                {"id": "msg_chatcmpl-9", "type": "message", "role": "assistant", "model": "gpt-4o",
                 "content": [{"type": "tool_use", "id": "call_1", "name": "f", "input": {"a": 1}}],
                 "stop_reason": "tool_use", "stop_sequence": null,
                 "usage": {"input_tokens": 200, "cache_creation_input_tokens": 0,
                           "cache_read_input_tokens": 1000, "output_tokens": 50}}
                """));
  }

  @ParameterizedTest
  @CsvSource({
    "end_turn, stop",
    "stop_sequence, stop",
    "max_tokens, length",
    "tool_use, tool_calls",
    "refusal, content_filter"
  })
  void stopReasonsBecomeFinishReasons(String stop, String finish) {
    assertThat(Replies.finishReason(stop)).isEqualTo(finish);
  }

  @ParameterizedTest
  @CsvSource({
    "stop, end_turn",
    "length, max_tokens",
    "tool_calls, tool_use",
    "function_call, tool_use",
    "content_filter, refusal"
  })
  void finishReasonsBecomeStopReasons(String finish, String stop) {
    assertThat(Replies.stopReason(finish)).isEqualTo(stop);
  }

  @Test
  void anAnthropicOverloadIsAnOpenAi503AndA400StaysA400() {
    ProviderResponse overloaded =
        Errors.anthropicToOpenAi(
            new ProviderResponse(
                529,
                json(
                    """
                    {"type": "error", "error": {"type": "overloaded_error", "message": "Overloaded"}}
                    """)));
    ProviderResponse bad =
        Errors.anthropicToOpenAi(
            new ProviderResponse(
                400,
                json(
                    """
                    {"type": "error", "error": {"type": "invalid_request_error",
                     "message": "max_tokens: too large"}}
                    """)));

    assertThat(overloaded.status()).isEqualTo(503);
    assertThat(normal(overloaded.body()))
        .isEqualTo(
            json(
                """
                {"error": {"message": "Overloaded", "type": "overloaded_error", "param": null,
                           "code": "overloaded_error"}}
                """));
    assertThat(bad.status()).isEqualTo(400);
    assertThat(bad.body().at("/error/type").asText()).isEqualTo("invalid_request_error");
  }

  @Test
  void anOpenAiErrorIsAnAnthropicErrorOfTheStatusType() {
    ProviderResponse limited =
        Errors.openAiToAnthropic(
            new ProviderResponse(
                429,
                json(
                    """
                    {"error": {"message": "Slow down", "type": "requests", "code": "rate_limit_exceeded"}}
                    """)));

    assertThat(limited.status()).isEqualTo(429);
    assertThat(normal(limited.body()))
        .isEqualTo(
            json(
                """
                {"type": "error", "error": {"type": "rate_limit_error", "message": "Slow down"}}
                """));
  }
}

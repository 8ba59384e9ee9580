package dev.tollgate.translate;

import static dev.tollgate.translate.Golden.json;
import static dev.tollgate.translate.Golden.normal;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tollgate.proxy.ProxyException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ChatToMessagesTest {

  @Test
  void aConversationWithSystemImagesToolsAndResultsBecomesAMessagesRequest() {
    String chat =
        """
        {"model": "claude-sonnet-4-5", "max_completion_tokens": 300, "temperature": 0.3,
         "top_p": 0.9, "stop": "END", "user": "u-42", "stream": true,
         "stream_options": {"include_usage": true}, "parallel_tool_calls": false,
         "tool_choice": "required",
         "tools": [{"type": "function", "function": {"name": "get_weather",
           "description": "Weather of a city",
           "parameters": {"type": "object", "properties": {"city": {"type": "string"}}}}}],
         "messages": [
          {"role": "system", "content": "Be brief."},
          {"role": "developer", "content": [{"type": "text", "text": "Use metric units."}]},
          {"role": "user", "content": [
            {"type": "text", "text": "What is this, and the weather?"},
            {"type": "image_url", "image_url": {"url": "data:image/png;base64,iVBORw0KGgo="}},
            {"type": "image_url", "image_url": {"url": "https://example.com/cat.jpg", "detail": "low"}}]},
          {"role": "assistant", "content": null, "tool_calls": [
            {"id": "call_1", "type": "function",
             "function": {"name": "get_weather", "arguments": "{\\"city\\":\\"Paris\\"}"}}]},
          {"role": "tool", "tool_call_id": "call_1", "content": "18 C, sunny"},
          {"role": "user", "content": "Thanks"}]}
        """;

    assertThat(normal(ChatToMessages.request(json(chat), 4096)))
        .isEqualTo(
            json(
                """
                {"model": "claude-sonnet-4-5",
                 "messages": [
                  {"role": "user", "content": [
                    {"type": "text", "text": "What is this, and the weather?"},
                    {"type": "image", "source": {"type": "base64", "media_type": "image/png",
                      "data": "iVBORw0KGgo="}},
                    {"type": "image", "source": {"type": "url", "url": "https://example.com/cat.jpg"}}]},
                  {"role": "assistant", "content": [
                    {"type": "tool_use", "id": "call_1", "name": "get_weather",
                     "input": {"city": "Paris"}}]},
                  {"role": "user", "content": [
                    {"type": "tool_result", "tool_use_id": "call_1",
                     "content": [{"type": "text", "text": "18 C, sunny"}]},
                    {"type": "text", "text": "Thanks"}]}],
                 "system": [{"type": "text", "text": "Be brief."},
                            {"type": "text", "text": "Use metric units."}],
                 "max_tokens": 300, "stop_sequences": ["END"], "temperature": 0.3, "top_p": 0.9,
                 "metadata": {"user_id": "u-42"},
                 "tools": [{"name": "get_weather", "description": "Weather of a city",
                   "input_schema": {"type": "object",
                                    "properties": {"city": {"type": "string"}}}}],
                 "tool_choice": {"type": "any", "disable_parallel_tool_use": true},
                 "stream": true}
                """));
  }

  @Test
  void aRequestWithoutABoundGetsTheDefaultAndMaxTokensIsReadToo() {
    assertThat(
            ChatToMessages.request(
                    json(
                        """
                        {"model": "claude-haiku-4-5", "messages": [{"role": "user", "content": "Hi"}]}
                        """),
                    64_000)
                .get("max_tokens")
                .asLong())
        .isEqualTo(64_000);
    assertThat(
            normal(
                ChatToMessages.request(
                    json(
                        """
                        {"model": "m", "max_tokens": 7, "stop": ["a", "b"],
                         "tool_choice": {"type": "function", "function": {"name": "f"}},
                         "tools": [{"type": "function", "function": {"name": "f"}}],
                         "messages": [{"role": "user", "content": "Hi"}]}
                        """),
                    64_000)))
        .isEqualTo(
            json(
                """
                {"model": "m", "messages": [{"role": "user", "content": [{"type": "text", "text": "Hi"}]}],
                 "max_tokens": 7, "stop_sequences": ["a", "b"],
                 "tools": [{"name": "f", "input_schema": {"type": "object"}}],
                 "tool_choice": {"type": "tool", "name": "f"}}
                """));
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "\"n\": 2|n",
        "\"logprobs\": true|logprobs",
        "\"top_logprobs\": 3|top_logprobs",
        "\"logit_bias\": {\"50256\": -100}|logit_bias",
        "\"presence_penalty\": 0.5|presence_penalty",
        "\"response_format\": {\"type\": \"json_object\"}|response_format",
        "\"modalities\": [\"text\", \"audio\"]|modalities",
      })
  void anUntranslatableParameterIsA400NamingIt(String field, String param) {
    String chat =
        "{\"model\": \"claude-sonnet-4-5\", "
            + field
            + ", \"messages\": [{\"role\": \"user\", \"content\": \"Hi\"}]}";

    assertThatThrownBy(() -> ChatToMessages.request(json(chat), 1024))
        .isInstanceOfSatisfying(
            ProxyException.class,
            e -> {
              assertThat(e.status()).isEqualTo(400);
              assertThat(e.param()).isEqualTo(param);
              assertThat(e.getMessage()).contains("'" + param + "'");
            });
  }

  @Test
  void defaultValuesOfThoseParametersAreAccepted() {
    String chat =
        """
        {"model": "m", "n": 1, "logprobs": false, "presence_penalty": 0,
         "response_format": {"type": "text"}, "messages": [{"role": "user", "content": "Hi"}]}
        """;

    assertThat(ChatToMessages.request(json(chat), 10).get("max_tokens").asLong()).isEqualTo(10);
  }

  @Test
  void toolArgumentsThatAreNotAJsonObjectAreA400NamingTheCall() {
    String chat =
        """
        {"model": "m", "messages": [{"role": "assistant", "tool_calls": [
          {"id": "c", "type": "function", "function": {"name": "f", "arguments": "not json"}}]}]}
        """;

    assertThatThrownBy(() -> ChatToMessages.request(json(chat), 10))
        .isInstanceOfSatisfying(
            ProxyException.class,
            e -> assertThat(e.param()).isEqualTo("messages[0].tool_calls[0].function.arguments"));
  }

  @Test
  void anAudioPartIsA400NamingThePart() {
    String chat =
        """
        {"model": "m", "messages": [{"role": "user", "content": [
          {"type": "input_audio", "input_audio": {"data": "x", "format": "wav"}}]}]}
        """;

    assertThatThrownBy(() -> ChatToMessages.request(json(chat), 10))
        .isInstanceOfSatisfying(
            ProxyException.class,
            e -> assertThat(e.param()).isEqualTo("messages[0].content[0].type"));
  }
}

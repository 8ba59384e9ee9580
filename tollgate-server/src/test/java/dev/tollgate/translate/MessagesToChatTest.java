package dev.tollgate.translate;

import static dev.tollgate.translate.Golden.json;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tollgate.proxy.ProxyException;
import org.junit.jupiter.api.Test;

class MessagesToChatTest {

  @Test
  void aConversationWithSystemImagesToolsAndResultsBecomesAChatRequest() {
    String messages =
        """
        {"model": "gpt-4o", "max_tokens": 256, "temperature": 0.5, "top_p": 0.8,
         "stop_sequences": ["END"], "metadata": {"user_id": "u-7"}, "stream": true,
         "system": [{"type": "text", "text": "Be brief.", "cache_control": {"type": "ephemeral"}}],
         "tools": [{"name": "get_weather", "description": "Weather of a city",
                    "input_schema": {"type": "object", "properties": {"city": {"type": "string"}}}}],
         "tool_choice": {"type": "tool", "name": "get_weather", "disable_parallel_tool_use": true},
         "messages": [
          {"role": "user", "content": [
            {"type": "text", "text": "Weather, and what is this?"},
            {"type": "image", "source": {"type": "base64", "media_type": "image/jpeg", "data": "/9j/4AA="}},
            {"type": "image", "source": {"type": "url", "url": "https://example.com/a.png"}}]},
          {"role": "assistant", "content": [
            {"type": "thinking", "thinking": "hmm", "signature": "sig"},
            {"type": "text", "text": "Let me check."},
            {"type": "tool_use", "id": "toolu_1", "name": "get_weather", "input": {"city": "Paris"}}]},
          {"role": "user", "content": [
            {"type": "tool_result", "tool_use_id": "toolu_1", "content": "18 C"},
            {"type": "text", "text": "Thanks"}]}]}
        """;

    assertThat(MessagesToChat.request(json(messages), "max_completion_tokens"))
        .isEqualTo(
            json(
                """
                {"model": "gpt-4o",
                 "messages": [
                  {"role": "system", "content": "Be brief."},
                  {"role": "user", "content": [
                    {"type": "text", "text": "Weather, and what is this?"},
                    {"type": "image_url", "image_url": {"url": "data:image/jpeg;base64,/9j/4AA="}},
                    {"type": "image_url", "image_url": {"url": "https://example.com/a.png"}}]},
                  {"role": "assistant", "content": "Let me check.", "tool_calls": [
                    {"id": "toolu_1", "type": "function",
                     "function": {"name": "get_weather", "arguments": "{\\"city\\":\\"Paris\\"}"}}]},
                  {"role": "tool", "tool_call_id": "toolu_1", "content": "18 C"},
                  {"role": "user", "content": [{"type": "text", "text": "Thanks"}]}],
                 "max_completion_tokens": 256, "stop": ["END"], "temperature": 0.5, "top_p": 0.8,
                 "user": "u-7",
                 "tools": [{"type": "function", "function": {"name": "get_weather",
                   "description": "Weather of a city",
                   "parameters": {"type": "object", "properties": {"city": {"type": "string"}}}}}],
                 "tool_choice": {"type": "function", "function": {"name": "get_weather"}},
                 "parallel_tool_calls": false,
                 "stream": true, "stream_options": {"include_usage": true}}
                """));
  }

  @Test
  void aPlainRequestUsesTheGivenBoundNameAndAnyChoiceIsRequired() {
    String messages =
        """
        {"model": "llama-3.3-70b", "max_tokens": 64, "system": "Short.",
         "tools": [{"name": "f", "input_schema": {"type": "object"}}], "tool_choice": {"type": "any"},
         "messages": [{"role": "user", "content": "Hi"}]}
        """;

    assertThat(MessagesToChat.request(json(messages), "max_tokens"))
        .isEqualTo(
            json(
                """
                {"model": "llama-3.3-70b",
                 "messages": [{"role": "system", "content": "Short."}, {"role": "user", "content": "Hi"}],
                 "max_tokens": 64,
                 "tools": [{"type": "function", "function": {"name": "f",
                            "parameters": {"type": "object"}}}],
                 "tool_choice": "required"}
                """));
  }

  @Test
  void topKThinkingDocumentsAndServerToolsAreA400NamingThem() {
    assertParam("\"top_k\": 5, \"messages\": [{\"role\": \"user\", \"content\": \"Hi\"}]", "top_k");
    assertParam(
        "\"thinking\": {\"type\": \"enabled\", \"budget_tokens\": 1024},"
            + " \"messages\": [{\"role\": \"user\", \"content\": \"Hi\"}]",
        "thinking");
    assertParam(
        "\"messages\": [{\"role\": \"user\", \"content\": [{\"type\": \"document\","
            + " \"source\": {\"type\": \"text\", \"media_type\": \"text/plain\", \"data\": \"x\"}}]}]",
        "messages.0.content.0.type");
    assertParam(
        "\"tools\": [{\"type\": \"web_search_20250305\", \"name\": \"web_search\"}],"
            + " \"messages\": [{\"role\": \"user\", \"content\": \"Hi\"}]",
        "tools.0");
  }

  private static void assertParam(String fields, String param) {
    String body = "{\"model\": \"gpt-4o\", \"max_tokens\": 10, " + fields + "}";
    assertThatThrownBy(() -> MessagesToChat.request(json(body), "max_tokens"))
        .isInstanceOfSatisfying(
            ProxyException.class,
            e -> {
              assertThat(e.status()).isEqualTo(400);
              assertThat(e.param()).isEqualTo(param);
              assertThat(e.getMessage()).startsWith(param + ":");
            });
  }
}

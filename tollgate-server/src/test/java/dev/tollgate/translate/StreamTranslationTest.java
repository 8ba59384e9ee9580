package dev.tollgate.translate;

import static dev.tollgate.translate.Golden.any;
import static dev.tollgate.translate.Golden.json;
import static dev.tollgate.translate.Golden.normal;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class StreamTranslationTest {

  /** An Anthropic stream with a text block, a ping, a tool call in two pieces, and cache usage. */
  private static final List<String> EVENTS =
      List.of(
          """
          {"type": "message_start", "message": {"id": "msg_01", "type": "message",
           "role": "assistant", "content": [], "model": "claude-sonnet-4-5", "stop_reason": null,
           "stop_sequence": null, "usage": {"input_tokens": 100, "cache_creation_input_tokens": 20,
           "cache_read_input_tokens": 30, "output_tokens": 1}}}""",
          """
          {"type": "content_block_start", "index": 0, "content_block": {"type": "text", "text": ""}}""",
          """
          {"type": "ping"}""",
          """
          {"type": "content_block_delta", "index": 0, "delta": {"type": "text_delta", "text": "Hi"}}""",
          """
          {"type": "content_block_stop", "index": 0}""",
          """
          {"type": "content_block_start", "index": 1, "content_block": {"type": "tool_use",
           "id": "toolu_1", "name": "f", "input": {}}}""",
          """
          {"type": "content_block_delta", "index": 1,
           "delta": {"type": "input_json_delta", "partial_json": "{\\"a\\":"}}""",
          """
          {"type": "content_block_delta", "index": 1,
           "delta": {"type": "input_json_delta", "partial_json": "1}"}}""",
          """
          {"type": "content_block_stop", "index": 1}""",
          """
          {"type": "message_delta", "delta": {"stop_reason": "tool_use", "stop_sequence": null},
           "usage": {"output_tokens": 40}}""",
          """
          {"type": "message_stop"}""");

  private static final String HEAD =
      "\"id\": \"chatcmpl-msg_01\", \"object\": \"chat.completion.chunk\", \"created\": 7,"
          + " \"model\": \"claude-sonnet-4-5\"";

  private static String chunk(String delta, String finish) {
    return "{"
        + HEAD
        + ", \"choices\": [{\"index\": 0, \"delta\": "
        + delta
        + ", \"logprobs\": null, \"finish_reason\": "
        + finish
        + "}]}";
  }

  @Test
  void anAnthropicEventStreamBecomesChunksEndingWithTheUsageChunk() {
    EventsToChunks translator = new EventsToChunks(7);
    List<JsonNode> chunks = new ArrayList<>();
    for (String e : EVENTS) {
      ObjectNode data = json(e);
      chunks.addAll(translator.next(data.get("type").asText(), data));
    }

    assertThat(normal(chunks))
        .containsExactly(
            any(chunk("{\"role\": \"assistant\", \"content\": \"\"}", "null")),
            any(chunk("{\"content\": \"Hi\"}", "null")),
            any(
                chunk(
                    "{\"tool_calls\": [{\"index\": 0, \"id\": \"toolu_1\", \"type\": \"function\","
                        + " \"function\": {\"name\": \"f\", \"arguments\": \"\"}}]}",
                    "null")),
            any(
                chunk(
                    "{\"tool_calls\": [{\"index\": 0, \"function\": {\"arguments\":"
                        + " \"{\\\"a\\\":\"}}]}",
                    "null")),
            any(
                chunk(
                    "{\"tool_calls\": [{\"index\": 0, \"function\": {\"arguments\": \"1}\"}}]}",
                    "null")),
            any(chunk("{}", "\"tool_calls\"")),
            any(
                "{"
                    + HEAD
                    + ", \"choices\": [], \"usage\": {\"prompt_tokens\": 150,"
                    + " \"completion_tokens\": 40, \"total_tokens\": 190,"
                    + " \"prompt_tokens_details\": {\"cached_tokens\": 30}}}"));
    // The native usage keeps the cache write that OpenAI's usage has no field for.
    assertThat(normal(translator.nativeUsage()))
        .isEqualTo(
            json(
                """
                {"input_tokens": 100, "cache_creation_input_tokens": 20,
                 "cache_read_input_tokens": 30, "output_tokens": 40}
                """));
  }

  @Test
  void openAiChunksWithTextAndTwoToolCallsBecomeAnAnthropicEventStream() {
    List<String> chunks =
        List.of(
            """
            {"id": "c1", "object": "chat.completion.chunk", "model": "gpt-4o",
             "choices": [{"index": 0, "delta": {"role": "assistant", "content": ""}, "finish_reason": null}]}""",
            """
            {"id": "c1", "choices": [{"index": 0, "delta": {"content": "Hi"}, "finish_reason": null}]}""",
            """
            {"id": "c1", "choices": [{"index": 0, "delta": {"tool_calls": [{"index": 0, "id": "call_a",
             "type": "function", "function": {"name": "f", "arguments": ""}}]}, "finish_reason": null}]}""",
            """
            {"id": "c1", "choices": [{"index": 0, "delta": {"tool_calls": [{"index": 0,
             "function": {"arguments": "{\\"a\\":1}"}}]}, "finish_reason": null}]}""",
            """
            {"id": "c1", "choices": [{"index": 0, "delta": {"tool_calls": [{"index": 1, "id": "call_b",
             "type": "function", "function": {"name": "g", "arguments": "{}"}}]}, "finish_reason": null}]}""",
            """
            {"id": "c1", "choices": [{"index": 0, "delta": {}, "finish_reason": "tool_calls"}]}""",
            """
            {"id": "c1", "choices": [], "usage": {"prompt_tokens": 1200, "completion_tokens": 50,
             "total_tokens": 1250, "prompt_tokens_details": {"cached_tokens": 1000}}}""");
    ChunksToEvents translator = new ChunksToEvents();
    List<JsonNode> events = new ArrayList<>();
    chunks.forEach(c -> events.addAll(translator.next(json(c))));
    events.addAll(translator.finish());

    assertThat(normal(events))
        .containsExactly(
            any(
                """
                {"type": "message_start", "message": {"id": "msg_c1", "type": "message",
                 "role": "assistant", "model": "gpt-4o", "content": [], "stop_reason": null,
                 "stop_sequence": null, "usage": {"input_tokens": 0, "output_tokens": 0}}}"""),
            any(
                """
                {"type": "content_block_start", "index": 0, "content_block": {"type": "text", "text": ""}}"""),
            any(
                """
                {"type": "content_block_delta", "index": 0, "delta": {"type": "text_delta", "text": "Hi"}}"""),
            any(
                """
                {"type": "content_block_stop", "index": 0}"""),
            any(
                """
                {"type": "content_block_start", "index": 1, "content_block": {"type": "tool_use",
                 "id": "call_a", "name": "f", "input": {}}}"""),
            any(
                """
                {"type": "content_block_delta", "index": 1,
                 "delta": {"type": "input_json_delta", "partial_json": "{\\"a\\":1}"}}"""),
            any(
                """
                {"type": "content_block_stop", "index": 1}"""),
            any(
                """
                {"type": "content_block_start", "index": 2, "content_block": {"type": "tool_use",
                 "id": "call_b", "name": "g", "input": {}}}"""),
            any(
                """
                {"type": "content_block_delta", "index": 2,
                 "delta": {"type": "input_json_delta", "partial_json": "{}"}}"""),
            any(
                """
                {"type": "content_block_stop", "index": 2}"""),
            any(
                """
                {"type": "message_delta", "delta": {"stop_reason": "tool_use", "stop_sequence": null},
                 "usage": {"input_tokens": 200, "cache_creation_input_tokens": 0,
                           "cache_read_input_tokens": 1000, "output_tokens": 50}}"""),
            any(
                """
                {"type": "message_stop"}"""));
    assertThat(translator.nativeUsage().get("prompt_tokens").asLong()).isEqualTo(1200);
  }
}

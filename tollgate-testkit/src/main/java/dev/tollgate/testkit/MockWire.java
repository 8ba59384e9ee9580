package dev.tollgate.testkit;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;

/**
 * The bodies {@link MockOpenAiUpstream} answers on OpenAI's endpoints besides chat, as OpenAI
 * documents them: a {@code text_completion}, an embeddings {@code list}, and a Responses {@code
 * response} (whose {@code input_tokens} include the cached ones and {@code output_tokens} the
 * reasoning ones), or the Responses stream's events from {@code response.created} to {@code
 * response.completed}.
 */
final class MockWire {

  private static final ObjectMapper JSON = new ObjectMapper();

  /** The values of every mock embedding; 4 of them. */
  static final float[] VECTOR = {0.5f, -0.5f, 0.5f, -0.5f};

  private MockWire() {}

  static ObjectNode completion(JsonNode request, String text, long prompt, long completion) {
    ObjectNode body = JSON.createObjectNode();
    body.put("id", "cmpl-mock");
    body.put("object", "text_completion");
    body.put("created", 1_764_000_000L);
    body.put("model", request.path("model").asText());
    ObjectNode choice = body.putArray("choices").addObject();
    choice.put("text", text);
    choice.put("index", 0);
    choice.putNull("logprobs");
    choice.put("finish_reason", "stop");
    body.putObject("usage")
        .put("prompt_tokens", prompt)
        .put("completion_tokens", completion)
        .put("total_tokens", prompt + completion);
    return body;
  }

  static ObjectNode embeddings(JsonNode request, long prompt) {
    JsonNode input = request.path("input");
    int count = input.isArray() && !input.isEmpty() && !input.get(0).isNumber() ? input.size() : 1;
    boolean base64 = "base64".equals(request.path("encoding_format").asText());
    ObjectNode body = JSON.createObjectNode();
    body.put("object", "list");
    ArrayNode data = body.putArray("data");
    for (int i = 0; i < count; i++) {
      ObjectNode item = data.addObject().put("object", "embedding").put("index", i);
      if (base64) {
        ByteBuffer bytes = ByteBuffer.allocate(4 * VECTOR.length).order(ByteOrder.LITTLE_ENDIAN);
        for (float f : VECTOR) {
          bytes.putFloat(f);
        }
        item.put("embedding", Base64.getEncoder().encodeToString(bytes.array()));
      } else {
        ArrayNode values = item.putArray("embedding");
        for (float f : VECTOR) {
          values.add(f);
        }
      }
    }
    body.put("model", request.path("model").asText());
    body.putObject("usage").put("prompt_tokens", prompt).put("total_tokens", prompt);
    return body;
  }

  /** A completed response whose one message says {@code text}. */
  static ObjectNode response(JsonNode request, String text, long input, long cached, long output) {
    ObjectNode body = started(request);
    body.put("status", "completed");
    body.withArray("output").add(message(text, "completed"));
    ObjectNode usage = body.putObject("usage");
    usage.put("input_tokens", input);
    usage.putObject("input_tokens_details").put("cached_tokens", cached);
    usage.put("output_tokens", output);
    usage.putObject("output_tokens_details").put("reasoning_tokens", 0);
    usage.put("total_tokens", input + output);
    return body;
  }

  /**
   * The events of a streamed response, each as written on the wire; the last is {@code
   * response.completed} with {@code whole}, or, when {@code failed}, {@code response.failed} with
   * the response's {@code error} and no usage, as a response that fails mid-generation ends.
   */
  static List<String> responseEvents(
      JsonNode request, List<String> pieces, ObjectNode whole, boolean failed) {
    List<String> events = new ArrayList<>();
    int[] seq = {0};
    ObjectNode started = started(request);
    events.add(wire(event("response.created", seq).set("response", started)));
    events.add(wire(event("response.in_progress", seq).set("response", started)));
    events.add(
        wire(
            event("response.output_item.added", seq)
                .put("output_index", 0)
                .set("item", message(null, "in_progress"))));
    events.add(wire(part("response.content_part.added", seq, "")));
    for (String piece : pieces) {
      ObjectNode delta = inItem("response.output_text.delta", seq).put("delta", piece);
      delta.putArray("logprobs");
      events.add(wire(delta));
    }
    String text = String.join("", pieces);
    ObjectNode done = inItem("response.output_text.done", seq).put("text", text);
    done.putArray("logprobs");
    events.add(wire(done));
    events.add(wire(part("response.content_part.done", seq, text)));
    events.add(
        wire(
            event("response.output_item.done", seq)
                .put("output_index", 0)
                .set("item", message(text, "completed"))));
    if (failed) {
      ObjectNode response = started(request).put("status", "failed");
      response
          .putObject("error")
          .put("code", "server_error")
          .put("message", "The mock upstream failed the response.");
      events.add(wire(event("response.failed", seq).set("response", response)));
    } else {
      events.add(wire(event("response.completed", seq).set("response", whole)));
    }
    return events;
  }

  private static ObjectNode started(JsonNode request) {
    ObjectNode body = JSON.createObjectNode();
    body.put("id", "resp_mock");
    body.put("object", "response");
    body.put("created_at", 1_764_000_000L);
    body.put("status", "in_progress");
    body.putNull("error");
    body.putNull("incomplete_details");
    body.set(
        "instructions",
        request.path("instructions").isTextual() ? request.get("instructions") : JSON.nullNode());
    body.set(
        "max_output_tokens",
        request.has("max_output_tokens") ? request.get("max_output_tokens") : JSON.nullNode());
    body.put("model", request.path("model").asText());
    body.putArray("output");
    body.put("parallel_tool_calls", true);
    body.putNull("previous_response_id");
    body.putObject("reasoning").putNull("effort").putNull("summary");
    body.put("store", true);
    body.put("temperature", 1.0);
    body.putObject("text").putObject("format").put("type", "text");
    body.put("tool_choice", "auto");
    body.putArray("tools");
    body.put("top_p", 1.0);
    body.put("truncation", "disabled");
    body.putNull("usage");
    body.putNull("user");
    body.putObject("metadata");
    return body;
  }

  /** A message item; {@code text} null for one with no content yet. */
  private static ObjectNode message(String text, String status) {
    ObjectNode item = JSON.createObjectNode();
    item.put("type", "message");
    item.put("id", "msg_mock");
    item.put("status", status);
    item.put("role", "assistant");
    ArrayNode content = item.putArray("content");
    if (text != null) {
      content.addObject().put("type", "output_text").put("text", text).putArray("annotations");
    }
    return item;
  }

  private static ObjectNode part(String type, int[] seq, String text) {
    ObjectNode event = inItem(type, seq);
    event.putObject("part").put("type", "output_text").put("text", text).putArray("annotations");
    return event;
  }

  private static ObjectNode event(String type, int[] seq) {
    return JSON.createObjectNode().put("type", type).put("sequence_number", seq[0]++);
  }

  private static ObjectNode inItem(String type, int[] seq) {
    return event(type, seq)
        .put("item_id", "msg_mock")
        .put("output_index", 0)
        .put("content_index", 0);
  }

  private static String wire(ObjectNode event) {
    return "event: " + event.path("type").asText() + "\ndata: " + event + "\n\n";
  }
}

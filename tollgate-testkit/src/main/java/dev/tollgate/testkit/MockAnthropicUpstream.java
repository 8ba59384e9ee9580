package dev.tollgate.testkit;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.vertx.core.http.HttpServerResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Anthropic's Messages API on {@code 127.0.0.1}, on a free port, speaking its documented wire
 * format: {@code POST /v1/messages} answers a {@code message} with {@code usage} (uncached input,
 * cache writes with their 5-minute split, cache reads, output), or with {@code stream: true} the
 * event stream {@code message_start}, per content block {@code content_block_start}, deltas and
 * {@code content_block_stop} (a {@code ping} after the first), {@code message_delta} with the stop
 * reason and cumulative usage, and {@code message_stop}, each as {@code event: <type>} and {@code
 * data: <json>}. Requests without {@code x-api-key} get 401 {@code authentication_error}, and
 * without {@code anthropic-version} 400, as Anthropic answers them. {@code POST
 * /v1/messages/count_tokens} answers {@code {"input_tokens": n}}. Scriptable: the usage, the text,
 * a tool call, a failure status, an {@code error} event or a cut after some events, delays.
 */
public final class MockAnthropicUpstream extends MockUpstream {

  /** The reply's text by default; streamed in {@link #PIECES}. */
  public static final String REPLY = "Hello from the mock Claude.";

  /** Pieces the streamed reply is cut into by default. */
  public static final List<String> PIECES = List.of("Hello ", "from the ", "mock Claude.");

  /** A tool call to answer with: its id, name, and input as JSON text in streamed pieces. */
  private record ToolCall(String id, String name, List<String> inputPieces) {}

  private volatile long input = 1_000;
  private volatile long cacheWrite = 2_000;
  private volatile long cacheRead = 3_000;
  private volatile long output = 50;
  private volatile List<String> pieces = PIECES;
  private volatile ToolCall tool;
  private volatile int failStatus;
  private volatile String failType = "";
  private volatile int errorAfter = -1;
  private volatile String errorType = "";
  private volatile int cutAfter = -1;
  private volatile Duration interval = Duration.ZERO;

  private MockAnthropicUpstream() {}

  /** Starts a mock on a free port of {@code 127.0.0.1}. */
  public static MockAnthropicUpstream start() {
    return listen(new MockAnthropicUpstream());
  }

  /** The base URL to configure, e.g. {@code http://127.0.0.1:41234}, as Anthropic's has no /v1. */
  public String baseUrl() {
    return "http://127.0.0.1:" + port();
  }

  /** The usage the next answers report, in Anthropic's disjoint counts. */
  public MockAnthropicUpstream usage(long input, long cacheWrite, long cacheRead, long output) {
    this.input = input;
    this.cacheWrite = cacheWrite;
    this.cacheRead = cacheRead;
    this.output = output;
    return this;
  }

  /** Answers with {@code pieces} as the text (streamed one delta each); empty for no text. */
  public MockAnthropicUpstream text(List<String> pieces) {
    this.pieces = List.copyOf(pieces);
    return this;
  }

  /**
   * Answers with a {@code tool_use} block after the text, stop reason {@code tool_use}; its input
   * is the concatenation of {@code inputPieces}, streamed as one {@code input_json_delta} each.
   */
  public MockAnthropicUpstream toolUse(String id, String name, List<String> inputPieces) {
    this.tool = new ToolCall(id, name, List.copyOf(inputPieces));
    return this;
  }

  /** Makes every next request fail with {@code status} and an Anthropic error of {@code type}. */
  public MockAnthropicUpstream failWith(int status, String type) {
    this.failType = type;
    this.failStatus = status;
    return this;
  }

  /** Makes streams send an {@code error} event of {@code type} after {@code events} events. */
  public MockAnthropicUpstream errorEventAfter(int events, String type) {
    this.errorAfter = events;
    this.errorType = type;
    return this;
  }

  /** Makes streams close the connection after {@code events} events, without ending. */
  public MockAnthropicUpstream cutAfter(int events) {
    this.cutAfter = events;
    return this;
  }

  /** Makes every next answer wait {@code delay} before its headers go out. */
  public MockAnthropicUpstream delay(Duration delay) {
    this.delay = delay;
    return this;
  }

  /** Makes streams wait {@code interval} before each event after the first. */
  public MockAnthropicUpstream streamInterval(Duration interval) {
    this.interval = interval;
    return this;
  }

  @Override
  void answer(HttpServerResponse out, Received r) {
    out.putHeader("request-id", "req_mock");
    if (!r.headers().containsKey("x-api-key")) {
      error(out, 401, "authentication_error", "x-api-key header is required");
    } else if (!r.headers().containsKey("anthropic-version")) {
      error(out, 400, "invalid_request_error", "anthropic-version: header is required");
    } else if (failStatus != 0) {
      error(out, failStatus, failType, "The mock was told to fail with " + failStatus + ".");
    } else if (r.path().equals("/v1/messages/count_tokens")) {
      out.putHeader("content-type", "application/json")
          .end(JSON.createObjectNode().put("input_tokens", input).toString());
    } else if (!r.path().equals("/v1/messages")) {
      error(out, 404, "not_found_error", "Not found");
    } else if (!r.json().path("max_tokens").canConvertToLong()) {
      error(out, 400, "invalid_request_error", "max_tokens: Field required");
    } else if (r.json().path("stream").asBoolean(false)) {
      stream(out, r.json().path("model").asText());
    } else {
      out.putHeader("content-type", "application/json").end(message(r.json()).toString());
    }
  }

  private static void error(HttpServerResponse out, int status, String type, String message) {
    ObjectNode body = JSON.createObjectNode().put("type", "error");
    body.putObject("error").put("type", type).put("message", message);
    body.put("request_id", "req_mock");
    out.setStatusCode(status).putHeader("content-type", "application/json").end(body.toString());
  }

  private ObjectNode message(JsonNode request) {
    ObjectNode body = head(request.path("model").asText());
    String text = String.join("", pieces);
    if (!text.isEmpty()) {
      body.withArray("content").addObject().put("type", "text").put("text", text);
    }
    ToolCall t = tool;
    if (t != null) {
      ObjectNode use = body.withArray("content").addObject().put("type", "tool_use");
      use.put("id", t.id()).put("name", t.name());
      try {
        use.set("input", JSON.readTree(String.join("", t.inputPieces())));
      } catch (java.io.IOException e) {
        throw new IllegalStateException("the scripted tool input is not JSON", e);
      }
    }
    body.put("stop_reason", t != null ? "tool_use" : "end_turn");
    body.set("usage", usage(output));
    return body;
  }

  private ObjectNode head(String model) {
    ObjectNode body = JSON.createObjectNode();
    body.put("id", "msg_01MockAnthropic");
    body.put("type", "message");
    body.put("role", "assistant");
    body.put("model", model);
    body.putArray("content");
    body.putNull("stop_reason");
    body.putNull("stop_sequence");
    return body;
  }

  private ObjectNode usage(long outputTokens) {
    ObjectNode usage = JSON.createObjectNode();
    usage.put("input_tokens", input);
    usage.put("cache_creation_input_tokens", cacheWrite);
    usage.put("cache_read_input_tokens", cacheRead);
    usage
        .putObject("cache_creation")
        .put("ephemeral_5m_input_tokens", cacheWrite)
        .put("ephemeral_1h_input_tokens", 0);
    usage.put("output_tokens", outputTokens);
    usage.put("service_tier", "standard");
    return usage;
  }

  private void stream(HttpServerResponse out, String model) {
    out.setChunked(true)
        .putHeader("content-type", "text/event-stream")
        .putHeader("cache-control", "no-cache");
    List<ObjectNode> events = new ArrayList<>();
    ObjectNode start = event("message_start");
    start.set("message", head(model).set("usage", usage(1)));
    events.add(start);
    int index = 0;
    if (!pieces.isEmpty()) {
      ObjectNode block = event("content_block_start").put("index", index);
      block.putObject("content_block").put("type", "text").put("text", "");
      events.add(block);
      events.add(event("ping"));
      for (String piece : pieces) {
        events.add(delta(index, "text_delta", "text", piece));
      }
      events.add(event("content_block_stop").put("index", index++));
    }
    ToolCall t = tool;
    if (t != null) {
      ObjectNode block = event("content_block_start").put("index", index);
      block
          .putObject("content_block")
          .put("type", "tool_use")
          .put("id", t.id())
          .put("name", t.name())
          .putObject("input");
      events.add(block);
      for (String piece : t.inputPieces()) {
        events.add(delta(index, "input_json_delta", "partial_json", piece));
      }
      events.add(event("content_block_stop").put("index", index));
    }
    ObjectNode end = event("message_delta");
    end.putObject("delta")
        .put("stop_reason", t != null ? "tool_use" : "end_turn")
        .putNull("stop_sequence");
    end.putObject("usage").put("output_tokens", output);
    events.add(end);
    events.add(event("message_stop"));
    send(out, events, 0, track(out));
  }

  private void send(HttpServerResponse out, List<ObjectNode> events, int from, boolean[] ended) {
    for (int i = from; i < events.size(); i++) {
      if (out.closed()) {
        return;
      }
      if (i == errorAfter) {
        ObjectNode error = event("error");
        error.putObject("error").put("type", errorType).put("message", "Overloaded");
        ended[0] = true;
        out.end(wire(error));
        return;
      }
      if (i == cutAfter) {
        ended[0] = true;
        out.reset();
        return;
      }
      if (i == events.size() - 1) {
        finish(out, wire(events.get(i)), ended);
        return;
      }
      out.write(wire(events.get(i)));
      int next = i + 1;
      if (interval.toMillis() > 0) {
        vertx.setTimer(interval.toMillis(), t -> send(out, events, next, ended));
        return;
      }
      if (waitForDrain(out, v -> send(out, events, next, ended))) {
        return;
      }
    }
  }

  private static String wire(ObjectNode event) {
    return "event: " + event.get("type").asText() + "\ndata: " + event + "\n\n";
  }

  private static ObjectNode event(String type) {
    return JSON.createObjectNode().put("type", type);
  }

  private static ObjectNode delta(int index, String type, String field, String value) {
    ObjectNode delta = event("content_block_delta").put("index", index);
    delta.putObject("delta").put("type", type).put(field, value);
    return delta;
  }
}

package dev.tollgate.testkit;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.vertx.core.MultiMap;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

/**
 * An OpenAI-compatible upstream on {@code 127.0.0.1}, on a free port, speaking the documented
 * chat-completions wire format: {@code POST /v1/chat/completions} answers a {@code chat.completion}
 * with {@code usage} (and {@code prompt_tokens_details.cached_tokens}), or with {@code stream:
 * true} a series of {@code data: {chat.completion.chunk}} events, a last chunk with no choices and
 * the usage when {@code stream_options.include_usage} is true, then {@code data: [DONE]}. {@code
 * POST /v1/completions}, {@code /v1/embeddings} and {@code /v1/responses} (plain, or streamed as
 * named events ending with {@code response.completed}) answer as {@link MockWire} shows. The same
 * endpoints answer at Azure OpenAI's paths under {@link #rootUrl()}: {@code
 * /openai/deployments/{deployment}/chat/completions} (and {@code /completions}, {@code
 * /embeddings}) and {@code /openai/responses}, which, as on Azure, answer 404 without an {@code
 * api-version} query parameter. It records every request it got, and can be told to fail or to be
 * slow.
 */
public final class MockOpenAiUpstream implements AutoCloseable {

  /** The reply's text; streamed in {@link #PIECES} pieces. */
  public static final String REPLY = "Hello from the mock upstream.";

  /** Pieces the streamed reply is cut into. */
  public static final List<String> PIECES = List.of("Hello ", "from the ", "mock upstream.");

  private static final ObjectMapper JSON = new ObjectMapper();

  /**
   * A request as the mock received it.
   *
   * @param path the request path, e.g. {@code /v1/chat/completions}
   * @param headers the headers, names in lower case
   * @param body the body as received
   * @param query the query string, e.g. {@code api-version=2025-04-01-preview}; "" if none
   */
  public record Received(String path, Map<String, String> headers, String body, String query) {
    /** The body parsed as JSON. */
    public JsonNode json() {
      try {
        return JSON.readTree(body);
      } catch (IOException e) {
        throw new IllegalStateException("the body is not JSON: " + body, e);
      }
    }
  }

  /**
   * One scripted answer, used by the next request in line.
   *
   * @param status the error status to answer with an OpenAI error body; 0 answers normally
   * @param delay how long to wait before the headers go out
   * @param retryAfterMs the {@code retry-after-ms} header of an error, as OpenAI sends it; null for
   *     none
   * @param retryAfter the {@code retry-after} header (seconds) of an error; null for none
   */
  public record Step(int status, Duration delay, String retryAfterMs, String retryAfter) {

    /** A normal answer. */
    public static Step ok() {
      return new Step(0, Duration.ZERO, null, null);
    }

    /** An error answer with {@code status}. */
    public static Step fail(int status) {
      return new Step(status, Duration.ZERO, null, null);
    }

    /** This step, answered after {@code wait}. */
    public Step after(Duration wait) {
      return new Step(status, wait, retryAfterMs, retryAfter);
    }

    /** This step with {@code retry-after-ms: ms}. */
    public Step retryAfterMs(long ms) {
      return new Step(status, delay, Long.toString(ms), retryAfter);
    }

    /** This step with {@code retry-after: seconds}. */
    public Step retryAfterSeconds(long seconds) {
      return new Step(status, delay, retryAfterMs, Long.toString(seconds));
    }
  }

  private final Vertx vertx;
  private final HttpServer server;
  private final java.util.Queue<Step> script = new java.util.concurrent.ConcurrentLinkedQueue<>();
  private final List<Received> received = new CopyOnWriteArrayList<>();
  private volatile long promptTokens = 1_200;
  private volatile long cachedTokens = 1_000;
  private volatile long completionTokens = 50;
  private volatile int failStatus;
  private volatile String failType = "";
  private volatile Duration delay = Duration.ZERO;
  private volatile Duration interval = Duration.ZERO;
  private volatile List<String> pieces = PIECES;
  private volatile boolean backpressure;
  private volatile boolean cutBeforeUsage;
  private volatile boolean failResponses;
  private final java.util.concurrent.atomic.AtomicInteger finished =
      new java.util.concurrent.atomic.AtomicInteger();
  private final java.util.concurrent.atomic.AtomicInteger cut =
      new java.util.concurrent.atomic.AtomicInteger();

  private MockOpenAiUpstream() {
    vertx = Vertx.vertx();
    server = vertx.createHttpServer().requestHandler(this::handle);
  }

  /** Starts a mock on a free port of {@code 127.0.0.1}. */
  public static MockOpenAiUpstream start() {
    MockOpenAiUpstream mock = new MockOpenAiUpstream();
    try {
      mock.server.listen(0, "127.0.0.1").await(10, TimeUnit.SECONDS);
    } catch (Exception e) {
      mock.close();
      throw new IllegalStateException("the mock upstream could not listen", e);
    }
    return mock;
  }

  /** The base URL to configure, e.g. {@code http://127.0.0.1:41234/v1}. */
  public String baseUrl() {
    return "http://127.0.0.1:" + server.actualPort() + "/v1";
  }

  /** The server's root, e.g. {@code http://127.0.0.1:41234}: an Azure entry's {@code base_url}. */
  public String rootUrl() {
    return "http://127.0.0.1:" + server.actualPort();
  }

  /** The requests received so far, oldest first. */
  public List<Received> received() {
    return List.copyOf(received);
  }

  /**
   * The usage the next answers report; {@code prompt} includes {@code cached}, as OpenAI's does.
   */
  public MockOpenAiUpstream usage(long prompt, long cached, long completion) {
    this.promptTokens = prompt;
    this.cachedTokens = cached;
    this.completionTokens = completion;
    return this;
  }

  /**
   * Makes every next request fail with {@code status} and an OpenAI error body of {@code type}
   * (e.g. 500 {@code server_error}, 429 {@code rate_limit_exceeded}); status 0 stops failing.
   */
  public MockOpenAiUpstream failWith(int status, String type) {
    this.failType = type;
    this.failStatus = status;
    return this;
  }

  /**
   * Answers the next requests by {@code steps}, one each, in order; after them the other settings
   * ({@link #failWith}, {@link #delay}) apply again.
   */
  public MockOpenAiUpstream script(Step... steps) {
    script.addAll(List.of(steps));
    return this;
  }

  /** Makes every next answer wait {@code delay} before its headers go out. */
  public MockOpenAiUpstream delay(Duration delay) {
    this.delay = delay;
    return this;
  }

  /** Makes streams wait {@code interval} before each chunk after the first, as a model does. */
  public MockOpenAiUpstream streamInterval(Duration interval) {
    this.interval = interval;
    return this;
  }

  /** Streams {@code pieces} as the reply's content instead of {@link #PIECES}. */
  public MockOpenAiUpstream streamPieces(List<String> pieces) {
    this.pieces = List.copyOf(pieces);
    return this;
  }

  /**
   * Makes Responses streams break off (the connection reset) after the last text event, before the
   * {@code response.completed} event that carries the usage.
   */
  public MockOpenAiUpstream cutBeforeUsage(boolean cut) {
    this.cutBeforeUsage = cut;
    return this;
  }

  /**
   * Makes Responses streams end with {@code response.failed} (an {@code error}, no usage) instead
   * of {@code response.completed}.
   */
  public MockOpenAiUpstream failResponseStreams(boolean fail) {
    this.failResponses = fail;
    return this;
  }

  /**
   * Whether a stream ever found its write queue full, i.e. the other side stopped reading for a
   * while; the mock then waits for it to drain.
   */
  public boolean sawBackpressure() {
    return backpressure;
  }

  /** How many streams the mock has sent to the end, {@code data: [DONE]} included. */
  public int finishedStreams() {
    return finished.get();
  }

  /** How many streams the other side closed before the mock had sent {@code data: [DONE]}. */
  public int cutStreams() {
    return cut.get();
  }

  private void handle(HttpServerRequest request) {
    request
        .body()
        .onSuccess(
            body -> {
              Map<String, String> headers = new TreeMap<>();
              MultiMap h = request.headers();
              h.names().forEach(n -> headers.put(n.toLowerCase(Locale.ROOT), h.get(n)));
              String query = request.query() == null ? "" : request.query();
              Received r = new Received(request.path(), headers, body.toString(), query);
              received.add(r);
              Step scripted = script.poll();
              Step step = scripted != null ? scripted : new Step(failStatus, delay, null, null);
              long wait = step.delay().toMillis();
              if (wait > 0) {
                vertx.setTimer(wait, t -> answer(request.response(), r, step));
              } else {
                answer(request.response(), r, step);
              }
            });
  }

  private void answer(HttpServerResponse out, Received r, Step step) {
    if (out.closed()) {
      return;
    }
    int failStatus = step.status();
    if (failStatus != 0) {
      if (step.retryAfterMs() != null) {
        out.putHeader("retry-after-ms", step.retryAfterMs());
      }
      if (step.retryAfter() != null) {
        out.putHeader("retry-after", step.retryAfter());
      }
      String type =
          !failType.isEmpty()
              ? failType
              : failStatus == 429 ? "rate_limit_exceeded" : "server_error";
      ObjectNode error = JSON.createObjectNode();
      error
          .putObject("error")
          .put("message", "The mock upstream was told to fail with " + failStatus + ".")
          .put("type", type)
          .putNull("param")
          .put("code", type);
      out.setStatusCode(failStatus).putHeader("content-type", "application/json");
      out.end(error.toString());
      return;
    }
    String endpoint = endpoint(r);
    if (endpoint == null) {
      out.setStatusCode(404)
          .end("{\"error\":{\"message\":\"no such path\",\"type\":\"invalid_request_error\"}}");
      return;
    }
    JsonNode request = r.json();
    String model = request.path("model").asText();
    boolean stream = request.path("stream").asBoolean(false);
    switch (endpoint) {
      case "/completions" -> {
        json(out, MockWire.completion(request, REPLY, promptTokens, completionTokens));
        return;
      }
      case "/embeddings" -> {
        json(out, MockWire.embeddings(request, promptTokens));
        return;
      }
      case "/responses" -> {
        ObjectNode whole =
            MockWire.response(
                request, String.join("", pieces), promptTokens, cachedTokens, completionTokens);
        if (stream) {
          List<String> events =
              new java.util.ArrayList<>(
                  MockWire.responseEvents(request, pieces, whole, failResponses));
          if (cutBeforeUsage) {
            events.set(events.size() - 1, CUT);
          }
          sse(out, events);
        } else {
          json(out, whole);
        }
        return;
      }
      default -> {
        // Chat completions, below.
      }
    }
    if (stream) {
      stream(out, model, request.path("stream_options").path("include_usage").asBoolean(false));
      return;
    }
    ObjectNode body = header(model, "chat.completion");
    ObjectNode choice = body.putArray("choices").addObject();
    choice.put("index", 0);
    choice.putObject("message").put("role", "assistant").put("content", REPLY).putNull("refusal");
    choice.putNull("logprobs");
    choice.put("finish_reason", "stop");
    body.set("usage", usage());
    body.put("service_tier", "default");
    body.putNull("system_fingerprint");
    out.putHeader("content-type", "application/json").end(body.toString());
  }

  /** The last "event" of a stream that breaks off instead of ending. */
  private static final String CUT = "\0cut";

  /**
   * The endpoint a path asks for ({@code /chat/completions}, {@code /completions}, {@code
   * /embeddings}, {@code /responses}), at OpenAI's paths or Azure's; null for any other path, or an
   * Azure path without {@code api-version}.
   */
  private static String endpoint(Received r) {
    if (r.path().startsWith("/v1/")) {
      String e = r.path().substring(3);
      return ENDPOINTS.contains(e) ? e : null;
    }
    if (!r.query().contains("api-version=")) {
      return null;
    }
    if (r.path().equals("/openai/responses")) {
      return "/responses";
    }
    String prefix = "/openai/deployments/";
    if (r.path().startsWith(prefix)) {
      String rest = r.path().substring(prefix.length());
      int slash = rest.indexOf('/');
      String e = slash > 0 ? rest.substring(slash) : "";
      return ENDPOINTS.contains(e) && !e.equals("/responses") ? e : null;
    }
    return null;
  }

  private static final List<String> ENDPOINTS =
      List.of("/chat/completions", "/completions", "/embeddings", "/responses");

  private static void json(HttpServerResponse out, ObjectNode body) {
    out.putHeader("content-type", "application/json").end(body.toString());
  }

  private void stream(HttpServerResponse out, String model, boolean includeUsage) {
    List<String> events = new java.util.ArrayList<>();
    ObjectNode first = chunk(model, includeUsage);
    ((ObjectNode) first.get("choices").get(0).get("delta"))
        .put("role", "assistant")
        .put("content", "")
        .putNull("refusal");
    events.add("data: " + first + "\n\n");
    for (String piece : pieces) {
      ObjectNode c = chunk(model, includeUsage);
      ((ObjectNode) c.get("choices").get(0).get("delta")).put("content", piece);
      events.add("data: " + c + "\n\n");
    }
    ObjectNode last = chunk(model, includeUsage);
    ((ObjectNode) last.get("choices").get(0)).put("finish_reason", "stop");
    events.add("data: " + last + "\n\n");
    if (includeUsage) {
      ObjectNode usage = header(model, "chat.completion.chunk");
      usage.putArray("choices");
      usage.set("usage", usage());
      events.add("data: " + usage + "\n\n");
    }
    events.add("data: [DONE]\n\n");
    sse(out, events);
  }

  private void sse(HttpServerResponse out, List<String> events) {
    out.setChunked(true).putHeader("content-type", "text/event-stream");
    boolean[] ended = {false};
    out.closeHandler(
        v -> {
          if (!ended[0]) {
            cut.incrementAndGet();
          }
        });
    send(out, events, 0, ended);
  }

  private void send(HttpServerResponse out, List<String> events, int from, boolean[] ended) {
    for (int i = from; ; i++) {
      if (out.closed()) {
        return;
      }
      if (i == events.size() - 1 && events.get(i).equals(CUT)) {
        out.reset();
        return;
      }
      if (i == events.size() - 1) {
        ended[0] = true;
        out.end(events.get(i)).onSuccess(v -> finished.incrementAndGet());
        return;
      }
      out.write(events.get(i));
      int next = i + 1;
      long wait = interval.toMillis();
      if (wait > 0) {
        vertx.setTimer(wait, t -> send(out, events, next, ended));
        return;
      }
      if (out.writeQueueFull()) {
        backpressure = true;
        out.drainHandler(v -> send(out, events, next, ended));
        return;
      }
    }
  }

  private ObjectNode chunk(String model, boolean includeUsage) {
    ObjectNode c = header(model, "chat.completion.chunk");
    ObjectNode choice = c.putArray("choices").addObject();
    choice.put("index", 0);
    choice.putObject("delta");
    choice.putNull("logprobs");
    choice.putNull("finish_reason");
    if (includeUsage) {
      c.putNull("usage");
    }
    return c;
  }

  private static ObjectNode header(String model, String object) {
    ObjectNode body = JSON.createObjectNode();
    body.put("id", "chatcmpl-mock");
    body.put("object", object);
    body.put("created", 1_764_000_000L);
    body.put("model", model);
    return body;
  }

  private ObjectNode usage() {
    ObjectNode usage = JSON.createObjectNode();
    usage.put("prompt_tokens", promptTokens);
    usage.put("completion_tokens", completionTokens);
    usage.put("total_tokens", promptTokens + completionTokens);
    usage
        .putObject("prompt_tokens_details")
        .put("cached_tokens", cachedTokens)
        .put("audio_tokens", 0);
    usage
        .putObject("completion_tokens_details")
        .put("reasoning_tokens", 0)
        .put("audio_tokens", 0)
        .put("accepted_prediction_tokens", 0)
        .put("rejected_prediction_tokens", 0);
    return usage;
  }

  /** Stops the server. */
  @Override
  public void close() {
    try {
      vertx.close().await(10, TimeUnit.SECONDS);
    } catch (Exception e) {
      // Closing anyway; a test's tear-down has nothing better to do.
    }
  }
}

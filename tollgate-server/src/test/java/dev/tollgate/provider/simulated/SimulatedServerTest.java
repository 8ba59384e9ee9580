package dev.tollgate.provider.simulated;

import static org.assertj.core.api.Assertions.assertThat;

import com.anthropic.client.AnthropicClient;
import com.anthropic.client.okhttp.AnthropicOkHttpClient;
import com.anthropic.models.messages.Message;
import com.anthropic.models.messages.MessageCreateParams;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.openai.client.OpenAIClient;
import com.openai.client.okhttp.OpenAIOkHttpClient;
import com.openai.models.chat.completions.ChatCompletion;
import com.openai.models.chat.completions.ChatCompletionCreateParams;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalLong;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The standalone simulated server, driven over HTTP and by the official SDKs. */
@Timeout(value = 30, unit = TimeUnit.SECONDS, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class SimulatedServerTest {

  private static final ObjectMapper JSON = new ObjectMapper();

  private static final String CHAT =
      "{\"model\":\"gpt-4o-mini\",\"messages\":[{\"role\":\"user\",\"content\":\"Hello\"}]}";

  private static final String MESSAGES =
      "{\"model\":\"claude-sonnet-4-5\",\"max_tokens\":100,"
          + "\"messages\":[{\"role\":\"user\",\"content\":\"Hello\"}]}";

  /** The estimator's prompt tokens of CHAT: 4 per message, 2 for "Hello", 3 for the reply. */
  private static final long CHAT_PROMPT = 9;

  private final HttpClient client = HttpClient.newHttpClient();
  private SimulatedServer server;

  @AfterEach
  void stop() {
    if (server != null) {
      server.close();
    }
  }

  private void start(SimulatedOptions options) {
    server = SimulatedServer.start(options, "127.0.0.1", 0);
  }

  private static SimulatedOptions options(
      long latencyMs, long chunkDelayMs, long tokens, long cacheRead, long cacheWrite) {
    return new SimulatedOptions(
        latencyMs,
        chunkDelayMs,
        OptionalLong.of(tokens),
        3,
        cacheRead,
        cacheWrite,
        0,
        0,
        0,
        0,
        false,
        -1);
  }

  private static SimulatedOptions faults(
      int status, long retryAfter, int every, boolean malformed, int cutAfter) {
    return new SimulatedOptions(
        0, 0, OptionalLong.empty(), 3, 0, 0, status, retryAfter, every, 0, malformed, cutAfter);
  }

  private HttpResponse<String> post(String path, String body) throws Exception {
    return client.send(request(path, body), HttpResponse.BodyHandlers.ofString());
  }

  private HttpRequest request(String path, String body) {
    return HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + path))
        .timeout(Duration.ofSeconds(10))
        .header("content-type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofString(body))
        .build();
  }

  /** The {@code data:} payloads of an SSE body, in order. */
  private static List<String> data(String sse) {
    List<String> data = new ArrayList<>();
    for (String line : sse.split("\n")) {
      if (line.startsWith("data: ")) {
        data.add(line.substring(6));
      }
    }
    return data;
  }

  @Test
  void openAiCountsCachedTokensInsidePromptTokensAndTheReplyHasTheConfiguredLength()
      throws Exception {
    start(options(0, 0, 50, 1_000, 300));

    JsonNode body = JSON.readTree(post("/v1/chat/completions", CHAT).body());

    assertThat(body.at("/usage/prompt_tokens").asLong()).isEqualTo(CHAT_PROMPT + 1_000);
    assertThat(body.at("/usage/prompt_tokens_details/cached_tokens").asLong()).isEqualTo(1_000);
    assertThat(body.at("/usage/completion_tokens").asLong()).isEqualTo(50);
    assertThat(body.at("/usage/total_tokens").asLong()).isEqualTo(CHAT_PROMPT + 1_050);
    assertThat(body.at("/choices/0/message/content").asText()).hasSize(200);
  }

  @Test
  void anOpenAiStreamEndsWithItsUsageChunkThenDone() throws Exception {
    start(options(0, 0, 50, 1_000, 0));
    String body =
        CHAT.replace("{", "{\"stream\":true,\"stream_options\":{\"include_usage\":true},");

    HttpResponse<String> response = post("/v1/chat/completions", body);

    assertThat(response.headers().firstValue("content-type")).hasValue("text/event-stream");
    List<String> data = data(response.body());
    // Role, three content pieces, finish reason, usage, [DONE].
    assertThat(data).hasSize(7);
    assertThat(data.getLast()).isEqualTo("[DONE]");
    JsonNode usage = JSON.readTree(data.get(5));
    assertThat(usage.get("choices")).isEmpty();
    assertThat(usage.at("/usage/prompt_tokens_details/cached_tokens").asLong()).isEqualTo(1_000);
    assertThat(usage.at("/usage/completion_tokens").asLong()).isEqualTo(50);
    StringBuilder text = new StringBuilder();
    for (String d : data.subList(0, 5)) {
      text.append(JSON.readTree(d).at("/choices/0/delta/content").asText());
    }
    assertThat(text).hasSize(200);
  }

  @Test
  void anthropicReportsCacheTokensBesideInputTokens() throws Exception {
    start(options(0, 0, 40, 1_000, 300));

    JsonNode body = JSON.readTree(post("/v1/messages", MESSAGES).body());

    JsonNode usage = body.get("usage");
    long input = usage.get("input_tokens").asLong();
    // The prompt's own estimate only: Anthropic's input_tokens excludes the cache.
    assertThat(input)
        .isEqualTo(
            dev.tollgate.proxy.TokenEstimator.anthropic(
                null, JSON.readTree(MESSAGES).get("messages")));
    assertThat(usage.get("cache_read_input_tokens").asLong()).isEqualTo(1_000);
    assertThat(usage.get("cache_creation_input_tokens").asLong()).isEqualTo(300);
    assertThat(usage.get("output_tokens").asLong()).isEqualTo(40);
    assertThat(body.get("stop_reason").asText()).isEqualTo("end_turn");
  }

  @Test
  void anAnthropicStreamHasInputUsageInMessageStartAndCumulativeOutputInMessageDelta()
      throws Exception {
    start(options(0, 0, 40, 1_000, 300));

    HttpResponse<String> response =
        post("/v1/messages", MESSAGES.replace("{", "{\"stream\":true,"));

    List<String> data = data(response.body());
    JsonNode start = JSON.readTree(data.getFirst());
    assertThat(start.get("type").asText()).isEqualTo("message_start");
    assertThat(start.at("/message/usage/cache_read_input_tokens").asLong()).isEqualTo(1_000);
    assertThat(start.at("/message/usage/cache_creation_input_tokens").asLong()).isEqualTo(300);
    assertThat(start.at("/message/usage/output_tokens").asLong()).isEqualTo(1);
    JsonNode delta = JSON.readTree(data.get(data.size() - 2));
    assertThat(delta.get("type").asText()).isEqualTo("message_delta");
    assertThat(delta.at("/usage/output_tokens").asLong()).isEqualTo(40);
    assertThat(JSON.readTree(data.getLast()).get("type").asText()).isEqualTo("message_stop");
    assertThat(response.body()).doesNotContain("[DONE]");
  }

  @Test
  void theLatencyAndTheChunkDelayAreKeptOnTheWire() throws Exception {
    start(options(150, 40, 12, 0, 0));
    String body = CHAT.replace("{", "{\"stream\":true,");

    long t0 = System.nanoTime();
    HttpResponse<InputStream> response =
        client.send(
            request("/v1/chat/completions", body), HttpResponse.BodyHandlers.ofInputStream());
    long headers = System.nanoTime() - t0;
    response.body().readAllBytes();
    long all = System.nanoTime() - t0;

    // Headers go out with the first chunk, after the latency; then 4 more chunks, 40 ms apart.
    assertThat(Duration.ofNanos(headers)).isGreaterThanOrEqualTo(Duration.ofMillis(150));
    assertThat(Duration.ofNanos(all)).isGreaterThanOrEqualTo(Duration.ofMillis(150 + 4 * 40));
  }

  @Test
  void everySecondRequestIsRefusedWith429AndItsRetryAfterInEitherFormat() throws Exception {
    start(faults(429, 7, 2, false, -1));

    List<Integer> statuses = new ArrayList<>();
    for (int i = 0; i < 4; i++) {
      statuses.add(post("/v1/chat/completions", CHAT).statusCode());
    }
    HttpResponse<String> anthropicOk = post("/v1/messages", MESSAGES);
    HttpResponse<String> anthropic = post("/v1/messages", MESSAGES);

    assertThat(statuses).containsExactly(200, 429, 200, 429);
    assertThat(anthropicOk.statusCode()).isEqualTo(200);
    assertThat(anthropic.statusCode()).isEqualTo(429);
    assertThat(anthropic.headers().firstValue("retry-after")).hasValue("7");
    JsonNode error = JSON.readTree(anthropic.body());
    assertThat(error.get("type").asText()).isEqualTo("error");
    assertThat(error.at("/error/type").asText()).isEqualTo("rate_limit_error");
  }

  @Test
  void aStreamRefusedWith529IsAPlainAnthropicOverloadedError() throws Exception {
    start(faults(529, 0, 0, false, -1));

    HttpResponse<String> response =
        post("/v1/messages", MESSAGES.replace("{", "{\"stream\":true,"));

    assertThat(response.statusCode()).isEqualTo(529);
    assertThat(response.headers().firstValue("content-type")).hasValue("application/json");
    assertThat(JSON.readTree(response.body()).at("/error/type").asText())
        .isEqualTo("overloaded_error");
  }

  @Test
  void aMalformedAnswerIsA200WhoseBodyIsNotJson() throws Exception {
    start(faults(0, 0, 0, true, -1));

    HttpResponse<String> response = post("/v1/chat/completions", CHAT);

    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(response.body()).startsWith("{\"id\"");
    assertThat(parses(response.body())).isFalse();
  }

  private static boolean parses(String text) {
    try {
      JSON.readTree(text);
      return true;
    } catch (java.io.IOException e) {
      return false;
    }
  }

  @Test
  void aCutStreamDropsTheConnectionAfterItsChunksWithoutUsageOrDone() throws Exception {
    start(faults(0, 0, 0, false, 2));
    String body =
        CHAT.replace("{", "{\"stream\":true,\"stream_options\":{\"include_usage\":true},");

    String wire = raw("/v1/chat/completions", body);

    assertThat(data(wire)).hasSize(2);
    assertThat(wire).doesNotContain("[DONE]").doesNotContain("\"usage\":{");
    // No last chunk of the chunked encoding: the connection was dropped, not the response ended.
    assertThat(wire).doesNotEndWith("0\r\n\r\n");
  }

  /** The raw bytes of the answer, read until the server closes the connection. */
  private String raw(String path, String body) throws Exception {
    try (Socket socket = new Socket("127.0.0.1", server.port())) {
      socket.setSoTimeout(10_000);
      OutputStream out = socket.getOutputStream();
      out.write(
          ("POST "
                  + path
                  + " HTTP/1.1\r\nhost: 127.0.0.1\r\ncontent-type: application/json\r\n"
                  + "content-length: "
                  + body.getBytes(StandardCharsets.UTF_8).length
                  + "\r\n\r\n"
                  + body)
              .getBytes(StandardCharsets.UTF_8));
      out.flush();
      ByteArrayOutputStream got = new ByteArrayOutputStream();
      try {
        socket.getInputStream().transferTo(got);
      } catch (java.net.SocketException e) {
        // A reset is how a dropped connection may look; what arrived before it counts.
      }
      return got.toString(StandardCharsets.UTF_8);
    }
  }

  @Test
  void theOfficialSdksReadItsAnswers() {
    start(options(0, 0, 20, 100, 50));
    OpenAIClient openAi =
        OpenAIOkHttpClient.builder()
            .baseUrl("http://127.0.0.1:" + server.port() + "/v1")
            .apiKey("unused")
            .maxRetries(0)
            .build();
    AnthropicClient anthropic =
        AnthropicOkHttpClient.builder()
            .baseUrl("http://127.0.0.1:" + server.port())
            .apiKey("unused")
            .maxRetries(0)
            .build();

    ChatCompletion completion =
        openAi
            .chat()
            .completions()
            .create(
                ChatCompletionCreateParams.builder()
                    .model("gpt-4o-mini")
                    .addUserMessage("Hello")
                    .build());
    Message message =
        anthropic
            .messages()
            .create(
                MessageCreateParams.builder()
                    .model("claude-sonnet-4-5")
                    .maxTokens(100)
                    .addUserMessage("Hello")
                    .build());

    assertThat(completion.usage().orElseThrow().completionTokens()).isEqualTo(20L);
    assertThat(completion.usage().orElseThrow().promptTokensDetails().orElseThrow().cachedTokens())
        .hasValue(100L);
    assertThat(message.usage().outputTokens()).isEqualTo(20L);
    assertThat(message.usage().cacheReadInputTokens()).hasValue(100L);
    assertThat(message.usage().cacheCreationInputTokens()).hasValue(50L);
  }
}

package dev.tollgate.proxy;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tollgate.config.ConfigLoader;
import dev.tollgate.config.TollgateConfig;
import dev.tollgate.keys.KeyLimits;
import dev.tollgate.proxy.openai.OpenAiCodec;
import dev.tollgate.server.Gateway;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Black-box, the bad-input suite on one gateway: for each metered endpoint in its own
 * format (OpenAI chat and embeddings, Anthropic messages), invalid JSON, a missing or unknown
 * model, a wrong key, an oversized body and unsupported parameter values. Each is a 4xx in the
 * client's error format naming what was wrong, never a 500, and reserves nothing.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class BadInputTest {

  private static final ObjectMapper JSON = new ObjectMapper();

  private static final String CHAT = "/v1/chat/completions";
  private static final String MESSAGES = "/v1/messages";
  private static final String EMBEDDINGS = "/v1/embeddings";

  private static final String CHAT_OK =
      "{\"model\":\"gpt-4o-mini\",\"messages\":[{\"role\":\"user\",\"content\":\"Hi\"}]}";
  private static final String MESSAGES_OK =
      "{\"model\":\"claude-3-5-haiku\",\"max_tokens\":16,"
          + "\"messages\":[{\"role\":\"user\",\"content\":\"Hi\"}]}";
  private static final String EMBEDDINGS_OK =
      "{\"model\":\"text-embedding-3-small\",\"input\":\"Hi\"}";

  @TempDir static Path dir;

  private final HttpClient client = HttpClient.newHttpClient();
  private Gateway gateway;
  private String key;

  @BeforeAll
  void start() {
    TollgateConfig config =
        ConfigLoader.load(Optional.empty(), Map.of(), dir)
            .withServer("127.0.0.1", 0)
            .withDataDir(dir.resolve("data"));
    gateway = Gateway.start(config, InstantSource.system());
    key = gateway.demoKeySecret().orElseThrow();
  }

  @AfterAll
  void stop() {
    gateway.close();
  }

  /** A case: the endpoint, the body, the key to send, the status and the field named (or null). */
  record Case(String name, String path, String body, String secret, int status, String param) {
    @Override
    public String toString() {
      return name;
    }
  }

  static Stream<Arguments> cases() {
    String good = "good";
    return Stream.of(
            // Invalid JSON, and JSON that is not an object.
            new Case("chat: invalid JSON", CHAT, "{\"model\": ", good, 400, null),
            new Case("messages: invalid JSON", MESSAGES, "{\"model\": ", good, 400, null),
            new Case("embeddings: invalid JSON", EMBEDDINGS, "{\"model\": ", good, 400, null),
            new Case("chat: an array body", CHAT, "[1,2]", good, 400, null),
            new Case("messages: an empty body", MESSAGES, "", good, 400, null),
            // A missing model.
            new Case("chat: no model", CHAT, drop(CHAT_OK, "gpt-4o-mini"), good, 400, "model"),
            new Case(
                "messages: no model",
                MESSAGES,
                drop(MESSAGES_OK, "claude-3-5-haiku"),
                good,
                400,
                "model"),
            new Case(
                "embeddings: no model",
                EMBEDDINGS,
                drop(EMBEDDINGS_OK, "text-embedding-3-small"),
                good,
                400,
                "model"),
            // An unknown model.
            new Case(
                "chat: unknown model",
                CHAT,
                CHAT_OK.replace("gpt-4o-mini", "gpt-nonexistent"),
                good,
                404,
                "model"),
            new Case(
                "messages: unknown model",
                MESSAGES,
                MESSAGES_OK.replace("claude-3-5-haiku", "claude-nonexistent"),
                good,
                404,
                "model"),
            new Case(
                "embeddings: unknown model",
                EMBEDDINGS,
                EMBEDDINGS_OK.replace("text-embedding-3-small", "embed-nonexistent"),
                good,
                404,
                "model"),
            // A wrong key, and none.
            new Case("chat: wrong key", CHAT, CHAT_OK, "tg-wrong", 401, null),
            new Case("messages: wrong key", MESSAGES, MESSAGES_OK, "tg-wrong", 401, null),
            new Case("embeddings: wrong key", EMBEDDINGS, EMBEDDINGS_OK, "tg-wrong", 401, null),
            new Case("chat: no key", CHAT, CHAT_OK, null, 401, null),
            // Unsupported parameter values.
            new Case("chat: n 0", CHAT, with(CHAT_OK, "\"n\":0"), good, 400, "n"),
            new Case("chat: n a string", CHAT, with(CHAT_OK, "\"n\":\"2\""), good, 400, "n"),
            new Case(
                "chat: stream yes", CHAT, with(CHAT_OK, "\"stream\":\"yes\""), good, 400, "stream"),
            new Case(
                "chat: temperature 3",
                CHAT,
                with(CHAT_OK, "\"temperature\":3"),
                good,
                400,
                "temperature"),
            new Case(
                "chat: top_p a string",
                CHAT,
                with(CHAT_OK, "\"top_p\":\"high\""),
                good,
                400,
                "top_p"),
            new Case("chat: stop a number", CHAT, with(CHAT_OK, "\"stop\":7"), good, 400, "stop"),
            new Case(
                "chat: max_tokens 1.5",
                CHAT,
                with(CHAT_OK, "\"max_tokens\":1.5"),
                good,
                400,
                "max_tokens"),
            new Case(
                "chat: messages a string",
                CHAT,
                "{\"model\":\"gpt-4o-mini\",\"messages\":\"Hi\"}",
                good,
                400,
                "messages"),
            new Case(
                "messages: stream yes",
                MESSAGES,
                with(MESSAGES_OK, "\"stream\":\"yes\""),
                good,
                400,
                "stream"),
            new Case(
                "messages: temperature 1.5",
                MESSAGES,
                with(MESSAGES_OK, "\"temperature\":1.5"),
                good,
                400,
                "temperature"),
            new Case(
                "messages: top_k -1",
                MESSAGES,
                with(MESSAGES_OK, "\"top_k\":-1"),
                good,
                400,
                "top_k"),
            new Case(
                "messages: max_tokens 0",
                MESSAGES,
                MESSAGES_OK.replace("\"max_tokens\":16", "\"max_tokens\":0"),
                good,
                400,
                "max_tokens"),
            new Case(
                "embeddings: dimensions 0",
                EMBEDDINGS,
                with(EMBEDDINGS_OK, "\"dimensions\":0"),
                good,
                400,
                "dimensions"),
            new Case(
                "embeddings: encoding_format hex",
                EMBEDDINGS,
                with(EMBEDDINGS_OK, "\"encoding_format\":\"hex\""),
                good,
                400,
                "encoding_format"),
            new Case(
                "embeddings: input a number",
                EMBEDDINGS,
                "{\"model\":\"text-embedding-3-small\",\"input\":42}",
                good,
                400,
                "input"))
        .map(Arguments::of);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void badInputIsAClear4xxInTheClientsFormat(Case c) throws Exception {
    HttpResponse<String> response = send(c.path(), c.body(), c.secret());

    assertThat(response.statusCode()).as(response.body()).isEqualTo(c.status());
    assertError(c.path(), response, c.param());
    assertThat(gateway.accounting().engine().activeReservations()).isZero();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("endpoints")
  void aBodyOverTheLimitIsA413InTheClientsFormat(String path) throws Exception {
    String huge = "{\"model\":\"" + "x".repeat(OpenAiCodec.MAX_BODY_BYTES) + "\"}";

    HttpResponse<String> response = send(path, huge, "good");

    assertThat(response.statusCode()).isEqualTo(413);
    assertError(path, response, null);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("endpoints")
  void anExpiredKeyIsA401NamingTheExpiry(String path) throws Exception {
    String expired =
        gateway
            .keys()
            .create(
                "expired-" + path.replace('/', '-'),
                "",
                "",
                "",
                "",
                "",
                List.of(),
                new KeyLimits(
                    List.of(),
                    OptionalLong.empty(),
                    OptionalLong.empty(),
                    Optional.of(Instant.now().minusSeconds(60)),
                    false,
                    List.of()))
            .secret();
    String body =
        switch (path) {
          case MESSAGES -> MESSAGES_OK;
          case EMBEDDINGS -> EMBEDDINGS_OK;
          case CHAT -> CHAT_OK;
          default -> "{\"model\":\"gpt-4o-mini\",\"prompt\":\"Hi\"}";
        };

    HttpResponse<String> response = send(path, body, expired);

    assertThat(response.statusCode()).isEqualTo(401);
    assertError(path, response, null);
    assertThat(response.body()).contains("expired");
  }

  static Stream<String> endpoints() {
    return Stream.of(CHAT, MESSAGES, EMBEDDINGS, "/v1/completions");
  }

  /** OpenAI's {@code {"error":{message,type,param,code}}} or Anthropic's {@code type: error}. */
  private static void assertError(String path, HttpResponse<String> response, String param)
      throws Exception {
    assertThat(response.headers().firstValue("content-type")).contains("application/json");
    JsonNode body = JSON.readTree(response.body());
    String message;
    if (path.equals(MESSAGES)) {
      assertThat(body.get("type").asText()).isEqualTo("error");
      assertThat(body.at("/error/type").asText()).isNotBlank().isNotEqualTo("api_error");
      message = body.at("/error/message").asText();
      if (param != null) {
        assertThat(message).contains(param);
      }
    } else {
      assertThat(body.at("/error/type").asText()).isNotBlank().isNotEqualTo("server_error");
      message = body.at("/error/message").asText();
      if (param != null) {
        assertThat(body.at("/error/param").asText()).isEqualTo(param);
      }
    }
    assertThat(message).isNotBlank().doesNotContain("Exception").doesNotContain("\tat ");
  }

  private HttpResponse<String> send(String path, String body, String secret) throws Exception {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + gateway.port() + path))
            .timeout(Duration.ofSeconds(20))
            .header("content-type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofString(body));
    if (secret != null) {
      request.header("authorization", "Bearer " + (secret.equals("good") ? key : secret));
    }
    return client.send(request.build(), HttpResponse.BodyHandlers.ofString());
  }

  /** {@code json} with the field whose value is {@code "value"} taken out. */
  private static String drop(String json, String value) {
    return json.replace("\"model\":\"" + value + "\",", "");
  }

  /** {@code json} with {@code field} added first. */
  private static String with(String json, String field) {
    return "{" + field + "," + json.substring(1);
  }
}

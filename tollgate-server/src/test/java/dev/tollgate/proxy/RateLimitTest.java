package dev.tollgate.proxy;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tollgate.budget.BudgetStatus;
import dev.tollgate.budget.Scope;
import dev.tollgate.config.ConfigLoader;
import dev.tollgate.config.TollgateConfig;
import dev.tollgate.server.Gateway;
import dev.tollgate.testkit.FakeClock;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Black-box: the real gateway on a random port with a clock the test moves. */
class RateLimitTest {

  private static final ObjectMapper JSON = new ObjectMapper();

  // Input estimate: "Hello" is 5 chars -> 2, + 4 for the message + 3 for the reply = 9.
  // The simulated reply is 14 tokens, so each request uses 23.
  private static final String HELLO =
      "{\"model\":\"gpt-4o-mini\",\"messages\":[{\"role\":\"user\",\"content\":\"Hello\"}]}";

  @TempDir Path dir;

  private final HttpClient client =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
  private final FakeClock clock = FakeClock.at("2026-05-01T12:00:00Z");
  private Gateway gateway;
  private String key;

  @AfterEach
  void stop() {
    if (gateway != null) {
      gateway.close();
    }
  }

  private void start(Map<String, String> env) {
    TollgateConfig config =
        ConfigLoader.load(Optional.empty(), env, dir)
            .withServer("127.0.0.1", 0)
            .withDataDir(dir.resolve("data"));
    gateway = Gateway.start(config, clock);
    key = gateway.demoKeySecret().orElseThrow();
  }

  private HttpResponse<String> post(String path, String body) throws Exception {
    HttpRequest request =
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + gateway.port() + path))
            .timeout(Duration.ofSeconds(10))
            .header("content-type", "application/json")
            .header("anthropic-version", "2023-06-01")
            .header("authorization", "Bearer " + key)
            .POST(HttpRequest.BodyPublishers.ofString(body))
            .build();
    return client.send(request, HttpResponse.BodyHandlers.ofString());
  }

  private HttpResponse<String> chat(String body) throws Exception {
    return post("/v1/chat/completions", body);
  }

  private static String header(HttpResponse<String> r, String name) {
    return r.headers().firstValue(name).orElse(null);
  }

  private static String withMaxTokens(int maxTokens) {
    return "{\"model\":\"gpt-4o-mini\",\"max_tokens\":"
        + maxTokens
        + ",\"messages\":[{\"role\":\"user\",\"content\":\"Hello\"}]}";
  }

  @Test
  void theThirdRequestInAMinuteOfTwoIsA429UntilHalfAMinuteHasPassed() throws Exception {
    start(Map.of("TOLLGATE_RATE_LIMIT_RPM", "2"));

    HttpResponse<String> first = chat(HELLO);
    assertThat(first.statusCode()).isEqualTo(200);
    assertThat(header(first, "x-ratelimit-limit-requests")).isEqualTo("2");
    assertThat(header(first, "x-ratelimit-remaining-requests")).isEqualTo("1");
    assertThat(header(first, "x-ratelimit-reset-requests")).isEqualTo("30s");
    assertThat(header(first, "x-ratelimit-limit-tokens")).isNull();
    assertThat(chat(HELLO).statusCode()).isEqualTo(200);
    BudgetStatus before = gateway.accounting().engine().status(Scope.GLOBAL).getFirst();

    HttpResponse<String> third = chat(HELLO);

    assertThat(third.statusCode()).isEqualTo(429);
    assertThat(header(third, "retry-after")).isEqualTo("30");
    assertThat(header(third, "x-ratelimit-limit-requests")).isEqualTo("2");
    assertThat(header(third, "x-ratelimit-remaining-requests")).isEqualTo("0");
    assertThat(header(third, "x-ratelimit-reset-requests")).isEqualTo("60s");
    JsonNode error = JSON.readTree(third.body()).get("error");
    assertThat(error.get("type").asText()).isEqualTo("rate_limit_error");
    assertThat(error.get("code").asText()).isEqualTo("rate_limit_exceeded");
    assertThat(error.get("message").asText())
        .startsWith("Rate limit reached for key demo on requests per minute: limit 2,");
    // Not metered: no ledger event, no reservation, the budget as it was.
    String id = header(third, "x-tollgate-request-id");
    assertThat(gateway.accounting().ledger().event(id)).isEmpty();
    assertThat(gateway.accounting().engine().activeReservations()).isZero();
    BudgetStatus after = gateway.accounting().engine().status(Scope.GLOBAL).getFirst();
    assertThat(after.spent()).isEqualTo(before.spent());
    assertThat(after.reserved()).isZero();

    clock.advance(Duration.ofSeconds(30));
    assertThat(chat(HELLO).statusCode()).isEqualTo(200);
    assertThat(chat(HELLO).statusCode()).isEqualTo(429);
  }

  @Test
  void unusedTokensAreGivenBackAndARequestBeyondWhatIsLeftIsA429NamingTokens() throws Exception {
    start(Map.of("TOLLGATE_RATE_LIMIT_TPM", "100"));
    // Each takes 8 (o200k, exact) + 68 = 76 of 100 up front and uses 23 (the simulated provider
    // bills 9 + 14): without the refund the second fails.

    HttpResponse<String> first = chat(withMaxTokens(68));
    assertThat(first.statusCode()).isEqualTo(200);
    assertThat(header(first, "x-ratelimit-limit-tokens")).isEqualTo("100");
    assertThat(header(first, "x-ratelimit-remaining-tokens")).isEqualTo("24");
    assertThat(header(first, "x-ratelimit-limit-requests")).isNull();
    HttpResponse<String> second = chat(withMaxTokens(68));
    assertThat(second.statusCode()).isEqualTo(200);
    assertThat(header(second, "x-ratelimit-remaining-tokens")).isEqualTo("1");

    // 100 - 23 - 23 = 54 left, 76 asked for: 22 more refill at 100 a minute in 13.2 s.
    HttpResponse<String> third = chat(withMaxTokens(68));

    assertThat(third.statusCode()).isEqualTo(429);
    assertThat(header(third, "retry-after")).isEqualTo("14");
    assertThat(header(third, "x-ratelimit-remaining-tokens")).isEqualTo("54");
    assertThat(JSON.readTree(third.body()).at("/error/message").asText())
        .startsWith("Rate limit reached for key demo on tokens per minute: limit 100,")
        .contains("remaining 54, requested 76");
    assertThat(gateway.accounting().engine().activeReservations()).isZero();

    clock.advance(Duration.ofSeconds(14));
    assertThat(chat(withMaxTokens(68)).statusCode()).isEqualTo(200);
  }

  @Test
  void messagesAnswers429InAnthropicsShape() throws Exception {
    start(Map.of("TOLLGATE_RATE_LIMIT_RPM", "1"));
    String hello =
        "{\"model\":\"claude-3-5-haiku\",\"max_tokens\":64,"
            + "\"messages\":[{\"role\":\"user\",\"content\":\"Hello\"}]}";

    assertThat(post("/v1/messages", hello).statusCode()).isEqualTo(200);
    HttpResponse<String> refused = post("/v1/messages", hello);

    assertThat(refused.statusCode()).isEqualTo(429);
    assertThat(header(refused, "retry-after")).isEqualTo("60");
    assertThat(header(refused, "x-ratelimit-remaining-requests")).isEqualTo("0");
    JsonNode body = JSON.readTree(refused.body());
    assertThat(body.get("type").asText()).isEqualTo("error");
    assertThat(body.at("/error/type").asText()).isEqualTo("rate_limit_error");
    assertThat(body.at("/error/message").asText()).contains("on requests per minute");
  }

  @Test
  void theLimitIsPerKeyAcrossEndpointsAndModelsIsNotCounted() throws Exception {
    start(Map.of("TOLLGATE_RATE_LIMIT_RPM", "1"));

    assertThat(chat(HELLO).statusCode()).isEqualTo(200);
    HttpRequest models =
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + gateway.port() + "/v1/models"))
            .header("authorization", "Bearer " + key)
            .GET()
            .build();
    assertThat(client.send(models, HttpResponse.BodyHandlers.ofString()).statusCode())
        .isEqualTo(200);
    assertThat(
            post("/v1/completions", "{\"model\":\"gpt-3.5-turbo-instruct\",\"prompt\":\"Hi\"}")
                .statusCode())
        .isEqualTo(429);
  }

  @Test
  void withoutLimitsThereAreNoRateLimitHeaders() throws Exception {
    start(Map.of());

    HttpResponse<String> response = chat(HELLO);

    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(header(response, "x-ratelimit-limit-requests")).isNull();
    assertThat(header(response, "x-ratelimit-limit-tokens")).isNull();
  }
}

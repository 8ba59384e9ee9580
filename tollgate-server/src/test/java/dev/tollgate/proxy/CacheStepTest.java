package dev.tollgate.proxy;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tollgate.config.ConfigLoader;
import dev.tollgate.config.TollgateConfig;
import dev.tollgate.keys.KeyLimits;
import dev.tollgate.ledger.UsageEvent;
import dev.tollgate.money.Money;
import dev.tollgate.server.Gateway;
import dev.tollgate.testkit.FakeClock;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Black-box: the response cache on the real gateway. A hit is answered without a provider call or a
 * reservation, costs $0, and is in the ledger as a cache hit with what it saved.
 */
class CacheStepTest {

  private static final String HELLO =
      "{\"model\":\"gpt-4o-mini\",\"messages\":[{\"role\":\"user\",\"content\":\"Hello\"}]}";

  /** gpt-4o-mini, 9 prompt + 14 completion tokens on the simulated provider. */
  private static final String HELLO_COST = "0.00000975";

  private static final String BUDGET =
      """
      budgets:
        define:
          - id: team-cap
            scope: team:demo
            limit_usd: 1
            period: daily
            enforcement: hard
      cache:
        ttl_seconds: 60
      """;

  @TempDir Path dir;

  private final FakeClock clock = FakeClock.at("2026-11-25T10:00:00Z");
  private final HttpClient client = HttpClient.newHttpClient();
  private Gateway gateway;
  private String key;

  @AfterEach
  void stop() {
    if (gateway != null) {
      gateway.close();
    }
  }

  private void start(String yaml) throws Exception {
    Path file = Files.writeString(dir.resolve("tollgate.yaml"), yaml);
    TollgateConfig config =
        ConfigLoader.load(Optional.of(file), Map.of(), dir)
            .withServer("127.0.0.1", 0)
            .withDataDir(dir.resolve("data"));
    gateway = Gateway.start(config, clock);
    key = gateway.demoKeySecret().orElse(key);
    gateway.keys().update("demo", cachingLimits(true));
  }

  private static KeyLimits cachingLimits(boolean on) {
    return new KeyLimits(
        List.of(), OptionalLong.empty(), OptionalLong.empty(), Optional.empty(), on, List.of());
  }

  private HttpResponse<String> post(String path, String body, String cache) throws Exception {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + gateway.port() + path))
            .timeout(Duration.ofSeconds(10))
            .header("content-type", "application/json")
            .header("authorization", "Bearer " + key)
            .POST(HttpRequest.BodyPublishers.ofString(body));
    if (cache != null) {
      request.header("x-tollgate-cache", cache);
    }
    return client.send(request.build(), HttpResponse.BodyHandlers.ofString());
  }

  private static String header(HttpResponse<String> response, String name) {
    return response.headers().firstValue(name).orElse(null);
  }

  private UsageEvent event(HttpResponse<String> response) {
    String id = header(response, "x-tollgate-request-id");
    return gateway.accounting().ledger().event(id).orElseThrow();
  }

  private long teamSpent() {
    return gateway.accounting().engine().status("team-cap").spent();
  }

  @Test
  void aHitCostsNothingAnswersIdenticallyAndRecordsWhatItSaved() throws Exception {
    start(BUDGET);
    HttpResponse<String> first = post("/v1/chat/completions", HELLO, null);
    long spentAfterFirst = teamSpent();

    HttpResponse<String> second = post("/v1/chat/completions", HELLO, null);

    assertThat(header(first, "x-tollgate-cache")).isEqualTo("miss");
    assertThat(header(first, "x-tollgate-cost-usd")).isEqualTo(HELLO_COST);
    assertThat(second.statusCode()).isEqualTo(200);
    assertThat(second.body()).isEqualTo(first.body());
    assertThat(header(second, "x-tollgate-cache")).isEqualTo("hit");
    assertThat(header(second, "x-tollgate-cost-usd")).isEqualTo("0");
    assertThat(header(second, "x-tollgate-cache-saved-usd")).isEqualTo(HELLO_COST);
    UsageEvent hit = event(second);
    assertThat(hit.outcome()).isEqualTo(UsageEvent.Outcome.CACHE_HIT);
    assertThat(hit.actualCost()).isEqualTo(Money.ZERO);
    assertThat(hit.savedCost()).isEqualTo(Money.ofUsd(HELLO_COST));
    assertThat(hit.billable()).isFalse();
    assertThat(teamSpent()).isEqualTo(spentAfterFirst).isEqualTo(Money.ofUsd(HELLO_COST).nanos());
    assertThat(gateway.accounting().engine().activeReservations()).isZero();
    // The hit's remaining is the team budget's, unchanged by the hit.
    assertThat(header(second, "x-tollgate-budget-remaining-usd"))
        .isEqualTo(header(first, "x-tollgate-budget-remaining-usd"))
        .isEqualTo(Money.ofUsd("1").minus(Money.ofUsd(HELLO_COST)).toUsd().toPlainString());
  }

  @Test
  void theSavedAmountSurvivesARestartInTheLedger() throws Exception {
    start(BUDGET);
    post("/v1/chat/completions", HELLO, null);
    String id = header(post("/v1/chat/completions", HELLO, null), "x-tollgate-request-id");
    gateway.close();

    start(BUDGET);

    UsageEvent hit = gateway.accounting().ledger().event(id).orElseThrow();
    assertThat(hit.outcome()).isEqualTo(UsageEvent.Outcome.CACHE_HIT);
    assertThat(hit.savedCost()).isEqualTo(Money.ofUsd(HELLO_COST));
    // Rebuilt from the ledger, the counters leave the hit out just as the live ones did.
    assertThat(teamSpent()).isEqualTo(Money.ofUsd(HELLO_COST).nanos());
  }

  @Test
  void aDifferentBodyMissesButFieldOrderAndTheEndUserDoNot() throws Exception {
    start(BUDGET);
    post("/v1/chat/completions", HELLO, null);

    HttpResponse<String> other =
        post("/v1/chat/completions", HELLO.replace("Hello", "Hello!"), null);
    HttpResponse<String> reordered =
        post(
            "/v1/chat/completions",
            "{\"messages\":[{\"content\":\"Hello\",\"role\":\"user\"}],\"user\":\"u-7\","
                + "\"model\":\"gpt-4o-mini\"}",
            null);

    assertThat(header(other, "x-tollgate-cache")).isEqualTo("miss");
    assertThat(event(other).outcome()).isEqualTo(UsageEvent.Outcome.SUCCESS);
    assertThat(header(reordered, "x-tollgate-cache")).isEqualTo("hit");
    assertThat(event(reordered).who().endUser()).isEqualTo("u-7");
  }

  @Test
  void anAnswerExpiresAfterItsTimeToLive() throws Exception {
    start(BUDGET);
    post("/v1/chat/completions", HELLO, null);

    clock.advance(Duration.ofSeconds(59));
    assertThat(header(post("/v1/chat/completions", HELLO, null), "x-tollgate-cache"))
        .isEqualTo("hit");
    clock.advance(Duration.ofSeconds(1));
    HttpResponse<String> expired = post("/v1/chat/completions", HELLO, null);

    assertThat(header(expired, "x-tollgate-cache")).isEqualTo("miss");
    assertThat(header(expired, "x-tollgate-cost-usd")).isEqualTo(HELLO_COST);
    assertThat(teamSpent()).isEqualTo(2 * Money.ofUsd(HELLO_COST).nanos());
  }

  @Test
  void aKeyWithoutTheOptInNeverHitsAndOffTurnsTheCacheOffForOneRequest() throws Exception {
    start(BUDGET);
    post("/v1/chat/completions", HELLO, null);
    String demo = key;
    key =
        gateway
            .keys()
            .create("no-cache", "", "", "demo", "", "", List.of(), cachingLimits(false))
            .secret();

    HttpResponse<String> first = post("/v1/chat/completions", HELLO, "on");
    HttpResponse<String> second = post("/v1/chat/completions", HELLO, "on");
    key = demo;
    HttpResponse<String> off = post("/v1/chat/completions", HELLO, "off");

    for (HttpResponse<String> response : List.of(first, second, off)) {
      assertThat(header(response, "x-tollgate-cache")).isNull();
      assertThat(header(response, "x-tollgate-cost-usd")).isEqualTo(HELLO_COST);
      assertThat(event(response).outcome()).isEqualTo(UsageEvent.Outcome.SUCCESS);
    }
    assertThat(teamSpent()).isEqualTo(4 * Money.ofUsd(HELLO_COST).nanos());
    assertThat(header(post("/v1/chat/completions", HELLO, null), "x-tollgate-cache"))
        .isEqualTo("hit");
  }

  @Test
  void streamsAreNeitherServedFromNorStoredInTheCache() throws Exception {
    start(BUDGET);
    String stream = HELLO.replaceFirst("\\{", "{\"stream\":true,");

    post("/v1/chat/completions", stream, null);
    HttpResponse<String> plain = post("/v1/chat/completions", HELLO, null);
    post("/v1/chat/completions", HELLO, null);
    HttpResponse<String> streamAgain = post("/v1/chat/completions", stream, null);

    assertThat(header(plain, "x-tollgate-cache")).isEqualTo("miss");
    assertThat(header(streamAgain, "x-tollgate-cache")).isNull();
    assertThat(event(streamAgain).outcome()).isEqualTo(UsageEvent.Outcome.SUCCESS);
  }

  @Test
  void anthropicMessagesAndEmbeddingsHitTheirOwnEntries() throws Exception {
    start(BUDGET);
    String messages =
        "{\"model\":\"claude-3-5-haiku\",\"max_tokens\":64,"
            + "\"messages\":[{\"role\":\"user\",\"content\":\"Hello\"}]}";
    String embeddings = "{\"model\":\"text-embedding-3-small\",\"input\":\"Hello\"}";

    HttpResponse<String> m1 = post("/v1/messages", messages, null);
    HttpResponse<String> m2 = post("/v1/messages", messages, null);
    HttpResponse<String> e1 = post("/v1/embeddings", embeddings, null);
    HttpResponse<String> e2 = post("/v1/embeddings", embeddings, null);

    // Every metered endpoint carries the team budget's remainder, hit or not.
    for (HttpResponse<String> r : List.of(m1, m2, e1, e2)) {
      assertThat(header(r, "x-tollgate-budget-remaining-usd")).startsWith("0.9999");
    }
    assertThat(header(m2, "x-tollgate-cache")).isEqualTo("hit");
    assertThat(m2.body()).isEqualTo(m1.body());
    assertThat(event(m2).savedCost()).isEqualTo(event(m1).actualCost());
    assertThat(header(e2, "x-tollgate-cache")).isEqualTo("hit");
    assertThat(e2.body()).isEqualTo(e1.body()).doesNotContain("completion_tokens");
  }
}

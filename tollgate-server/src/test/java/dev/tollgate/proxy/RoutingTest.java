package dev.tollgate.proxy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tollgate.budget.BudgetStatus;
import dev.tollgate.budget.Scope;
import dev.tollgate.config.ConfigException;
import dev.tollgate.config.ConfigLoader;
import dev.tollgate.config.TollgateConfig;
import dev.tollgate.ledger.UsageEvent;
import dev.tollgate.money.Money;
import dev.tollgate.server.Gateway;
import dev.tollgate.testkit.FakeClock;
import dev.tollgate.testkit.MockOpenAiUpstream;
import dev.tollgate.testkit.MockOpenAiUpstream.Step;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Retries, fallback chains, circuit breakers and aliases, black-box: a real gateway in front of two
 * mock OpenAI upstreams configured as the provider entries {@code east} and {@code west}.
 */
class RoutingTest {

  /** gpt-4o-mini for the mock's usage (200 input, 1,000 cached, 50 output): 30+75+30 µUSD. */
  private static final String MINI_COST = "0.000135";

  /** gpt-4o for the same usage: 500 + 1,250 + 500 µUSD. */
  private static final String GPT4O_COST = "0.00225";

  @TempDir Path dir;

  private final MockOpenAiUpstream east = MockOpenAiUpstream.start();
  private final MockOpenAiUpstream west = MockOpenAiUpstream.start();
  private final FakeClock clock = FakeClock.at("2026-11-25T12:00:00Z");
  private final HttpClient client = HttpClient.newHttpClient();
  private Gateway gateway;

  @AfterEach
  void stop() {
    if (gateway != null) {
      gateway.close();
    }
    east.close();
    west.close();
  }

  private void start(String models, String routing) throws Exception {
    start(models, routing, "");
  }

  private void start(String models, String routing, String more) throws Exception {
    String yaml =
        "providers:\n"
            + "  east: {base_url: \""
            + east.baseUrl()
            + "\", catalog_provider: openai, timeout_seconds: 1}\n"
            + "  west: {base_url: \""
            + west.baseUrl()
            + "\", catalog_provider: openai, timeout_seconds: 1}\n"
            + "models:\n"
            + models
            + "routing:\n"
            + routing
            + more;
    Path file = Files.writeString(dir.resolve("tollgate.yaml"), yaml);
    TollgateConfig config =
        ConfigLoader.load(Optional.of(file), Map.of(), dir)
            .withServer("127.0.0.1", 0)
            .withDataDir(dir.resolve("data"));
    gateway = Gateway.start(config, clock);
  }

  private HttpResponse<String> chat(String model) throws Exception {
    return chat(model, false);
  }

  private HttpResponse<String> chat(String model, boolean stream) throws Exception {
    HttpRequest request =
        HttpRequest.newBuilder(
                URI.create("http://127.0.0.1:" + gateway.port() + "/v1/chat/completions"))
            .header("authorization", "Bearer " + gateway.demoKeySecret().orElseThrow())
            .header("content-type", "application/json")
            .timeout(Duration.ofSeconds(20))
            .POST(
                HttpRequest.BodyPublishers.ofString(
                    "{\"model\":\""
                        + model
                        + "\",\"stream\":"
                        + stream
                        + ",\"max_tokens\":100,\"messages\":[{\"role\":\"user\",\"content\":\"Hi\"}]}"))
            .build();
    return client.send(request, HttpResponse.BodyHandlers.ofString());
  }

  private String healthz() throws Exception {
    HttpRequest request =
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + gateway.port() + "/healthz"))
            .build();
    return client.send(request, HttpResponse.BodyHandlers.ofString()).body();
  }

  private UsageEvent event(HttpResponse<String> response) {
    String id = response.headers().firstValue("x-tollgate-request-id").orElseThrow();
    return gateway.accounting().ledger().event(id).orElseThrow();
  }

  /** Whatever happened, no reservation is left behind and spend equals the ledger's charges. */
  private void assertNothingReserved(String spentUsd) {
    BudgetStatus global = gateway.accounting().engine().status(Scope.GLOBAL).getFirst();
    assertThat(global.reserved()).isZero();
    assertThat(gateway.accounting().engine().activeReservations()).isZero();
    assertThat(global.spent()).isEqualTo(Money.ofUsd(spentUsd).nanos());
  }

  private static final String CHAIN =
      """
        gpt-4o:
          deployments: [{provider: east, model: gpt-4o}]
          fallbacks: [gpt-4o-mini]
        gpt-4o-mini: {deployments: [{provider: west, model: gpt-4o-mini}]}
      """;

  private static final String FAST = "  retries: 2\n  backoff: {initial_ms: 1, max_ms: 2000}\n";

  @Test
  void aFiveHundredThenATwoHundredIsRetriedAndBilledOnce() throws Exception {
    start("  gpt-4o: {deployments: [{provider: east, model: gpt-4o}]}\n", FAST);
    east.script(Step.fail(500), Step.ok());

    HttpResponse<String> response = chat("gpt-4o");

    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(east.received()).hasSize(2);
    assertThat(gateway.accounting().ledger().size()).isEqualTo(1);
    UsageEvent event = event(response);
    assertThat(event.outcome()).isEqualTo(UsageEvent.Outcome.SUCCESS);
    assertThat(event.provider()).isEqualTo("east");
    assertThat(event.actualCost()).isEqualTo(Money.ofUsd(GPT4O_COST));
    assertThat(event.fallbackFrom()).isEmpty();
    assertNothingReserved(GPT4O_COST);
  }

  @Test
  void aRetryAfterOnA429IsHonoured() throws Exception {
    start("  gpt-4o: {deployments: [{provider: east, model: gpt-4o}]}\n", FAST);
    east.script(Step.fail(429).retryAfterMs(400), Step.ok());

    long started = System.nanoTime();
    HttpResponse<String> response = chat("gpt-4o");
    long tookMs = Duration.ofNanos(System.nanoTime() - started).toMillis();

    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(east.received()).hasSize(2);
    assertThat(tookMs).as("waited for retry-after-ms, not the 1 ms backoff").isGreaterThan(380);
    assertNothingReserved(GPT4O_COST);
  }

  @Test
  void aRetryAfterLongerThanTheMaximumIsCappedAtTheMaximum() throws Exception {
    start(
        "  gpt-4o: {deployments: [{provider: east, model: gpt-4o}]}\n",
        "  backoff: {initial_ms: 1, max_ms: 50}\n");
    east.script(Step.fail(429).retryAfterSeconds(60), Step.ok());

    long started = System.nanoTime();
    HttpResponse<String> response = chat("gpt-4o");

    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(5));
  }

  @Test
  void aTimeoutIsRetried() throws Exception {
    start("  gpt-4o: {deployments: [{provider: east, model: gpt-4o}]}\n", FAST);
    east.script(Step.ok().after(Duration.ofMillis(1_600)), Step.ok());

    HttpResponse<String> response = chat("gpt-4o");

    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(east.received()).hasSize(2);
    assertThat(gateway.accounting().ledger().size()).isEqualTo(1);
    assertNothingReserved(GPT4O_COST);
  }

  @Test
  void exhaustedRetriesFallBackToTheNextModelOfTheChainAtItsOwnPrice() throws Exception {
    start(
        """
          gpt-4o:
            deployments: [{provider: east, model: gpt-4o}]
            fallbacks: [mini]
          mini: {deployments: [{provider: west, model: my-mini, price: gpt-4o-mini}]}
        """,
        FAST);
    east.failWith(500, "server_error");

    HttpResponse<String> response = chat("gpt-4o");

    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(east.received()).as("one call and two retries").hasSize(3);
    assertThat(west.received()).hasSize(1);
    assertThat(west.received().getFirst().json().path("model").asText()).isEqualTo("my-mini");
    assertThat(response.headers().firstValue("x-tollgate-model")).contains("gpt-4o-mini");
    assertThat(response.headers().firstValue("x-tollgate-cost-usd")).contains(MINI_COST);
    UsageEvent event = event(response);
    assertThat(event.provider()).isEqualTo("west");
    assertThat(event.modelRequested()).isEqualTo("gpt-4o");
    assertThat(event.modelUsed()).isEqualTo("gpt-4o-mini");
    assertThat(event.fallbackFrom()).isEqualTo("gpt-4o");
    assertThat(event.fallbackReason()).contains("routed from gpt-4o to mini", "upstream 500");
    assertThat(event.actualCost()).isEqualTo(Money.ofUsd(MINI_COST));
    assertNothingReserved(MINI_COST);
  }

  @Test
  void whenTheWholeChainFailsTheLastUpstreamErrorIsAnsweredAndNothingIsCharged() throws Exception {
    start(CHAIN, "  retries: 1\n  backoff: {initial_ms: 1, max_ms: 10}\n");
    east.failWith(500, "server_error");
    west.failWith(503, "server_error");

    HttpResponse<String> response = chat("gpt-4o");

    assertThat(response.statusCode()).isEqualTo(503);
    assertThat(east.received()).hasSize(2);
    assertThat(west.received()).hasSize(2);
    UsageEvent event = event(response);
    assertThat(event.outcome()).isEqualTo(UsageEvent.Outcome.ERROR);
    assertThat(event.billable()).isFalse();
    assertNothingReserved("0");
  }

  @Test
  void aClientErrorIsNotRetriedNorFallenBackFrom() throws Exception {
    start(CHAIN, FAST);
    east.script(Step.fail(400));

    HttpResponse<String> response = chat("gpt-4o");

    assertThat(response.statusCode()).isEqualTo(400);
    assertThat(east.received()).hasSize(1);
    assertThat(west.received()).isEmpty();
    assertNothingReserved("0");
  }

  @Test
  void aBreakerOpensAfterRepeatedFailuresThenATrialAfterTheCoolDownClosesIt() throws Exception {
    start(
        """
          gpt-4o:
            deployments: [{provider: east, model: gpt-4o}, {provider: west, model: gpt-4o}]
        """,
        "  retries: 0\n  circuit_breaker: {failures: 2, open_seconds: 30}\n");
    east.failWith(500, "server_error");

    for (int i = 0; i < 3; i++) {
      HttpResponse<String> response = chat("gpt-4o");
      assertThat(response.statusCode()).isEqualTo(200);
      assertThat(event(response).provider()).isEqualTo("west");
    }

    assertThat(east.received()).as("the third request skipped east").hasSize(2);
    assertThat(healthz())
        .startsWith("{\"status\":\"ok\"")
        .contains(
            "{\"name\":\"east/gpt-4o\",\"state\":\"open\",\"consecutive_failures\":2,"
                + "\"until\":\"2026-11-25T12:00:30Z\"}")
        .contains("{\"name\":\"west/gpt-4o\",\"state\":\"closed\"");

    east.failWith(0, "");
    clock.advance(Duration.ofSeconds(30));
    assertThat(healthz()).contains("{\"name\":\"east/gpt-4o\",\"state\":\"half_open\"");
    HttpResponse<String> trial = chat("gpt-4o");

    assertThat(event(trial).provider()).isEqualTo("east");
    assertThat(east.received()).hasSize(3);
    assertThat(healthz()).contains("{\"name\":\"east/gpt-4o\",\"state\":\"closed\"");
    assertNothingReserved("0.009"); // four requests at gpt-4o's price
  }

  @Test
  void whenEveryBreakerIsOpenTheAnswerIs503WithRetryAfter() throws Exception {
    start(
        "  gpt-4o: {deployments: [{provider: east, model: gpt-4o}]}\n",
        "  retries: 0\n  circuit_breaker: {failures: 1, open_seconds: 30}\n");
    east.failWith(500, "server_error");
    // The upstream's 500, answered as a bad gateway.
    assertThat(chat("gpt-4o").statusCode()).isEqualTo(502);

    HttpResponse<String> refused = chat("gpt-4o");

    assertThat(refused.statusCode()).isEqualTo(503);
    assertThat(refused.headers().firstValue("retry-after")).contains("30");
    assertThat(refused.body()).contains("circuit breakers are open");
    assertThat(east.received()).hasSize(1);
    assertNothingReserved("0");
  }

  @Test
  void aStreamRefusedBeforeItsFirstChunkIsRetried() throws Exception {
    start("  gpt-4o: {deployments: [{provider: east, model: gpt-4o}]}\n", FAST);
    east.script(Step.fail(502), Step.ok());

    HttpResponse<String> response = chat("gpt-4o", true);

    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(response.body()).contains("mock upstream.").endsWith("data: [DONE]\n\n");
    assertThat(response.body()).doesNotContain("\"usage\":{");
    assertThat(east.received()).hasSize(2);
    assertNothingReserved(GPT4O_COST);
  }

  @Test
  void anAliasIsServedByItsTargetsDeploymentsAndRecordedAsRequested() throws Exception {
    start(
        """
          smart: {alias: gpt-4o}
          gpt-4o: {deployments: [{provider: west, model: gpt-4o}]}
        """,
        FAST);

    HttpResponse<String> response = chat("smart");

    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(west.received()).hasSize(1);
    assertThat(event(response).modelRequested()).isEqualTo("smart");
    assertThat(event(response).modelUsed()).isEqualTo("gpt-4o");
  }

  private static String providerBudgets(String westLimitUsd) {
    return """
        budgets:
          define:
            - {id: east-daily, scope: "provider:east", limit_usd: 10, period: daily}
            - {id: west-daily, scope: "provider:west", limit_usd: %s, period: daily}
        """
        .formatted(westLimitUsd);
  }

  @Test
  void aFallbackToAnotherProviderMovesTheReservationToThatProvidersBudgets() throws Exception {
    start(CHAIN, FAST, providerBudgets("10"));
    east.failWith(500, "server_error");

    HttpResponse<String> response = chat("gpt-4o");

    assertThat(response.statusCode()).isEqualTo(200);
    BudgetStatus eastBudget = gateway.accounting().engine().status("east-daily");
    BudgetStatus westBudget = gateway.accounting().engine().status("west-daily");
    assertThat(eastBudget.spent()).isZero();
    assertThat(eastBudget.reserved()).isZero();
    assertThat(westBudget.spent()).isEqualTo(Money.ofUsd(MINI_COST).nanos());
    assertThat(westBudget.reserved()).isZero();
    assertThat(gateway.accounting().engine().activeReservations()).isZero();
  }

  @Test
  void aFallbackTheBudgetsCannotCoverIsNotCalledAndNothingStaysReserved() throws Exception {
    start(CHAIN, FAST, providerBudgets("0.000001"));
    east.failWith(500, "server_error");

    HttpResponse<String> response = chat("gpt-4o");

    // East's own 500, answered as a bad gateway (a 500 from Tollgate would be Tollgate's bug).
    assertThat(response.statusCode()).as("east's own error").isEqualTo(502);
    assertThat(west.received()).isEmpty();
    assertThat(event(response).billable()).isFalse();
    for (String budget : new String[] {"east-daily", "west-daily"}) {
      BudgetStatus status = gateway.accounting().engine().status(budget);
      assertThat(status.spent()).isZero();
      assertThat(status.reserved()).isZero();
    }
    assertThat(gateway.accounting().engine().activeReservations()).isZero();
  }

  @Test
  void aCheapestRoutePicksTheCheapestServedModelThatMeetsItsNeeds() throws Exception {
    // Only openai's catalog models are served here (east and west are both catalog_provider
    // openai). For 1,000 input + 1,000 output tokens: gpt-5-nano 0.00045 USD (400k context),
    // gpt-4.1-nano 0.0005 (1M context); embeddings produce no output and are never picked.
    start(
        """
          cheap: {cheapest: {}}
          cheap-long: {cheapest: {min_context: 1000000, tools: true, vision: true}}
        """,
        FAST);

    HttpResponse<String> cheap = chat("cheap");
    HttpResponse<String> cheapLong = chat("cheap-long");

    assertThat(cheap.statusCode()).isEqualTo(200);
    assertThat(cheap.headers().firstValue("x-tollgate-model")).contains("gpt-5-nano");
    assertThat(cheapLong.headers().firstValue("x-tollgate-model")).contains("gpt-4.1-nano");
    assertThat(east.received())
        .extracting(r -> r.json().path("model").asText())
        .containsExactly("gpt-5-nano", "gpt-4.1-nano");
    assertThat(event(cheapLong).modelRequested()).isEqualTo("cheap-long");
  }

  @Test
  void aCheapestRouteNoServedModelMeetsFailsStartNamingIt() {
    assertThatThrownBy(() -> start("  huge: {cheapest: {min_context: 5000000}}\n", FAST))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("tollgate.yaml: models.huge.cheapest: no catalog model served");
  }

  @Test
  void anUnknownPriceCardFailsStartNamingTheField() {
    assertThatThrownBy(
            () ->
                start(
                    """
                      gpt-4o:
                        deployments:
                          - {provider: east, model: gpt-4o}
                          - {provider: west, model: my-gpt4o, price: gpt-9}
                    """,
                    FAST))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining(
            "tollgate.yaml: models.gpt-4o.deployments[1].price: no model 'gpt-9' in the price"
                + " catalog");
  }

  @Test
  void anUnknownFallbackFailsStartNamingTheField() {
    assertThatThrownBy(
            () ->
                start(
                    """
                      gpt-4o:
                        deployments: [{provider: east, model: gpt-4o}]
                        fallbacks: [gpt-4o-mini, nonsense-model]
                    """,
                    FAST))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining(
            "tollgate.yaml: models.gpt-4o.fallbacks[1]: 'nonsense-model' is neither a models entry"
                + " nor a model in the price catalog");
  }

  @Test
  void anAdaptiveBudgetPastItsThresholdMovesTheRequestToTheNextCheaperModelOfItsChain()
      throws Exception {
    // The threshold is 0.001 USD; gpt-4o's worst case (100 output tokens at 10 USD/M plus the
    // prompt) is just above it. gpt-4-turbo is dearer, so the chain's next cheaper model is mini;
    // the budget's own fallback_models (gpt-4.1-nano) is not used for a model with a chain.
    start(
        """
          gpt-4o:
            deployments: [{provider: east, model: gpt-4o}]
            fallbacks: [gpt-4-turbo, mini]
          mini: {deployments: [{provider: west, model: my-mini, price: gpt-4o-mini}]}
        """,
        FAST,
        """
        budgets:
          define:
            - id: adaptive
              scope: global
              limit_usd: 0.1
              period: daily
              enforcement: adaptive
              fallback_percent: 1
              fallback_models: [gpt-4.1-nano]
        """);

    HttpResponse<String> response = chat("gpt-4o");

    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(east.received()).isEmpty();
    assertThat(west.received())
        .extracting(r -> r.json().path("model").asText())
        .containsExactly("my-mini");
    assertThat(response.headers().firstValue("x-tollgate-model")).contains("gpt-4o-mini");
    UsageEvent event = event(response);
    assertThat(event.provider()).isEqualTo("west");
    assertThat(event.fallbackReason()).contains("fallback threshold");
    BudgetStatus budget = gateway.accounting().engine().status("adaptive");
    assertThat(budget.spent()).isEqualTo(Money.ofUsd(MINI_COST).nanos());
    assertThat(budget.reserved()).isZero();
  }
}

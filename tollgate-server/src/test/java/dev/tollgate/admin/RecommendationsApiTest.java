package dev.tollgate.admin;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tollgate.config.ConfigLoader;
import dev.tollgate.config.TollgateConfig;
import dev.tollgate.ledger.UsageEvent;
import dev.tollgate.pricing.CatalogReader;
import dev.tollgate.pricing.ModelPrice;
import dev.tollgate.pricing.Rates;
import dev.tollgate.server.Gateway;
import dev.tollgate.testkit.FakeClock;
import dev.tollgate.usage.UsageKind;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Black-box: a real gateway on a random port whose ledger is filled through the simulated provider
 * over six weeks of a fake clock, then read through {@code /admin/v1/recommendations}. Expected
 * savings are worked out here from the recorded events and the bundled catalog's prices.
 */
class RecommendationsApiTest {

  @TempDir Path dir;

  private final FakeClock clock = FakeClock.at("2026-03-20T09:00:00Z");
  private Gateway gateway;
  private AdminClient http;
  private String admin;

  @AfterEach
  void stop() {
    if (gateway != null) {
      gateway.close();
    }
  }

  private void start(String yaml) throws Exception {
    Optional<Path> file =
        yaml == null
            ? Optional.empty()
            : Optional.of(Files.writeString(dir.resolve("tollgate.yaml"), yaml));
    TollgateConfig config =
        ConfigLoader.load(file, Map.of(), dir)
            .withServer("127.0.0.1", 0)
            .withDataDir(dir.resolve("data"));
    gateway = Gateway.start(config, clock);
    http = new AdminClient(gateway.port());
    admin = gateway.adminKeySecret().orElseThrow();
  }

  private String key(String id, String team) throws Exception {
    AdminClient.Reply r =
        http.send(
            "POST", "/admin/v1/keys", admin, "{\"id\":\"" + id + "\",\"team\":\"" + team + "\"}");
    assertThat(r.status()).isEqualTo(201);
    return r.json().get("key").asText();
  }

  private void budget(String body) throws Exception {
    assertThat(http.send("POST", "/admin/v1/budgets", admin, body).status()).isEqualTo(201);
  }

  private UsageEvent send(String path, String key, ObjectNode body) throws Exception {
    AdminClient.Reply r = http.send("POST", path, key, body.toString());
    assertThat(r.status()).as(r.raw().body()).isEqualTo(200);
    return gateway.accounting().ledger().event(r.header("x-tollgate-request-id")).orElseThrow();
  }

  private static ObjectNode chat(String model, String system, String user) {
    ObjectNode body = JsonNodeFactory.instance.objectNode().put("model", model);
    var messages = body.putArray("messages");
    if (system != null) {
      messages.addObject().put("role", "system").put("content", system);
    }
    messages.addObject().put("role", "user").put("content", user);
    return body;
  }

  private static ObjectNode messages(String model, String system, String user) {
    ObjectNode body =
        JsonNodeFactory.instance.objectNode().put("model", model).put("max_tokens", 50);
    body.put("system", system);
    body.putArray("messages").addObject().put("role", "user").put("content", user);
    return body;
  }

  private JsonNode recommendations(String query) throws Exception {
    AdminClient.Reply r = http.send("GET", "/admin/v1/recommendations" + query, admin, null);
    assertThat(r.status()).as(r.raw().body()).isEqualTo(200);
    return r.json();
  }

  private static JsonNode find(JsonNode page, String id) {
    for (JsonNode r : page.get("data")) {
      if (r.get("id").asText().equals(id)) {
        return r;
      }
    }
    throw new AssertionError("no recommendation " + id + " in " + page.toPrettyString());
  }

  private static List<String> ids(JsonNode page) {
    List<String> ids = new ArrayList<>();
    page.get("data").forEach(r -> ids.add(r.get("id").asText()));
    return ids;
  }

  private static ModelPrice catalogModel(String provider, String id) {
    return CatalogReader.bundled().models().stream()
        .filter(m -> m.provider().equals(provider) && m.id().equals(id))
        .findFirst()
        .orElseThrow();
  }

  private static BigDecimal usd(JsonNode amount) {
    return new BigDecimal(amount.asText());
  }

  /** {@code tokens × price per million} in exact dollars. */
  private static BigDecimal times(long tokens, Rates rates, UsageKind kind) {
    return BigDecimal.valueOf(tokens)
        .multiply(BigDecimal.valueOf(rates.nanos(kind)))
        .movePointLeft(15);
  }

  @Test
  void shortAnswersFromAnExpensiveModelAreRepricedOnACheaperModelOfTheSameProvider()
      throws Exception {
    start(null);
    String app = key("app", "web");
    clock.advance(Duration.ofDays(38));
    List<UsageEvent> events = new ArrayList<>();
    for (int i = 0; i < 12; i++) {
      events.add(send("/v1/chat/completions", app, chat("gpt-4o", null, "Is " + i + " even?")));
      clock.advance(Duration.ofMinutes(30));
    }

    JsonNode page = recommendations("?kind=cheaper_model");

    JsonNode r = find(page, "cheaper_model:" + events.getFirst().provider() + "/gpt-4o:app");
    JsonNode evidence = r.get("evidence");
    assertThat(evidence.get("short_requests").asLong()).isEqualTo(12);
    assertThat(evidence.get("requests").asLong()).isEqualTo(12);
    String suggested = evidence.get("suggested_model").asText();
    assertThat(suggested).startsWith("openai/").isNotEqualTo("openai/gpt-4o");
    ModelPrice cheaper = catalogModel("openai", suggested.substring("openai/".length()));
    assertThat(cheaper.capabilities()).containsAll(catalogModel("openai", "gpt-4o").capabilities());
    BigDecimal actual = BigDecimal.ZERO;
    BigDecimal repriced = BigDecimal.ZERO;
    Rates rates = cheaper.scheduleAt(clock.instant()).rates();
    for (UsageEvent e : events) {
      actual = actual.add(e.actualCost().toUsd());
      for (UsageKind k : UsageKind.values()) {
        repriced = repriced.add(times(e.usage().count(k), rates, k));
      }
    }
    repriced = repriced.setScale(9, RoundingMode.CEILING);
    assertThat(usd(evidence.get("cost_usd"))).isEqualByComparingTo(actual);
    assertThat(usd(evidence.get("repriced_cost_usd"))).isEqualByComparingTo(repriced);
    assertThat(usd(r.get("estimated_saving_usd"))).isEqualByComparingTo(actual.subtract(repriced));
    assertThat(actual.subtract(repriced).signum()).isPositive();
    assertThat(r.get("explanation").asText()).contains("12 of 12 requests").contains(suggested);
    assertThat(page.get("currency").asText()).isEqualTo("USD");
  }

  @Test
  void aLongSystemPromptRepeatedWithoutCachingIsPricedAtTheCacheDiscount() throws Exception {
    start(null);
    String app = key("app", "web");
    clock.advance(Duration.ofDays(38));
    // Over 8 KiB of body: fingerprinted on a worker thread.
    String system = "You are the support assistant of Acme. ".repeat(260);
    List<UsageEvent> events = new ArrayList<>();
    for (int i = 0; i < 12; i++) {
      events.add(
          send("/v1/messages", app, messages("claude-sonnet-4", system, "Question " + i + "?")));
      clock.advance(Duration.ofMinutes(2));
    }
    clock.advance(Duration.ofHours(2));
    events.add(send("/v1/messages", app, messages("claude-sonnet-4", system, "Later?")));
    clock.advance(Duration.ofMinutes(1));

    JsonNode r =
        find(
            recommendations("?kind=prompt_caching"),
            "prompt_caching:"
                + events.getFirst().prefix().fingerprint()
                + ":"
                + events.getFirst().provider()
                + "/claude-sonnet-4");

    assertThat(events).extracting(UsageEvent::prefix).containsOnly(events.getFirst().prefix());
    long tokens = events.getFirst().prefix().tokens();
    assertThat(tokens).isEqualTo((system.length() + "system".length() + 2 + 3) / 4);
    Rates rates = catalogModel("anthropic", "claude-sonnet-4").scheduleAt(clock.instant()).rates();
    BigDecimal perToken =
        times(tokens, rates, UsageKind.INPUT).subtract(times(tokens, rates, UsageKind.CACHE_READ));
    BigDecimal premium =
        times(tokens, rates, UsageKind.CACHE_WRITE_5M)
            .subtract(times(tokens, rates, UsageKind.INPUT));
    // 11 requests came within 5 minutes of the one before; the first and the late one are cold.
    BigDecimal expected =
        perToken
            .multiply(BigDecimal.valueOf(11))
            .subtract(premium.multiply(BigDecimal.valueOf(2)))
            .setScale(9, RoundingMode.FLOOR);
    JsonNode evidence = r.get("evidence");
    assertThat(evidence.get("requests").asLong()).isEqualTo(13);
    assertThat(evidence.get("warm_requests").asLong()).isEqualTo(11);
    assertThat(evidence.get("cold_requests").asLong()).isEqualTo(2);
    assertThat(evidence.get("prefix_tokens").asLong()).isEqualTo(tokens);
    assertThat(usd(r.get("estimated_saving_usd"))).isEqualByComparingTo(expected);
    assertThat(r.toString()).doesNotContain("Acme");
  }

  @Test
  void theChatAndResponsesPathsRecordAFingerprintOnlyForALongPrefix() throws Exception {
    start(null);
    String app = key("app", "web");
    String system = "Answer in the voice of a lighthouse keeper. ".repeat(100);

    UsageEvent longChat = send("/v1/chat/completions", app, chat("gpt-4o-mini", system, "Hi"));
    UsageEvent shortChat =
        send("/v1/chat/completions", app, chat("gpt-4o-mini", "Be brief.", "Hi"));
    ObjectNode responses =
        JsonNodeFactory.instance
            .objectNode()
            .put("model", "gpt-4o-mini")
            .put("instructions", system)
            .put("input", "Hi");
    UsageEvent longResponses = send("/v1/responses", app, responses);

    assertThat(longChat.prefix().present()).isTrue();
    assertThat(longChat.prefix().fingerprint()).hasSize(32).matches("[0-9a-f]+");
    assertThat(longResponses.prefix()).isEqualTo(longChat.prefix());
    assertThat(shortChat.prefix().present()).isFalse();
  }

  @Test
  void promptsTheProviderAlreadyCachesGetNoCachingRecommendation() throws Exception {
    start(
        """
        providers:
          sim-claude: {kind: simulated, catalog_provider: anthropic, cache_read_tokens: 3000}
        """);
    String app = key("app", "web");
    clock.advance(Duration.ofDays(38));
    String system = "You are the support assistant of Acme. ".repeat(260);
    for (int i = 0; i < 12; i++) {
      assertThat(
              send("/v1/messages", app, messages("claude-sonnet-4", system, "Q" + i))
                  .prefix()
                  .present())
          .isTrue();
      clock.advance(Duration.ofMinutes(1));
    }

    assertThat(recommendations("?kind=prompt_caching").get("data")).isEmpty();
  }

  @Test
  void idleKeysAndBudgetsAlwaysAtTheirLimitOrNeverUsedAreFound() throws Exception {
    start(null);
    key("idle", "web");
    String batch = key("batch", "data");
    budget(
        "{\"id\":\"data-monthly\",\"scope\":\"team:data\",\"limit_usd\":\"0.000001\","
            + "\"period\":\"monthly\",\"enforcement\":\"soft\"}");
    budget(
        "{\"id\":\"ops-weekly\",\"scope\":\"team:ops\",\"limit_usd\":\"100\","
            + "\"period\":\"weekly\",\"enforcement\":\"soft\"}");
    clock.advance(Duration.ofDays(5)); // 2026-03-25: March's spend passes the limit
    send("/v1/chat/completions", batch, chat("gpt-4o-mini", null, "Hi"));
    clock.advance(Duration.ofDays(16)); // 2026-04-10: so does April's
    send("/v1/chat/completions", batch, chat("gpt-4o-mini", null, "Hi"));
    clock.advance(Duration.ofDays(10)); // 2026-04-20
    key("fresh", "web");
    clock.advance(Duration.ofDays(11)); // 2026-05-01T09:00Z

    JsonNode page = recommendations("?limit=200");

    List<String> ids = ids(page);
    assertThat(ids)
        .contains("idle_key:idle", "idle_key:demo")
        .doesNotContain("idle_key:batch", "idle_key:fresh");
    JsonNode exceeded = find(page, "budget_always_exceeded:data-monthly");
    assertThat(exceeded.at("/evidence/periods_examined").asLong()).isEqualTo(3);
    assertThat(exceeded.at("/evidence/periods_at_limit").asLong()).isEqualTo(2);
    assertThat(exceeded.get("estimated_saving_usd").asText()).isEqualTo("0.000000000");
    JsonNode unused = find(page, "budget_unused:ops-weekly");
    assertThat(unused.at("/evidence/periods_examined").asLong()).isEqualTo(4);
    assertThat(unused.at("/subject/scope").asText()).isEqualTo("team:ops");
    assertThat(ids).doesNotContain("budget_unused:data-monthly");
    assertThat(find(page, "idle_key:idle").at("/evidence/created_at").asText())
        .isEqualTo(Instant.parse("2026-03-20T09:00:00Z").toString());
  }

  @Test
  void pagesFollowedByCursorHoldEveryRecommendationOnceHighestSavingFirst() throws Exception {
    start(null);
    String app = key("app", "web");
    for (String id : List.of("k1", "k2", "k3")) {
      key(id, "web");
    }
    clock.advance(Duration.ofDays(38));
    for (int i = 0; i < 12; i++) {
      send("/v1/chat/completions", app, chat("gpt-4o", null, "Hi " + i));
    }
    clock.advance(Duration.ofMinutes(1));

    JsonNode whole = recommendations("?limit=200");
    List<String> paged = new ArrayList<>();
    String cursor = null;
    do {
      JsonNode page = recommendations("?limit=2" + (cursor == null ? "" : "&after=" + cursor));
      paged.addAll(ids(page));
      cursor = page.get("next_cursor").isNull() ? null : page.get("next_cursor").asText();
    } while (cursor != null);

    assertThat(paged).isEqualTo(ids(whole)).hasSizeGreaterThan(4);
    List<BigDecimal> savings = new ArrayList<>();
    BigDecimal total = BigDecimal.ZERO;
    for (JsonNode r : whole.get("data")) {
      savings.add(usd(r.get("estimated_saving_usd")));
      total = total.add(usd(r.get("estimated_saving_usd")));
    }
    assertThat(savings).isSortedAccordingTo((a, b) -> b.compareTo(a));
    assertThat(usd(whole.get("total_estimated_saving_usd"))).isEqualByComparingTo(total);
    assertThat(ids(whole).getFirst()).startsWith("cheaper_model:");
  }

  @Test
  void aReportIsHandedOutAgainForFiveMinutesThenMadeAfresh() throws Exception {
    start(null);
    String app = key("app", "web");
    clock.advance(Duration.ofDays(38));
    for (int i = 0; i < 12; i++) {
      send("/v1/chat/completions", app, chat("gpt-4o", null, "Hi " + i));
    }
    String id = "cheaper_model:simulated/gpt-4o:app";
    clock.advance(Duration.ofMinutes(1));
    JsonNode first = recommendations("?kind=cheaper_model");

    for (int i = 0; i < 3; i++) {
      send("/v1/chat/completions", app, chat("gpt-4o", null, "More " + i));
    }
    clock.advance(Duration.ofMinutes(5).minusMillis(1));
    JsonNode reused = recommendations("?kind=cheaper_model");
    clock.advance(Duration.ofMillis(1));
    JsonNode fresh = recommendations("?kind=cheaper_model");
    JsonNode otherSettings = recommendations("?kind=cheaper_model&short_output_tokens=5");

    assertThat(find(first, id).at("/evidence/short_requests").asLong()).isEqualTo(12);
    assertThat(reused).isEqualTo(first);
    assertThat(find(fresh, id).at("/evidence/short_requests").asLong()).isEqualTo(15);
    assertThat(fresh.get("to").asText()).isEqualTo(clock.instant().toString());
    assertThat(otherSettings.get("data")).isEmpty();
  }

  @Test
  void badParametersAreA400NamingTheField() throws Exception {
    start(null);
    for (String[] bad :
        new String[][] {
          {"?kind=cheapest", "kind"},
          {"?min_repeats=1", "min_repeats"},
          {"?short_output_tokens=0", "short_output_tokens"},
          {"?limit=0", "limit"},
          {"?after=nothing-like-this", "after"},
          {"?colour=red", "colour"}
        }) {
      AdminClient.Reply r = http.send("GET", "/admin/v1/recommendations" + bad[0], admin, null);
      assertThat(r.status()).as(bad[0]).isEqualTo(400);
      assertThat(r.json().at("/error/param").asText()).as(bad[0]).isEqualTo(bad[1]);
    }
  }
}

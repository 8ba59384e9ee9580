package dev.tollgate.admin;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tollgate.catalog.Feeds;
import dev.tollgate.config.ConfigLoader;
import dev.tollgate.config.TollgateConfig;
import dev.tollgate.ledger.UsageEvent;
import dev.tollgate.pricing.CatalogReader;
import dev.tollgate.pricing.ModelPrice;
import dev.tollgate.server.Gateway;
import dev.tollgate.testkit.FakeClock;
import dev.tollgate.usage.UsageKind;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every Tollgate equivalent in docs/migration.md, called as the guide writes it, on a real gateway
 * whose ledger is filled through the simulated provider. One test per old endpoint.
 */
class MigrationGuideTest {

  private static final String YAML =
      """
      budgets:
        daily_usd: 50
        define:
          - id: team-ml
            scope: team:ml
            limit_usd: 10
            period: monthly
      """;

  @TempDir Path dir;

  private final FakeClock clock = FakeClock.at("2026-05-11T12:00:00Z");
  private Gateway gateway;
  private AdminClient http;
  private String admin;
  private String ciSecret;

  @BeforeEach
  void start() throws Exception {
    Path file = Files.writeString(dir.resolve("tollgate.yaml"), YAML);
    TollgateConfig config =
        ConfigLoader.load(Optional.of(file), Map.of(), dir)
            .withServer("127.0.0.1", 0)
            .withDataDir(dir.resolve("data"));
    gateway = Gateway.start(config, clock);
    http = new AdminClient(gateway.port());
    admin = gateway.adminKeySecret().orElseThrow();
    ciSecret =
        call("POST", "/admin/v1/keys", "{\"id\":\"ci\",\"team\":\"ml\",\"user\":\"alice\"}")
            .get("key")
            .asText();
  }

  @AfterEach
  void stop() {
    gateway.close();
  }

  private JsonNode call(String method, String path, String body) throws Exception {
    AdminClient.Reply r = http.send(method, path, admin, body);
    assertThat(r.status()).as(method + " " + path + ": " + r.raw().body()).isBetween(200, 201);
    return r.json();
  }

  /** One chat with the key ci; its ledger cost in nanos. */
  private long chat() throws Exception {
    return chatEvent().actualCost().nanos();
  }

  private static long nanos(JsonNode usd) {
    return new BigDecimal(usd.asText()).movePointRight(9).longValueExact();
  }

  private static JsonNode byId(JsonNode list, String id) {
    for (JsonNode n : list.get("data")) {
      if (n.get("id").asText().equals(id)) {
        return n;
      }
    }
    throw new AssertionError(id + " not in " + list);
  }

  @Test
  void virtualBudgetStatusIsAdminStatus() throws Exception {
    long cost = chat();

    JsonNode all = call("GET", "/admin/v1/status", null);

    assertThat(nanos(byId(all, "global-daily").get("spent_usd"))).isEqualTo(cost);
    assertThat(nanos(byId(all, "team-ml").get("spent_usd"))).isEqualTo(cost);
  }

  @Test
  void virtualBudgetRecordIsPostUsage() throws Exception {
    JsonNode recorded =
        call(
            "POST",
            "/admin/v1/usage",
            "{\"request_id\":\"console-2026-05-11\",\"provider\":\"openai\","
                + "\"cost_usd\":\"12.50\",\"team\":\"ml\"}");
    call(
        "POST",
        "/admin/v1/usage",
        "{\"request_id\":\"batch-17\",\"provider\":\"openai\",\"model\":\"gpt-4o-mini\","
            + "\"tokens\":{\"input\":120000,\"output\":30000}}");

    assertThat(recorded.get("cost_usd").asText()).isEqualTo("12.500000000");
    JsonNode team = call("GET", "/admin/v1/status?scope=team:ml", null).get("data").get(0);
    assertThat(team.get("spent_usd").asText()).isEqualTo("12.500000000");
    assertThat(team.get("health").asText()).isEqualTo("EXCEEDED");
  }

  @Test
  void virtualBudgetSummaryAndTheUnifiedStatusAreTheProviderStatus() throws Exception {
    long cost = chat();
    call(
        "POST",
        "/admin/v1/usage",
        "{\"request_id\":\"r\",\"provider\":\"openai\",\"cost_usd\":\"1\"}");

    JsonNode summary = call("GET", "/admin/v1/status/providers?months=1", null);
    JsonNode unified = call("GET", "/admin/v1/status/providers?months=6", null);

    assertThat(nanos(summary.get("months").get(0).get("total_usd")))
        .isEqualTo(cost + 1_000_000_000L);
    assertThat(
            summary.get("months").get(0).get("providers").get("openai").get("spent_usd").asText())
        .isEqualTo("1.000000000");
    assertThat(unified.get("months")).hasSize(6);
  }

  @Test
  void virtualBudgetSummaryProjectionsAreTheForecast() throws Exception {
    long cost = chat();
    clock.advance(java.time.Duration.ofHours(1));

    JsonNode forecast = call("GET", "/admin/v1/forecast", null);

    JsonNode team = byBudget(forecast, "team-ml");
    assertThat(nanos(team.get("window_spent_usd"))).isEqualTo(cost);
    assertThat(nanos(team.get("projected_usd"))).isGreaterThan(cost);
    assertThat(team.get("method").asText()).startsWith("linear");
    assertThat(byBudget(forecast, "global-daily").get("outlook").asText()).isEqualTo("under_limit");
  }

  private static JsonNode byBudget(JsonNode list, String id) {
    for (JsonNode n : list.get("data")) {
      if (n.get("budget").asText().equals(id)) {
        return n;
      }
    }
    throw new AssertionError(id + " not in " + list);
  }

  @Test
  void virtualBudgetResetDailyIsResetOfTheDailyBudget() throws Exception {
    chat();

    JsonNode reset =
        call("POST", "/admin/v1/budgets/global-daily/reset", "{\"reason\":\"new day\"}");

    assertThat(reset.get("kind").asText()).isEqualTo("reset_period");
    assertThat(reset.get("status").get("spent_usd").asText()).isEqualTo("0.000000000");
  }

  @Test
  void apiBudgetsByIdIsAdminBudgetsById() throws Exception {
    long cost = chat();

    JsonNode b = call("GET", "/admin/v1/budgets/team-ml", null);

    assertThat(b.get("limit_usd").asText()).isEqualTo("10.000000000");
    assertThat(b.get("status").get("health").asText()).isEqualTo("GOOD");
    assertThat(nanos(b.at("/status/by_model/gpt-4o-mini"))).isEqualTo(cost);
  }

  @Test
  void anEmergencyOverrideLiftsAHardLimitUntilItIsEnded() throws Exception {
    call(
        "POST",
        "/admin/v1/usage",
        "{\"request_id\":\"all\",\"provider\":\"openai\",\"cost_usd\":\"10\",\"team\":\"ml\"}");
    assertThat(http.chat(ciSecret, "gpt-4o-mini").status()).isEqualTo(402);

    JsonNode granted =
        call(
            "POST",
            "/admin/v1/budgets/team-ml/override",
            "{\"reason\":\"incident 7\",\"extra_usd\":\"50\",\"duration\":\"PT4H\"}");
    assertThat(granted.get("expires_at").asText()).isEqualTo("2026-05-11T16:00:00Z");
    assertThat(chat()).isPositive();

    call("DELETE", "/admin/v1/budgets/team-ml/override", "{\"reason\":\"resolved\"}");
    assertThat(http.chat(ciSecret, "gpt-4o-mini").status()).isEqualTo(402);
  }

  @Test
  void apiUsageOfAUserIsTheStatusOfATrackBudget() throws Exception {
    long before = chat();
    call(
        "POST",
        "/admin/v1/budgets",
        "{\"id\":\"user-alice-monthly\",\"scope\":\"user:alice\",\"limit_usd\":\"1000000\","
            + "\"period\":\"monthly\",\"enforcement\":\"track\"}");
    long after = chat();

    JsonNode alice = call("GET", "/admin/v1/status?scope=user:alice", null).get("data").get(0);

    assertThat(nanos(alice.get("spent_usd"))).isEqualTo(before + after);
  }

  @Test
  void apiUsageBreakdownIsTheProviderBreakdown() throws Exception {
    long cost = chat();

    JsonNode team = call("GET", "/admin/v1/budgets/team-ml", null).get("status");

    long sum = 0;
    for (JsonNode v : team.get("by_provider")) {
      sum += nanos(v);
    }
    assertThat(sum).isEqualTo(cost);
  }

  @Test
  void usageReportsGiveAUsersMonthAndTheBreakdownByProviderAndModel() throws Exception {
    long cost = chat() + chat();
    // A report's range ends now, exclusive: move past the instant the chats were made at.
    clock.advance(java.time.Duration.ofSeconds(1));

    JsonNode user = call("GET", "/admin/v1/usage?user=alice&group_by=month&from=2026-05-01", null);
    JsonNode breakdown = call("GET", "/admin/v1/usage?group_by=provider,model", null);
    JsonNode byModel = call("GET", "/admin/v1/usage?key=ci&group_by=model&since=30d", null);

    assertThat(nanos(user.get("totals").get("cost_usd"))).isEqualTo(cost);
    assertThat(nanos(breakdown.get("totals").get("cost_usd"))).isEqualTo(cost);
    assertThat(breakdown.get("rows")).hasSize(1);
    assertThat(nanos(byModel.get("totals").get("cost_usd"))).isEqualTo(cost);
    assertThat(call("GET", "/admin/v1/usage?key=ci&group_by=provider&since=30d", null).get("rows"))
        .hasSize(1);
  }

  @Test
  void criticalAlertsAreForNowTheStatusFilteredByHealth() throws Exception {
    call(
        "POST",
        "/admin/v1/usage",
        "{\"request_id\":\"big\",\"provider\":\"openai\",\"cost_usd\":\"9.5\",\"team\":\"ml\"}");

    JsonNode all = call("GET", "/admin/v1/status", null);

    assertThat(byId(all, "team-ml").get("health").asText()).isEqualTo("CRITICAL");
    assertThat(byId(all, "global-daily").get("health").asText()).isEqualTo("GOOD");
  }

  @Test
  void billingSpendAndBudgetOfAKeyAreItsBudgets() throws Exception {
    call(
        "PATCH",
        "/admin/v1/keys/ci",
        "{\"budgets\":[{\"limit_usd\":\"5.00\",\"period\":\"daily\"},"
            + "{\"limit_usd\":\"100.00\",\"period\":\"rolling:720\",\"enforcement\":\"soft\"}]}");
    long cost = chat();

    JsonNode today = call("GET", "/admin/v1/budgets/key-ci-daily/status", null);
    JsonNode month = call("GET", "/admin/v1/budgets/key-ci-rolling-720/status", null);

    assertThat(nanos(today.get("spent_usd"))).isEqualTo(cost);
    assertThat(nanos(month.get("spent_usd"))).isEqualTo(cost);
    assertThat(month.get("by_provider").size()).isEqualTo(1);
  }

  @Test
  void billingPricingIsPricedByThePriceEndpoint() throws Exception {
    JsonNode price =
        call(
            "POST",
            "/admin/v1/price",
            "{\"model\":\"gpt-4o-mini\",\"tokens\":{\"input\":1000000,\"output\":200000}}");

    assertThat(price.get("lines")).hasSize(2);
    assertThat(nanos(price.get("total_usd"))).isPositive();
  }

  @Test
  void billingPricingIsAModelsPriceFromADate() throws Exception {
    call(
        "PUT",
        "/admin/v1/models/gpt-4o-mini/price",
        "{\"prices\":{\"input\":\"0.20\",\"output\":\"0.80\",\"cache_read\":\"0.10\"},"
            + "\"effective_from\":\"2026-06-01\"}");
    UsageEvent may = chatEvent();
    clock.set(Instant.parse("2026-06-02T00:00:00Z"));
    UsageEvent june = chatEvent();

    assertThat(may.actualCost().nanos()).isEqualTo(cost(may, 150, 600));
    assertThat(june.actualCost().nanos()).isEqualTo(cost(june, 200, 800));
    call("DELETE", "/admin/v1/models/gpt-4o-mini/price", null);
    UsageEvent back = chatEvent();
    assertThat(back.actualCost().nanos()).isEqualTo(cost(back, 150, 600));
  }

  @Test
  void billingPricingOfAWholeListIsAFeedImport() throws Exception {
    List<ModelPrice> bundled =
        CatalogReader.bundled().models().stream().filter(m -> !m.local()).toList();
    String feed = Feeds.genai(bundled, clock.instant(), "openai/gpt-4o-mini", "0.20");
    try (Feeds.Served server = Feeds.serve(feed)) {
      String url = server.url("/data.json");

      JsonNode diff =
          call("POST", "/admin/v1/prices/import", "{\"url\":\"" + url + "\",\"dry_run\":true}");

      assertThat(diff.get("changed").toString()).contains("openai/gpt-4o-mini");
      assertThat(diff.get("saved_to").isNull()).isTrue();
    }
  }

  /** One chat with the key ci; its ledger event. */
  private UsageEvent chatEvent() throws Exception {
    AdminClient.Reply r = http.chat(ciSecret, "gpt-4o-mini");
    assertThat(r.status()).isEqualTo(200);
    return gateway.accounting().ledger().event(r.header("x-tollgate-request-id")).orElseThrow();
  }

  /** {@code e}'s usage at {@code input} and {@code output} nanos per token. */
  private static long cost(UsageEvent e, long input, long output) {
    return e.usage().count(UsageKind.INPUT) * input + e.usage().count(UsageKind.OUTPUT) * output;
  }

  @Test
  void setRemainingMatchesAProviderConsole() throws Exception {
    JsonNode set =
        call(
            "POST",
            "/admin/v1/budgets/team-ml/set-remaining",
            "{\"remaining_usd\":\"4.00\",\"reason\":\"matches the OpenAI console\"}");

    assertThat(set.get("status").get("remaining_usd").asText()).isEqualTo("4.000000000");
  }
}

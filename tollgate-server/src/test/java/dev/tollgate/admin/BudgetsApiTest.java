package dev.tollgate.admin;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tollgate.config.ConfigLoader;
import dev.tollgate.config.TollgateConfig;
import dev.tollgate.ledger.Adjustment;
import dev.tollgate.ledger.UsageEvent;
import dev.tollgate.server.Gateway;
import dev.tollgate.testkit.FakeClock;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Black-box: a real gateway whose ledger is filled through the simulated provider with a virtual
 * key of team {@code ml}; budgets, their status and usage recorded from outside, over the admin
 * API.
 */
class BudgetsApiTest {

  private static final String YAML =
      """
      budgets:
        define:
          - id: team-ml
            scope: team:ml
            limit_usd: 10
            period: monthly
            enforcement: hard
          - id: everyone
            scope: global
            limit_usd: 1000
            period: daily
            enforcement: soft
      """;

  @TempDir Path dir;

  private final FakeClock clock = FakeClock.at("2026-05-11T12:00:00Z");
  private Gateway gateway;
  private AdminClient http;
  private String admin;

  @AfterEach
  void stop() {
    if (gateway != null) {
      gateway.close();
    }
  }

  private void start() throws Exception {
    Path file = Files.writeString(dir.resolve("tollgate.yaml"), YAML);
    TollgateConfig config =
        ConfigLoader.load(Optional.of(file), Map.of(), dir)
            .withServer("127.0.0.1", 0)
            .withDataDir(dir.resolve("data"));
    gateway = Gateway.start(config, clock);
    http = new AdminClient(gateway.port());
    admin = gateway.adminKeySecret().orElse(admin);
  }

  private AdminClient.Reply get(String path) throws Exception {
    return http.send("GET", path, admin, null);
  }

  private AdminClient.Reply post(String path, String body) throws Exception {
    return http.send("POST", path, admin, body);
  }

  /** Sends {@code n} chats with a key of team ml; the sum of their ledger costs, in nanos. */
  private long chatsOfTeamMl(int n) throws Exception {
    AdminClient.Reply key = post("/admin/v1/keys", "{\"id\":\"ml-key\",\"team\":\"ml\"}");
    String secret = key.status() == 201 ? key.json().get("key").asText() : null;
    long sum = 0;
    for (int i = 0; i < n; i++) {
      AdminClient.Reply r = http.chat(secret, "gpt-4o-mini");
      assertThat(r.status()).isEqualTo(200);
      UsageEvent e =
          gateway.accounting().ledger().event(r.header("x-tollgate-request-id")).orElseThrow();
      sum += e.actualCost().nanos();
    }
    assertThat(sum).isPositive();
    return sum;
  }

  private static long nanos(JsonNode usd) {
    return new BigDecimal(usd.asText()).movePointRight(9).longValueExact();
  }

  @Test
  void aBudgetsStatusEqualsTheSumOfTheLedgersEventsForItsScope() throws Exception {
    start();
    long sum = chatsOfTeamMl(3);

    JsonNode s = get("/admin/v1/budgets/team-ml/status").json();

    assertThat(nanos(s.get("spent_usd"))).isEqualTo(sum);
    assertThat(s.get("spent_usd").asText()).matches("\\d+\\.\\d{9}");
    assertThat(s.get("currency").asText()).isEqualTo("USD");
    assertThat(s.get("allocated_usd").asText()).isEqualTo("10.000000000");
    assertThat(nanos(s.get("reserved_usd"))).isZero();
    assertThat(nanos(s.get("remaining_usd"))).isEqualTo(10_000_000_000L - sum);
    assertThat(nanos(s.get("emergency_reserve_usd"))).isEqualTo(2_000_000_000L);
    assertThat(nanos(s.get("available_usd"))).isEqualTo(8_000_000_000L - sum);
    assertThat(s.get("health").asText()).isEqualTo("GOOD");
    assertThat(s.get("method").asText()).contains("linear");
    assertThat(s.get("period").get("start").asText()).isEqualTo("2026-05-01T00:00:00Z");
    assertThat(new BigDecimal(s.get("days_remaining").asText())).isEqualByComparingTo("20.5");
    long byProvider = 0;
    for (JsonNode v : s.get("by_provider")) {
      byProvider += nanos(v);
    }
    assertThat(byProvider).isEqualTo(sum);

    JsonNode team = get("/admin/v1/status?scope=team:ml").json();
    assertThat(team.get("data")).hasSize(1);
    assertThat(team.get("data").get(0).get("spent_usd")).isEqualTo(s.get("spent_usd"));
    JsonNode global = get("/admin/v1/status?scope=global").json().get("data").get(0);
    assertThat(nanos(global.get("spent_usd"))).isEqualTo(sum);
  }

  @Test
  void theListIsPagedByCursorAndMarksWhereEachBudgetComesFrom() throws Exception {
    start();
    post(
        "/admin/v1/keys",
        "{\"id\":\"capped\",\"budgets\":[{\"limit_usd\":\"5\",\"period\":\"daily\"}]}");

    JsonNode first = get("/admin/v1/budgets?limit=2").json();
    assertThat(first.get("has_more").asBoolean()).isTrue();
    List<String> ids = new ArrayList<>();
    first.get("data").forEach(b -> ids.add(b.get("id").asText()));
    JsonNode rest =
        get("/admin/v1/budgets?limit=2&after=" + first.get("next_cursor").asText()).json();
    assertThat(rest.get("has_more").asBoolean()).isFalse();
    rest.get("data").forEach(b -> ids.add(b.get("id").asText()));

    assertThat(ids).containsExactly("everyone", "key-capped-daily", "team-ml");
    assertThat(get("/admin/v1/budgets/team-ml").json().get("source").asText()).isEqualTo("config");
    JsonNode key = get("/admin/v1/budgets/key-capped-daily").json();
    assertThat(key.get("source").asText()).isEqualTo("key");
    assertThat(key.get("scope").asText()).isEqualTo("key:capped");
    assertThat(key.get("limit_usd").asText()).isEqualTo("5.000000000");
    assertThat(get("/admin/v1/budgets/nope").status()).isEqualTo(404);

    // The statuses of every budget are paged the same way: a list is never unbounded.
    JsonNode statuses = get("/admin/v1/status?limit=2").json();
    assertThat(statuses.get("data")).hasSize(2);
    assertThat(statuses.get("next_cursor").asText()).isEqualTo("key-capped-daily");
    JsonNode last =
        get("/admin/v1/status?limit=2&after=" + statuses.get("next_cursor").asText()).json();
    assertThat(last.get("has_more").asBoolean()).isFalse();
    assertThat(last.get("data").get(0).get("id").asText()).isEqualTo("team-ml");
    assertThat(param(get("/admin/v1/status?limit=100000"))).isEqualTo("limit");
  }

  @Test
  void usageRecordedFromOutsideIsIdempotentAndMovesTheBudgets() throws Exception {
    start();
    String body =
        "{\"request_id\":\"batch-7\",\"provider\":\"openai\",\"model\":\"gpt-4o-mini\","
            + "\"cost_usd\":\"1.25\",\"team\":\"ml\"}";

    AdminClient.Reply first = post("/admin/v1/usage", body);
    AdminClient.Reply again = post("/admin/v1/usage", body);
    AdminClient.Reply changed = post("/admin/v1/usage", body.replace("1.25", "1.26"));

    assertThat(first.status()).isEqualTo(201);
    assertThat(first.json().get("origin").asText()).isEqualTo("external");
    assertThat(again.status()).isEqualTo(200);
    assertThat(again.json()).isEqualTo(first.json());
    assertThat(changed.status()).isEqualTo(409);
    assertThat(changed.json().get("error").get("param").asText()).isEqualTo("request_id");
    JsonNode s = get("/admin/v1/budgets/team-ml/status").json();
    assertThat(s.get("spent_usd").asText()).isEqualTo("1.250000000");
    assertThat(s.get("by_provider").get("openai").asText()).isEqualTo("1.250000000");
    UsageEvent stored = gateway.accounting().ledger().event("external:batch-7").orElseThrow();
    assertThat(stored.origin()).isEqualTo(UsageEvent.Origin.EXTERNAL);
  }

  @Test
  void tokensRecordedFromOutsideArePricedByTheCatalogAsThePriceEndpointSays() throws Exception {
    start();
    String usage = "\"model\":\"gpt-4o-mini\",\"tokens\":{\"input\":120000,\"output\":30000}";

    JsonNode price = post("/admin/v1/price", "{" + usage + "}").json();
    AdminClient.Reply recorded =
        post(
            "/admin/v1/usage",
            "{\"request_id\":\"r1\",\"provider\":\"openai\",\"team\":\"ml\"," + usage + "}");

    assertThat(price.get("lines")).hasSize(2);
    assertThat(price.get("lines").get(0).get("kind").asText()).isEqualTo("input");
    BigDecimal lines = BigDecimal.ZERO;
    for (JsonNode l : price.get("lines")) {
      lines = lines.add(new BigDecimal(l.get("amount_usd").asText()));
    }
    assertThat(lines).isEqualByComparingTo(price.get("exact_usd").asText());
    assertThat(recorded.status()).isEqualTo(201);
    assertThat(recorded.json().get("cost_usd").asText()).isEqualTo(price.get("total_usd").asText());
    assertThat(get("/admin/v1/budgets/team-ml/status").json().get("spent_usd"))
        .isEqualTo(recorded.json().get("cost_usd"));
  }

  @Test
  void setRemainingAndResetAreLedgerAdjustmentsThatSurviveARestart() throws Exception {
    start();
    long sum = chatsOfTeamMl(2);

    AdminClient.Reply set =
        post(
            "/admin/v1/budgets/team-ml/set-remaining",
            "{\"remaining_usd\":\"4.00\",\"reason\":\"match the console\"}");

    assertThat(set.status()).isEqualTo(200);
    assertThat(set.json().get("kind").asText()).isEqualTo("set_remaining");
    assertThat(nanos(set.json().get("delta_usd"))).isEqualTo(6_000_000_000L - sum);
    assertThat(set.json().get("status").get("remaining_usd").asText()).isEqualTo("4.000000000");
    gateway.close();
    start();
    assertThat(get("/admin/v1/budgets/team-ml/status").json().get("spent_usd").asText())
        .isEqualTo("6.000000000");

    AdminClient.Reply reset = post("/admin/v1/budgets/team-ml/reset", "{\"reason\":\"new deal\"}");

    assertThat(reset.json().get("status").get("spent_usd").asText()).isEqualTo("0.000000000");
    List<Adjustment> adjustments =
        gateway.accounting().ledger().adjustments("team-ml", Instant.parse("2026-05-01T00:00:00Z"));
    assertThat(adjustments)
        .extracting(Adjustment::kind)
        .containsExactly(Adjustment.Kind.SET_REMAINING, Adjustment.Kind.RESET_PERIOD);
    assertThat(adjustments.getFirst().reason()).isEqualTo("match the console");
    List<String> actions = new ArrayList<>();
    get("/admin/v1/audit?limit=200")
        .json()
        .get("data")
        .forEach(e -> actions.add(e.path("action").asText()));
    assertThat(actions).contains("budget.set_remaining", "budget.reset");
  }

  @Test
  void badParametersAreA400NamingTheField() throws Exception {
    start();

    assertThat(param(get("/admin/v1/status?scope=planet:mars"))).isEqualTo("scope");
    assertThat(param(get("/admin/v1/status?scope="))).isEqualTo("scope");
    assertThat(param(get("/admin/v1/budgets?limit=-1"))).isEqualTo("limit");
    assertThat(param(get("/admin/v1/budgets?limit=100000"))).isEqualTo("limit");
    assertThat(param(get("/admin/v1/budgets/team-ml/history?periods=0"))).isEqualTo("periods");
    assertThat(param(post("/admin/v1/budgets/team-ml/set-remaining", "{\"remaining_usd\":\"-1\"}")))
        .isEqualTo("remaining_usd");
    assertThat(param(post("/admin/v1/budgets/team-ml/set-remaining", "{\"remaining_usd\":\"11\"}")))
        .isEqualTo("remaining_usd");
    String usage = "{\"request_id\":\"x\",\"provider\":\"openai\",";
    assertThat(param(post("/admin/v1/usage", usage + "\"cost_usd\":\"-2\"}")))
        .isEqualTo("cost_usd");
    assertThat(
            param(
                post(
                    "/admin/v1/usage",
                    usage + "\"model\":\"gpt-4o-mini\",\"tokens\":{\"inputs\":5}}")))
        .isEqualTo("tokens.inputs");
    assertThat(
            param(
                post(
                    "/admin/v1/usage",
                    usage + "\"cost_usd\":\"1\",\"time\":\"2027-01-01T00:00:00Z\"}")))
        .isEqualTo("time");
    assertThat(param(post("/admin/v1/usage", "{\"provider\":\"openai\",\"cost_usd\":\"1\"}")))
        .isEqualTo("request_id");
    assertThat(gateway.accounting().ledger().size()).isZero();
  }

  @Test
  void theProviderStatusShowsEachMonthFromTheLedgerIncludingOutsideSpend() throws Exception {
    start();
    post(
        "/admin/v1/usage",
        "{\"request_id\":\"april\",\"provider\":\"anthropic\",\"cost_usd\":\"3\","
            + "\"time\":\"2026-04-20T00:00:00Z\"}");
    long sum = chatsOfTeamMl(2);
    String simulated =
        gateway
            .accounting()
            .ledger()
            .totalsByProvider(
                dev.tollgate.ledger.Dimension.GLOBAL,
                "",
                Instant.parse("2026-05-01T00:00:00Z"),
                Instant.parse("2026-06-01T00:00:00Z"))
            .keySet()
            .iterator()
            .next();

    JsonNode s = get("/admin/v1/status/providers?months=2").json();

    JsonNode may = s.get("months").get(0);
    JsonNode april = s.get("months").get(1);
    assertThat(may.get("month").asText()).isEqualTo("2026-05");
    assertThat(nanos(may.get("providers").get(simulated).get("spent_usd"))).isEqualTo(sum);
    assertThat(may.get("providers").get(simulated).get("requests").asLong()).isEqualTo(2);
    assertThat(april.get("providers").get("anthropic").get("spent_usd").asText())
        .isEqualTo("3.000000000");
    assertThat(april.get("total_usd").asText()).isEqualTo("3.000000000");
    assertThat(s.get("providers")).hasSize(2);
    assertThat(param(get("/admin/v1/status/providers?months=0"))).isEqualTo("months");
  }

  @Test
  void theModelsListTheCatalogsPricesAndPriceTheSameAsThePriceEndpoint() throws Exception {
    start();

    JsonNode page = get("/admin/v1/models?provider=openai&limit=200").json();
    JsonNode mini = null;
    for (JsonNode m : page.get("data")) {
      if (m.get("model").asText().equals("gpt-4o-mini")) {
        mini = m;
      }
    }
    JsonNode price =
        post("/admin/v1/price", "{\"model\":\"gpt-4o-mini\",\"tokens\":{\"input\":1000000}}")
            .json();

    assertThat(mini).isNotNull();
    assertThat(mini.get("id").asText()).isEqualTo("openai/gpt-4o-mini");
    JsonNode rates = mini.get("prices").get(mini.get("prices").size() - 1).get("usd");
    assertThat(new BigDecimal(rates.get("input_per_million").asText()))
        .isEqualByComparingTo(price.get("total_usd").asText());
    JsonNode first = get("/admin/v1/models?limit=1").json();
    assertThat(first.get("has_more").asBoolean()).isTrue();
    JsonNode second =
        get("/admin/v1/models?limit=1&after=" + first.get("next_cursor").asText()).json();
    assertThat(second.get("data").get(0).get("id").asText())
        .isGreaterThan(first.get("data").get(0).get("id").asText());
    assertThat(param(get("/admin/v1/models?limit=5000"))).isEqualTo("limit");
  }

  @Test
  void aBudgetCreatedOverHttpIsEnforcedStoredAndSurvivesARestart() throws Exception {
    start();
    long sum = chatsOfTeamMl(1);

    AdminClient.Reply created =
        post(
            "/admin/v1/budgets",
            "{\"id\":\"ml-daily\",\"scope\":\"team:ml\",\"limit_usd\":\"0.000001\","
                + "\"period\":\"daily\",\"emergency_reserve_percent\":0}");

    assertThat(created.status()).as(created.raw().body()).isEqualTo(201);
    assertThat(created.json().get("source").asText()).isEqualTo("api");
    // Counted from the ledger at once: the period had already spent.
    assertThat(nanos(created.json().get("status").get("spent_usd"))).isEqualTo(sum);
    assertThat(created.json().get("status").get("health").asText()).isEqualTo("EXCEEDED");
    String secret = post("/admin/v1/keys", "{\"team\":\"ml\"}").json().get("key").asText();
    assertThat(http.chat(secret, "gpt-4o-mini").status()).isEqualTo(402);

    gateway.close();
    start();
    assertThat(get("/admin/v1/budgets/ml-daily").json().get("source").asText()).isEqualTo("api");
    AdminClient.Reply raised =
        http.send("PATCH", "/admin/v1/budgets/ml-daily", admin, "{\"limit_usd\":\"50\"}");
    assertThat(raised.status()).as(raised.raw().body()).isEqualTo(200);
    assertThat(raised.json().get("limit_usd").asText()).isEqualTo("50.000000000");
    assertThat(raised.json().get("period").asText()).isEqualTo("daily");
    assertThat(http.chat(secret, "gpt-4o-mini").status()).isEqualTo(200);

    assertThat(http.send("DELETE", "/admin/v1/budgets/ml-daily", admin, null).status())
        .isEqualTo(200);
    assertThat(get("/admin/v1/budgets/ml-daily").status()).isEqualTo(404);
    gateway.close();
    start();
    assertThat(get("/admin/v1/budgets/ml-daily").status()).isEqualTo(404);
  }

  @Test
  void theFilesBudgetsAndTheKeysAreReadOnlyAndTheirIdsTaken() throws Exception {
    start();
    post(
        "/admin/v1/keys",
        "{\"id\":\"capped\",\"budgets\":[{\"limit_usd\":\"5\",\"period\":\"daily\"}]}");

    AdminClient.Reply sameId =
        post("/admin/v1/budgets", "{\"id\":\"team-ml\",\"limit_usd\":\"1\",\"period\":\"daily\"}");
    AdminClient.Reply patchFile =
        http.send("PATCH", "/admin/v1/budgets/team-ml", admin, "{\"limit_usd\":\"1\"}");
    AdminClient.Reply deleteKeys =
        http.send("DELETE", "/admin/v1/budgets/key-capped-daily", admin, null);
    AdminClient.Reply keyPrefix =
        post("/admin/v1/budgets", "{\"id\":\"key-x\",\"limit_usd\":\"1\",\"period\":\"daily\"}");

    assertThat(sameId.status()).isEqualTo(409);
    assertThat(sameId.json().get("error").get("message").asText()).contains("configuration file");
    assertThat(patchFile.status()).isEqualTo(409);
    assertThat(deleteKeys.status()).isEqualTo(409);
    assertThat(deleteKeys.json().get("error").get("message").asText()).contains("/admin/v1/keys");
    assertThat(keyPrefix.status()).isEqualTo(400);
    assertThat(get("/admin/v1/budgets/team-ml").json().get("limit_usd").asText())
        .isEqualTo("10.000000000");
  }

  @Test
  void aWrongDefinitionIsA400NamingTheFieldAndChangesNothing() throws Exception {
    start();
    String base = "{\"id\":\"b1\",\"period\":\"daily\",";

    assertThat(param(post("/admin/v1/budgets", base + "\"limit_usd\":\"-5\"}"))).isEqualTo("limit");
    assertThat(
            param(post("/admin/v1/budgets", base + "\"limit_usd\":\"1\",\"scope\":\"planet:x\"}")))
        .isEqualTo("scope");
    assertThat(param(post("/admin/v1/budgets", base + "\"limit_usd\":\"1\",\"colour\":\"red\"}")))
        .isEqualTo("colour");
    assertThat(param(post("/admin/v1/budgets", "{\"limit_usd\":\"1\",\"period\":\"daily\"}")))
        .isEqualTo("id");
    assertThat(get("/admin/v1/budgets").json().get("data")).hasSize(2);
  }

  private static String param(AdminClient.Reply r) {
    assertThat(r.status()).as(r.raw().body()).isEqualTo(400);
    return r.json().get("error").get("param").asText();
  }
}

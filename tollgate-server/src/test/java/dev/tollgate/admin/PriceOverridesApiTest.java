package dev.tollgate.admin;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tollgate.ledger.UsageEvent;
import dev.tollgate.server.Gateway;
import dev.tollgate.testkit.FakeClock;
import dev.tollgate.usage.UsageKind;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Black-box: a model's price set over the admin API on a real gateway (simulated provider, fake
 * clock) prices the requests that start from its effective time, leaves recorded events as they
 * were, outlives a restart, is validated field by field, audited and removable.
 */
class PriceOverridesApiTest {

  /** gpt-4o-mini in the bundled catalog: $0.15 and $0.60 per 1M, i.e. nanos per token. */
  private static final long[] CATALOG = {150, 600};

  /** The card set in these tests: $1 and $2 per 1M. */
  private static final long[] OVERRIDE = {1_000, 2_000};

  private static final String CARD = "{\"input\":\"1.00\",\"output\":\"2.00\"}";

  @TempDir Path dir;

  private final FakeClock clock = FakeClock.at("2026-05-11T12:00:00Z");
  private Gateway gateway;
  private AdminClient http;
  private String admin;
  private String key;

  @AfterEach
  void stop() {
    if (gateway != null) {
      gateway.close();
    }
  }

  private void start() throws Exception {
    gateway = TestGateways.start(dir, "budgets:\n  monthly_usd: 100\n", clock);
    http = new AdminClient(gateway.port());
    if (admin == null) {
      admin = gateway.adminKeySecret().orElseThrow();
      key = call("POST", "/admin/v1/keys", "{\"id\":\"k\"}").get("key").asText();
    }
  }

  private void restart() throws Exception {
    gateway.close();
    gateway = null;
    start();
  }

  private AdminClient.Reply send(String method, String path, String body) throws Exception {
    return http.send(method, path, admin, body);
  }

  private JsonNode call(String method, String path, String body) throws Exception {
    AdminClient.Reply r = send(method, path, body);
    assertThat(r.status()).as(method + " " + path + ": " + r.raw().body()).isBetween(200, 201);
    return r.json();
  }

  private JsonNode setPrice(String from) throws Exception {
    String since = from == null ? "" : ",\"effective_from\":\"" + from + "\"";
    return call(
        "PUT",
        "/admin/v1/models/gpt-4o-mini/price",
        "{\"prices\":" + CARD + since + ",\"reason\":\"contract\"}");
  }

  /** One chat on gpt-4o-mini; its ledger event. */
  private UsageEvent chat() throws Exception {
    AdminClient.Reply r = http.chat(key, "gpt-4o-mini");
    assertThat(r.status()).as(r.raw().body()).isEqualTo(200);
    return gateway.accounting().ledger().event(r.header("x-tollgate-request-id")).orElseThrow();
  }

  /** What {@code e}'s usage costs on a card of {@code nanos} per input and output token. */
  private static long cost(UsageEvent e, long[] nanos) {
    return e.usage().count(UsageKind.INPUT) * nanos[0]
        + e.usage().count(UsageKind.OUTPUT) * nanos[1];
  }

  private String totalCost() throws Exception {
    return call("GET", "/admin/v1/usage?from=2026-05-01", null).at("/totals/cost_usd").asText();
  }

  @Test
  void aRequestBeforeTheEffectiveTimeKeepsTheCatalogCardAndOneAfterItUsesTheNewCard()
      throws Exception {
    start();
    setPrice("2026-05-11T13:00:00Z");

    UsageEvent before = chat();
    clock.advance(Duration.ofHours(2));
    UsageEvent after = chat();

    assertThat(before.actualCost().nanos()).isEqualTo(cost(before, CATALOG)).isPositive();
    assertThat(after.actualCost().nanos()).isEqualTo(cost(after, OVERRIDE));
    // The reservation was priced by the same card as the settlement.
    assertThat(after.estimatedCost().nanos()).isGreaterThanOrEqualTo(after.actualCost().nanos());
    JsonNode priced =
        call(
            "POST",
            "/admin/v1/price",
            "{\"model\":\"gpt-4o-mini\",\"tokens\":{\"input\":1000000},"
                + "\"time\":\"2026-05-11T12:30:00Z\"}");
    assertThat(priced.get("total_usd").asText()).startsWith("0.15");
  }

  @Test
  void anOverrideFromThePastChangesNoRecordedCostAndPricesTheNextRequest() throws Exception {
    start();
    UsageEvent recorded = chat();
    String total = totalCost();

    setPrice("2026-05-01");

    assertThat(totalCost()).isEqualTo(total);
    assertThat(gateway.accounting().ledger().event(recorded.id()).orElseThrow().actualCost())
        .isEqualTo(recorded.actualCost());
    UsageEvent next = chat();
    assertThat(next.actualCost().nanos()).isEqualTo(cost(next, OVERRIDE));
  }

  @Test
  void withoutAnEffectiveTimeTheCardAppliesFromNowAndIsShownOnTheModel() throws Exception {
    start();

    JsonNode model = setPrice(null);

    assertThat(model.get("id").asText()).isEqualTo("openai/gpt-4o-mini");
    JsonNode override = model.get("overrides").get(0);
    assertThat(override.get("effective_from").asText()).isEqualTo("2026-05-11T12:00:00Z");
    assertThat(override.get("prices").toString()).isEqualTo("{\"input\":\"1\",\"output\":\"2\"}");
    assertThat(override.get("reason").asText()).isEqualTo("contract");
    JsonNode last = model.get("prices").get(model.get("prices").size() - 1);
    assertThat(last.get("from").asText()).isEqualTo("2026-05-11T12:00:00Z");
    assertThat(last.get("usd").get("input_per_million").asText()).isEqualTo("1");
    assertThat(call("GET", "/admin/v1/models/openai%2Fgpt-4o-mini", null)).isEqualTo(model);
    UsageEvent e = chat();
    assertThat(e.actualCost().nanos()).isEqualTo(cost(e, OVERRIDE));
  }

  @Test
  void theOverrideOutlivesARestart() throws Exception {
    start();
    setPrice("2026-05-11T12:00:00Z");

    restart();

    JsonNode model = call("GET", "/admin/v1/models/gpt-4o-mini", null);
    assertThat(model.get("overrides")).hasSize(1);
    UsageEvent e = chat();
    assertThat(e.actualCost().nanos()).isEqualTo(cost(e, OVERRIDE));
  }

  @Test
  void theChangeIsAuditedWithTheCardBeforeAndAfter() throws Exception {
    start();
    setPrice("2026-06-01");

    JsonNode entry = call("GET", "/admin/v1/audit?limit=100", null).get("data");
    JsonNode last = entry.get(entry.size() - 1);

    assertThat(last.get("action").asText()).isEqualTo("model.price.set");
    assertThat(last.get("target").asText()).isEqualTo("model:openai/gpt-4o-mini");
    JsonNode before = last.get("before");
    JsonNode after = last.get("after");
    assertThat(before.get("prices").toString())
        .isEqualTo("{\"input\":\"0.15\",\"output\":\"0.6\",\"cache_read\":\"0.075\"}");
    assertThat(before.get("source").asText()).isEqualTo("catalog");
    assertThat(after.get("prices").toString()).isEqualTo("{\"input\":\"1\",\"output\":\"2\"}");
    assertThat(after.get("effective_from").asText()).isEqualTo("2026-06-01T00:00:00Z");
  }

  @Test
  void deletingTheOverrideRestoresTheCatalogCardAndIsAudited() throws Exception {
    start();
    setPrice("2026-05-01");

    JsonNode model = call("DELETE", "/admin/v1/models/gpt-4o-mini/price", null);

    assertThat(model.get("overrides")).isEmpty();
    UsageEvent e = chat();
    assertThat(e.actualCost().nanos()).isEqualTo(cost(e, CATALOG));
    JsonNode entries = call("GET", "/admin/v1/audit?limit=100", null).get("data");
    JsonNode last = entries.get(entries.size() - 1);
    assertThat(last.get("action").asText()).isEqualTo("model.price.delete");
    assertThat(last.at("/after/source").asText()).isEqualTo("catalog");
    assertThat(last.at("/before/source").asText()).isEqualTo("override");
    assertThat(send("DELETE", "/admin/v1/models/gpt-4o-mini/price", null).status()).isEqualTo(404);
    restart();
    assertThat(call("GET", "/admin/v1/models/gpt-4o-mini", null).get("overrides")).isEmpty();
  }

  @Test
  void withTwoOverridesADeleteMustNameItsEffectiveTime() throws Exception {
    start();
    setPrice("2026-06-01");
    setPrice("2026-07-01");

    AdminClient.Reply vague = send("DELETE", "/admin/v1/models/gpt-4o-mini/price", null);
    JsonNode named =
        call(
            "DELETE",
            "/admin/v1/models/gpt-4o-mini/price?effective_from=2026-06-01T00:00:00Z",
            null);

    assertThat(vague.status()).isEqualTo(400);
    assertThat(vague.json().at("/error/param").asText()).isEqualTo("effective_from");
    assertThat(named.get("overrides")).hasSize(1);
    assertThat(named.at("/overrides/0/effective_from").asText()).isEqualTo("2026-07-01T00:00:00Z");
  }

  @Test
  void badCardsAndDatesAreRefusedNamingTheField() throws Exception {
    start();
    String path = "/admin/v1/models/gpt-4o-mini/price";
    Map<String, String> cases = new java.util.LinkedHashMap<>();
    cases.put("{\"prices\":{\"input\":\"-1\",\"output\":\"2\"}}", "prices.input");
    cases.put("{\"prices\":{\"input\":\"1\",\"output\":\"two\"}}", "prices.output");
    cases.put(
        "{\"prices\":{\"input\":\"1\",\"output\":\"2\",\"cache_reed\":\"1\"}}",
        "prices.cache_reed");
    cases.put("{\"prices\":{\"input\":\"1\"}}", "prices.output");
    cases.put("{\"prices\":{\"input\":\"0.0000000001\",\"output\":\"2\"}}", "prices.input");
    cases.put("{\"prices\":" + CARD + ",\"effective_from\":\"next week\"}", "effective_from");
    cases.put("{\"prices\":" + CARD + ",\"effective_from\":20260601}", "effective_from");
    cases.put("{\"effective_from\":\"2026-06-01\"}", "prices");
    cases.put("{\"prices\":" + CARD + ",\"price\":1}", "price");
    List<String> wrong = new ArrayList<>();
    for (Map.Entry<String, String> c : cases.entrySet()) {
      AdminClient.Reply r = send("PUT", path, c.getKey());
      if (r.status() != 400 || !r.json().at("/error/param").asText().equals(c.getValue())) {
        wrong.add(c.getKey() + " -> " + r.status() + " " + r.raw().body());
      }
    }
    assertThat(wrong).isEmpty();
    AdminClient.Reply typo = send("PUT", path, "{\"prices\":{\"input\":1,\"outptu\":2}}");
    assertThat(typo.json().at("/error/message").asText())
        .isEqualTo("prices.outptu: unknown key (did you mean \"output\"?)");
    AdminClient.Reply unknown =
        send("PUT", "/admin/v1/models/gpt-9/price", "{\"prices\":" + CARD + "}");
    assertThat(unknown.status()).isEqualTo(404);
    AdminClient.Reply snapshot =
        send("PUT", "/admin/v1/models/gpt-4o-mini-2024-07-18/price", "{\"prices\":" + CARD + "}");
    assertThat(snapshot.status()).isEqualTo(404);
    assertThat(snapshot.json().at("/error/message").asText()).contains("openai/gpt-4o-mini");
    assertThat(call("GET", "/admin/v1/models/gpt-4o-mini", null).get("overrides")).isEmpty();
  }
}

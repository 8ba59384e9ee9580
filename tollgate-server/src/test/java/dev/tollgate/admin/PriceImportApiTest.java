package dev.tollgate.admin;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import dev.tollgate.catalog.Feeds;
import dev.tollgate.catalog.PriceBook;
import dev.tollgate.ledger.UsageEvent;
import dev.tollgate.pricing.CatalogReader;
import dev.tollgate.pricing.ModelPrice;
import dev.tollgate.server.Gateway;
import dev.tollgate.testkit.FakeClock;
import dev.tollgate.usage.UsageKind;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Black-box: price feeds imported over the admin API into a running gateway: a dry run answers the
 * diff only; an import is in force for the next request, saved where the next start reads it, and
 * audited; feeds that would break prices or routes are refused.
 */
class PriceImportApiTest {

  private static final Instant NOW = Instant.parse("2026-05-11T12:00:00Z");

  @TempDir Path dir;

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

  private void start(String yaml) throws Exception {
    gateway = TestGateways.start(dir, yaml, FakeClock.at(NOW));
    http = new AdminClient(gateway.port());
    if (admin == null) {
      admin = gateway.adminKeySecret().orElseThrow();
      key = http.send("POST", "/admin/v1/keys", admin, "{\"id\":\"k\"}").json().get("key").asText();
    }
  }

  private static List<ModelPrice> bundled() {
    return CatalogReader.bundled().models().stream().filter(m -> !m.local()).toList();
  }

  /** The bundled catalog as a genai feed, with gpt-4o-mini's input at $0.30 per 1M. */
  private static String feed() {
    return Feeds.genai(bundled(), NOW, "openai/gpt-4o-mini", "0.30");
  }

  private AdminClient.Reply importing(String feed, boolean dryRun) throws Exception {
    return http.send(
        "POST",
        "/admin/v1/prices/import",
        admin,
        "{\"feed\":" + feed + (dryRun ? ",\"dry_run\":true}" : "}"));
  }

  /** Nanos of input per token of gpt-4o-mini, as a chat is charged now. */
  private long chargedInputNanos() throws Exception {
    AdminClient.Reply r = http.chat(key, "gpt-4o-mini");
    assertThat(r.status()).as(r.raw().body()).isEqualTo(200);
    UsageEvent e =
        gateway.accounting().ledger().event(r.header("x-tollgate-request-id")).orElseThrow();
    long output = e.usage().count(UsageKind.OUTPUT) * 600;
    return (e.actualCost().nanos() - output) / e.usage().count(UsageKind.INPUT);
  }

  private String catalogInput() throws Exception {
    JsonNode model = http.send("GET", "/admin/v1/models/gpt-4o-mini", admin, null).json();
    return model.at("/prices/0/usd/input_per_million").asText();
  }

  private List<String> auditActions() throws Exception {
    JsonNode data = http.send("GET", "/admin/v1/audit?limit=100", admin, null).json().get("data");
    List<String> actions = new java.util.ArrayList<>();
    data.forEach(e -> actions.add(e.get("action").asText()));
    return actions;
  }

  @Test
  void aDryRunAnswersTheDiffAndChangesNothing() throws Exception {
    start("");

    AdminClient.Reply r = importing(feed(), true);

    assertThat(r.status()).as(r.raw().body()).isEqualTo(200);
    assertThat(r.json().get("dry_run").asBoolean()).isTrue();
    assertThat(r.json().get("saved_to").isNull()).isTrue();
    assertThat(r.json().get("changed").toString())
        .contains(
            "{\"model\":\"openai/gpt-4o-mini\",\"fields\":[{\"field\":\"input\",\"before\":\"0.15\","
                + "\"after\":\"0.3\",\"unit\":\"per 1M\"}]}");
    assertThat(catalogInput()).isEqualTo("0.15");
    assertThat(chargedInputNanos()).isEqualTo(150);
    assertThat(dir.resolve("data").resolve(PriceBook.IMPORTED)).doesNotExist();
    assertThat(auditActions()).doesNotContain("prices.import");
  }

  @Test
  void anImportIsInForceAtOnceSavedAuditedAndOutlivesARestart() throws Exception {
    start("");
    // A thousand models of a new provider make the body far larger than other admin requests.
    ArrayNode feed = (ArrayNode) AdminClient.JSON.readTree(feed());
    ArrayNode extra = feed.addObject().put("id", "acme").putArray("models");
    for (int i = 0; i < 1000; i++) {
      extra
          .addObject()
          .put("id", "rocket-" + i)
          .putObject("prices")
          .put("input_mtok", 1)
          .put("output_mtok", 2);
    }
    String body = feed.toString();
    assertThat(body.length()).isGreaterThan(AdminApi.MAX_BODY);

    AdminClient.Reply r = importing(body, false);

    assertThat(r.status()).as(r.raw().body()).isEqualTo(200);
    assertThat(r.json().get("added")).hasSize(1000);
    Path saved = dir.resolve("data").resolve(PriceBook.IMPORTED);
    assertThat(r.json().get("saved_to").asText()).isEqualTo(saved.toString());
    assertThat(saved).isRegularFile();
    assertThat(catalogInput()).isEqualTo("0.3");
    assertThat(chargedInputNanos()).isEqualTo(300);
    assertThat(auditActions()).contains("prices.import");

    gateway.close();
    start("");
    assertThat(chargedInputNanos()).isEqualTo(300);
  }

  @Test
  void anOverrideStaysInForceOverAnImportedFeed() throws Exception {
    start("");
    http.send(
        "PUT",
        "/admin/v1/models/gpt-4o-mini/price",
        admin,
        "{\"prices\":{\"input\":\"1\",\"output\":\"0.6\"},\"effective_from\":\"2026-05-01\"}");

    assertThat(importing(feed(), false).status()).isEqualTo(200);

    assertThat(chargedInputNanos()).isEqualTo(1_000);
  }

  @Test
  void aFeedIsFetchedFromAnHttpUrlButNeverFromAFile() throws Exception {
    start("");
    try (Feeds.Served server = Feeds.serve(feed())) {
      String url = server.url("/data.json");
      AdminClient.Reply fetched =
          http.send(
              "POST",
              "/admin/v1/prices/import",
              admin,
              "{\"url\":\"" + url + "\",\"dry_run\":true}");
      assertThat(fetched.status()).as(fetched.raw().body()).isEqualTo(200);
      assertThat(fetched.json().get("source").asText()).isEqualTo(url);
      assertThat(fetched.json().get("changed").toString()).contains("openai/gpt-4o-mini");
    }
    Files.writeString(dir.resolve("feed.json"), feed());
    for (String location : List.of(dir.resolve("feed.json").toString(), "file:///etc/passwd")) {
      AdminClient.Reply r =
          http.send("POST", "/admin/v1/prices/import", admin, "{\"url\":\"" + location + "\"}");
      assertThat(r.status()).isEqualTo(400);
      assertThat(r.json().at("/error/param").asText()).isEqualTo("url");
    }
    assertThat(catalogInput()).isEqualTo("0.15");
  }

  @Test
  void badRequestsAndBrokenFeedsAreRefusedNamingTheField() throws Exception {
    start("");
    String truncated = Feeds.genai(bundled().subList(0, 10), NOW, "", "0");
    Map<String, String> cases =
        Map.of(
            "{\"feed\":{}}",
            "feed",
            "{\"feed\":\"data.json\"}",
            "feed",
            "{\"feed\":" + truncated + "}",
            "feed",
            "{}",
            "feed",
            "{\"feed\":[],\"url\":\"https://example.com\"}",
            "url",
            "{\"feed\":[],\"dry_run\":\"yes\"}",
            "dry_run",
            "{\"feed\":[],\"dryRun\":true}",
            "dryRun");
    List<String> wrong = new java.util.ArrayList<>();
    for (Map.Entry<String, String> c : cases.entrySet()) {
      AdminClient.Reply r = http.send("POST", "/admin/v1/prices/import", admin, c.getKey());
      if (r.status() != 400 || !r.json().at("/error/param").asText().equals(c.getValue())) {
        wrong.add(
            c.getKey().substring(0, Math.min(60, c.getKey().length())) + " -> " + r.raw().body());
      }
    }
    assertThat(wrong).isEmpty();
    AdminClient.Reply removing =
        http.send("POST", "/admin/v1/prices/import", admin, "{\"feed\":" + truncated + "}");
    assertThat(removing.json().at("/error/message").asText())
        .startsWith("price feed request body would remove 85 of 95 models");
    assertThat(catalogInput()).isEqualTo("0.15");
  }

  @Test
  void aFeedWithoutTheModelARouteIsPricedAsIsAConflict() throws Exception {
    start(
        """
        providers:
          sim: {kind: simulated, catalog_provider: openai}
        models:
          chat:
            deployments:
              - {provider: sim, model: gpt-4o-mini}
        """);
    List<ModelPrice> without =
        bundled().stream().filter(m -> !m.qualifiedId().equals("openai/gpt-4o-mini")).toList();

    AdminClient.Reply r = importing(Feeds.genai(without, NOW, "", "0"), false);

    assertThat(r.status()).as(r.raw().body()).isEqualTo(409);
    assertThat(r.json().at("/error/message").asText())
        .startsWith("models.chat: the deployment sim/gpt-4o-mini is priced as openai/gpt-4o-mini");
    assertThat(dir.resolve("data").resolve(PriceBook.IMPORTED)).doesNotExist();
    assertThat(catalogInput()).isEqualTo("0.15");
  }

  @Test
  void withPricingCatalogSetOnlyADryRunIsAllowed() throws Exception {
    Files.writeString(
        dir.resolve("mine.yaml"),
        """
        format: tollgate-catalog/1
        providers:
          - id: openai
            models:
              - id: gpt-4o-mini
                prices:
                  - {input: 0.15, output: 0.6}
        """);
    start("pricing:\n  catalog: mine.yaml\n");
    List<ModelPrice> mini =
        bundled().stream().filter(m -> m.qualifiedId().equals("openai/gpt-4o-mini")).toList();
    String feed = Feeds.genai(mini, NOW, "openai/gpt-4o-mini", "0.30");

    AdminClient.Reply real = importing(feed, false);
    AdminClient.Reply dry = importing(feed, true);

    assertThat(real.status()).isEqualTo(409);
    assertThat(real.json().at("/error/message").asText()).contains("pricing.catalog");
    assertThat(dry.status()).as(dry.raw().body()).isEqualTo(200);
  }
}

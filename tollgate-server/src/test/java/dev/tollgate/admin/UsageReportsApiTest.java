package dev.tollgate.admin;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tollgate.config.ConfigLoader;
import dev.tollgate.config.TollgateConfig;
import dev.tollgate.ledger.UsageEvent;
import dev.tollgate.server.Gateway;
import dev.tollgate.testkit.FakeClock;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Black-box: a real gateway whose ledger is filled by requests to the simulated provider over three
 * days, then read through {@code /admin/v1/usage}.
 */
class UsageReportsApiTest {

  @TempDir Path dir;

  private final FakeClock clock = FakeClock.at("2026-05-01T10:30:00Z");
  private Gateway gateway;
  private AdminClient http;
  private String admin;
  private final List<UsageEvent> events = new ArrayList<>();

  @BeforeEach
  void start() throws Exception {
    gateway = TestGateways.start(dir, "", clock);
    http = new AdminClient(gateway.port());
    admin = gateway.adminKeySecret().orElseThrow();
    String pay = key("{\"id\":\"pay\",\"user\":\"ana\",\"team\":\"payments\",\"tags\":[\"prod\"]}");
    String search = key("{\"id\":\"search\",\"user\":\"bo\",\"team\":\"search\"}");
    for (int day = 0; day < 3; day++) {
      request(pay, "gpt-4o-mini", "alice");
      request(pay, "gpt-4o", "bob");
      request(search, "gpt-4o-mini", "carol");
      clock.advance(Duration.ofHours(7));
      request(search, "gpt-4o", "carol");
      clock.advance(Duration.ofHours(17));
    }
  }

  @AfterEach
  void stop() {
    if (gateway != null) {
      gateway.close();
    }
  }

  private String key(String body) throws Exception {
    AdminClient.Reply created = http.send("POST", "/admin/v1/keys", admin, body);
    assertThat(created.status()).isEqualTo(201);
    return created.json().get("key").asText();
  }

  private void request(String key, String model, String endUser) throws Exception {
    AdminClient.Reply r =
        http.send(
            "POST",
            "/v1/chat/completions",
            key,
            "{\"model\":\""
                + model
                + "\",\"user\":\""
                + endUser
                + "\",\"max_tokens\":20,\"messages\":[{\"role\":\"user\",\"content\":\"Hi\"}]}");
    assertThat(r.status()).isEqualTo(200);
    String id = r.header("x-tollgate-request-id");
    events.add(gateway.accounting().ledger().event(id).orElseThrow());
  }

  private JsonNode get(String query) throws Exception {
    AdminClient.Reply r = http.send("GET", "/admin/v1/usage" + query, admin, null);
    assertThat(r.status()).as(r.raw().body()).isEqualTo(200);
    return r.json();
  }

  private static BigDecimal usd(UsageEvent e) {
    return e.actualCost().toUsd();
  }

  @Test
  void aReportByModelAndDayEqualsTheSumOfTheRawEvents() throws Exception {
    JsonNode report = get("?group_by=model,day&from=2026-05-01&to=2026-05-04");

    Map<String, BigDecimal> expected = new HashMap<>();
    Map<String, Long> requests = new HashMap<>();
    BigDecimal total = BigDecimal.ZERO;
    for (UsageEvent e : events) {
      String k = e.modelUsed() + "@" + e.time().toString().substring(0, 10) + "T00:00:00Z";
      expected.merge(k, usd(e), BigDecimal::add);
      requests.merge(k, 1L, Long::sum);
      total = total.add(usd(e));
    }
    Map<String, BigDecimal> actual = new HashMap<>();
    Map<String, Long> actualRequests = new HashMap<>();
    for (JsonNode row : report.get("rows")) {
      String k = row.get("model").asText() + "@" + row.get("bucket_start").asText();
      actual.put(k, new BigDecimal(row.get("cost_usd").asText()));
      actualRequests.put(k, row.get("requests").asLong());
    }
    assertThat(report.get("bucket").asText()).isEqualTo("day");
    assertThat(report.get("timezone").asText()).isEqualTo("UTC");
    assertThat(actual).hasSize(6);
    actual.forEach((k, v) -> assertThat(v).as(k).isEqualByComparingTo(expected.get(k)));
    assertThat(actualRequests).isEqualTo(requests);
    assertThat(new BigDecimal(report.at("/totals/cost_usd").asText())).isEqualByComparingTo(total);
    assertThat(report.at("/totals/requests").asLong()).isEqualTo(12);
    assertThat(total.signum()).isPositive();
  }

  @Test
  void aFilterAndATagGroupingCountOnlyTheirEvents() throws Exception {
    JsonNode byTag = get("?group_by=tag,team&since=7d");
    JsonNode payments = get("?team=payments&since=7d");

    BigDecimal pay =
        events.stream()
            .filter(e -> e.who().team().equals("payments"))
            .map(UsageReportsApiTest::usd)
            .reduce(BigDecimal.ZERO, BigDecimal::add);
    assertThat(byTag.get("rows")).hasSize(1);
    assertThat(byTag.at("/rows/0/tag").asText()).isEqualTo("prod");
    assertThat(new BigDecimal(byTag.at("/rows/0/cost_usd").asText())).isEqualByComparingTo(pay);
    assertThat(new BigDecimal(payments.at("/totals/cost_usd").asText())).isEqualByComparingTo(pay);
    assertThat(payments.at("/totals/requests").asLong()).isEqualTo(6);
  }

  @Test
  void theTopSpendersAreRankedByCost() throws Exception {
    AdminClient.Reply top =
        http.send("GET", "/admin/v1/usage/top?by=end_user&n=2&since=30d", admin, null);

    assertThat(top.status()).isEqualTo(200);
    JsonNode rows = top.json().get("rows");
    assertThat(rows).hasSize(2);
    assertThat(rows.get(0).get("rank").asInt()).isEqualTo(1);
    BigDecimal first = new BigDecimal(rows.get(0).get("cost_usd").asText());
    BigDecimal second = new BigDecimal(rows.get(1).get("cost_usd").asText());
    assertThat(first).isGreaterThanOrEqualTo(second);
    BigDecimal carol =
        events.stream()
            .filter(e -> e.who().endUser().equals("carol"))
            .map(UsageReportsApiTest::usd)
            .reduce(BigDecimal.ZERO, BigDecimal::add);
    assertThat(rows.get(0).get("end_user").asText()).isEqualTo("carol");
    assertThat(first).isEqualByComparingTo(carol);
  }

  @Test
  void pagesFollowedByCursorHoldEveryRowOnce() throws Exception {
    JsonNode whole = get("?group_by=key,model,hour&since=7d");
    List<String> paged = new ArrayList<>();
    String cursor = null;
    do {
      JsonNode page =
          get(
              "?group_by=key,model,hour&since=7d&limit=5"
                  + (cursor == null ? "" : "&cursor=" + cursor));
      page.get("rows").forEach(r -> paged.add(r.toString()));
      cursor = page.get("next_cursor").isNull() ? null : page.get("next_cursor").asText();
    } while (cursor != null);

    List<String> all = new ArrayList<>();
    whole.get("rows").forEach(r -> all.add(r.toString()));
    assertThat(all).hasSize(12);
    assertThat(paged).isEqualTo(all);
  }

  @Test
  void badParametersAreA400NamingTheField() throws Exception {
    assertBad("?group_by=colour", "group_by", "colour");
    assertBad("?from=2026-05-03&to=2026-05-01", "from", "before");
    assertBad("?limit=100000", "limit", "1000");
    assertBad("?bucket=fortnight", "bucket", "week");
    assertBad("?since=forever", "since", "7d");
    assertBad("?tz=Europe/Paris", "tz", "UTC");
    assertBad("?colour=red", "colour", "report parameter");
    assertBad("?cursor=nonsense", "cursor", "cursor");
    AdminClient.Reply top = http.send("GET", "/admin/v1/usage/top?n=5", admin, null);
    assertThat(top.status()).isEqualTo(400);
    assertThat(top.json().at("/error/param").asText()).isEqualTo("by");
  }

  @Test
  void aPurgeSoonAfterStartDropsOldDetailButNoDailyReportChanges() throws Exception {
    String daily = "?group_by=model,team,day&from=2026-05-01&to=2026-05-04";
    String before = get(daily).toString();
    String tagged = get("?group_by=tag&bucket=week&from=2026-04-27&to=2026-05-11").toString();
    String firstId = events.getFirst().id();
    gateway.close();

    // 100 days later the events (kept 90 days) and the hourly rollups (kept 1 month) are gone;
    // the daily rollups are not.
    clock.advance(Duration.ofDays(100));
    TollgateConfig config =
        ConfigLoader.load(
                Optional.empty(), Map.of("TOLLGATE_RETENTION_HOURLY_ROLLUPS_MONTHS", "1"), dir)
            .withServer("127.0.0.1", 0)
            .withDataDir(dir.resolve("data"));
    gateway = Gateway.start(config, clock);
    http = new AdminClient(gateway.port());

    // The purge at start runs beside the traffic, right after the gateway listens.
    long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
    String hours = "?bucket=hour&from=2026-05-01&to=2026-05-04";
    while ((gateway.accounting().ledger().event(firstId).isPresent()
            || !get(hours).get("rows").isEmpty())
        && System.nanoTime() < deadline) {
      Thread.sleep(20);
    }
    assertThat(gateway.accounting().ledger().event(firstId)).isEmpty();
    assertThat(get(hours).get("rows")).isEmpty();
    assertThat(get(daily).toString()).isEqualTo(before);
    assertThat(get("?group_by=tag&bucket=week&from=2026-04-27&to=2026-05-11").toString())
        .isEqualTo(tagged);
  }

  @Test
  void theEventExportsHoldEveryEventWithItsExactCost() throws Exception {
    AdminClient.Reply csv = http.send("GET", "/admin/v1/export/events?since=7d", admin, null);
    AdminClient.Reply json =
        http.send("GET", "/admin/v1/export/events?since=7d&format=json", admin, null);

    assertThat(csv.status()).isEqualTo(200);
    assertThat(csv.header("content-type")).startsWith("text/csv");
    List<String> lines = csv.raw().body().lines().toList();
    assertThat(lines).hasSize(1 + events.size());
    List<String> heading = List.of(lines.getFirst().split(","));
    int cost = heading.indexOf("cost_usd");
    BigDecimal sum = BigDecimal.ZERO;
    for (String line : lines.subList(1, lines.size())) {
      sum = sum.add(new BigDecimal(line.split(",", -1)[cost]));
    }
    assertThat(sum).isEqualByComparingTo(total());
    assertThat(json.status()).isEqualTo(200);
    assertThat(json.json()).hasSize(events.size());
    // Events of the same millisecond are in id order; find the first request's by its id.
    JsonNode first = null;
    for (JsonNode e : json.json()) {
      first = e.get("id").asText().equals(events.getFirst().id()) ? e : first;
    }
    assertThat(first).isNotNull();
    assertThat(first.get("tags").get(0).asText()).isEqualTo("prod");
    assertThat(new BigDecimal(first.get("cost_usd").asText()))
        .isEqualByComparingTo(usd(events.getFirst()));
  }

  @Test
  void theFocusExportBillsTheSameTotalPerDay() throws Exception {
    AdminClient.Reply focus =
        http.send("GET", "/admin/v1/export/focus?from=2026-05-01&to=2026-05-04", admin, null);

    assertThat(focus.status()).isEqualTo(200);
    List<String> lines = focus.raw().body().lines().toList();
    List<String> heading = List.of(lines.getFirst().split(","));
    assertThat(heading)
        .contains(
            "BilledCost", "EffectiveCost", "ChargePeriodStart", "ServiceName", "ProviderName");
    BigDecimal billed = BigDecimal.ZERO;
    for (String line : lines.subList(1, lines.size())) {
      String[] cells = line.split(",", -1);
      billed = billed.add(new BigDecimal(cells[heading.indexOf("BilledCost")]));
      assertThat(cells[heading.indexOf("ChargePeriodStart")]).endsWith("T00:00:00Z");
      assertThat(cells[heading.indexOf("BillingCurrency")]).isEqualTo("USD");
    }
    assertThat(billed).isEqualByComparingTo(total());
    // 3 days x (pay: 2 models, search: 2 models).
    assertThat(lines).hasSize(1 + 12);
  }

  @Test
  void aBadExportParameterIsA400NamingIt() throws Exception {
    AdminClient.Reply r = http.send("GET", "/admin/v1/export/events?format=xml", admin, null);
    assertThat(r.status()).isEqualTo(400);
    assertThat(r.json().at("/error/param").asText()).isEqualTo("format");
  }

  @Test
  void anEndUserIsExportedThenAnonymisedWithEveryTotalUnchanged() throws Exception {
    String daily = "?group_by=model,team,key,day&from=2026-05-01&to=2026-05-04";
    String before = get(daily).toString();
    String hourly = get("?group_by=tag,hour&since=7d").toString();

    AdminClient.Reply export = http.send("GET", "/admin/v1/end-users/carol/export", admin, null);
    AdminClient.Reply deleted = http.send("DELETE", "/admin/v1/end-users/carol", admin, null);

    assertThat(export.status()).isEqualTo(200);
    assertThat(export.json()).hasSize(6);
    export.json().forEach(e -> assertThat(e.get("end_user").asText()).isEqualTo("carol"));
    assertThat(deleted.status()).isEqualTo(200);
    assertThat(deleted.json().get("events").asLong()).isEqualTo(6);
    String token = deleted.json().get("anonymised_as").asText();
    assertThat(token).startsWith("anon-");
    assertThat(get(daily).toString()).isEqualTo(before);
    assertThat(get("?group_by=tag,hour&since=7d").toString()).isEqualTo(hourly);
    JsonNode byUser = get("?group_by=end_user&since=7d");
    assertThat(byUser.toString()).doesNotContain("carol").contains(token);
    assertThat(get("?end_user=" + token + "&since=7d").at("/totals/requests").asLong())
        .isEqualTo(6);
    AdminClient.Reply again = http.send("GET", "/admin/v1/end-users/carol/export", admin, null);
    assertThat(again.json()).isEmpty();
    String id =
        events.stream()
            .filter(e -> e.who().endUser().equals("carol"))
            .findFirst()
            .orElseThrow()
            .id();
    assertThat(gateway.accounting().ledger().event(id).orElseThrow().who().endUser())
        .isEqualTo(token);
  }

  @Test
  void eventsWithoutAValueAreGroupedUnderAnEmptyOneByEitherRollup() throws Exception {
    // By project alone: the per-dimension rollups, whose "" row is GLOBAL minus the values.
    JsonNode narrow = get("?group_by=project,day&from=2026-05-01&to=2026-05-04");
    // By project and key: the tuple rollups, which store "" as it is.
    JsonNode wide = get("?group_by=project,key,day&from=2026-05-01&to=2026-05-04");

    assertThat(narrow.get("rows")).hasSize(3);
    long requests = 0;
    for (JsonNode row : narrow.get("rows")) {
      assertThat(row.get("project").asText()).isEmpty();
      requests += row.get("requests").asLong();
    }
    assertThat(requests).isEqualTo(12);
    assertThat(wide.get("rows")).hasSize(6);
    assertThat(narrow.get("totals")).isEqualTo(wide.get("totals"));
  }

  @Test
  void aTeamManagerSeesOnlyItsOwnTeamsUsage() throws Exception {
    AdminClient.Reply token =
        http.send(
            "POST", "/admin/v1/tokens", admin, "{\"role\":\"team-manager\",\"team\":\"search\"}");
    String manager = token.json().get("token").asText();

    AdminClient.Reply own =
        http.send("GET", "/admin/v1/usage?group_by=team&since=7d", manager, null);
    AdminClient.Reply other =
        http.send("GET", "/admin/v1/usage?team=payments&since=7d", manager, null);

    assertThat(own.status()).isEqualTo(200);
    assertThat(own.json().get("rows")).hasSize(1);
    assertThat(own.json().at("/rows/0/team").asText()).isEqualTo("search");
    assertThat(own.json().at("/totals/requests").asLong()).isEqualTo(6);
    assertThat(other.status()).isEqualTo(403);
    assertThat(http.send("GET", "/admin/v1/export/events", manager, null).status()).isEqualTo(403);
  }

  private BigDecimal total() {
    return events.stream().map(UsageReportsApiTest::usd).reduce(BigDecimal.ZERO, BigDecimal::add);
  }

  private void assertBad(String query, String field, String mentions) throws Exception {
    AdminClient.Reply r = http.send("GET", "/admin/v1/usage" + query, admin, null);
    assertThat(r.status()).as(query).isEqualTo(400);
    assertThat(r.json().at("/error/param").asText()).as(query).isEqualTo(field);
    assertThat(r.json().at("/error/message").asText()).as(query).contains(mentions);
  }
}

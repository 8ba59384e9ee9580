package dev.tollgate.admin;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tollgate.server.Gateway;
import dev.tollgate.testkit.FakeClock;
import java.nio.file.Path;
import java.time.Instant;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Black-box: {@code GET /admin/v1/forecast} as the fake clock moves through May 2026 and team ml's
 * spend, recorded at noon each day, goes from $2 a day to $10 a day. Every figure is worked out by
 * hand here.
 */
class BudgetForecastApiTest {

  private static final String YAML =
      """
      budgets:
        daily_usd: 1000
        define:
          - id: team-ml
            scope: team:ml
            limit_usd: 100
            period: monthly
            enforcement: soft
          - id: team-ml-life
            scope: team:ml
            limit_usd: 1000
            period: total
            enforcement: track
      """;

  @TempDir Path dir;

  private final FakeClock clock = FakeClock.at("2026-05-01T00:00:00Z");
  private Gateway gateway;
  private AdminClient http;
  private String admin;

  @BeforeEach
  void start() throws Exception {
    gateway = TestGateways.start(dir, YAML, clock);
    http = new AdminClient(gateway.port());
    admin = gateway.adminKeySecret().orElseThrow();
  }

  @AfterEach
  void stop() {
    gateway.close();
  }

  /** Records {@code usd} for team ml at noon of each day from {@code first} to {@code last}. */
  private void spendDaily(int first, int last, String usd) throws Exception {
    for (int day = first; day <= last; day++) {
      clock.set(Instant.parse("2026-05-%02dT12:00:00Z".formatted(day)));
      TestGateways.record(http, admin, "d" + day, null, "openai", null, usd, "ml");
    }
  }

  private JsonNode forecast(String at, String query) throws Exception {
    clock.set(Instant.parse(at));
    AdminClient.Reply r = http.send("GET", "/admin/v1/forecast" + query, admin, null);
    assertThat(r.status()).as(r.raw().body()).isEqualTo(200);
    return r.json();
  }

  @Test
  void theForecastFollowsTheBurnRateOfTheLastSevenDaysAsTheMonthGoesOn() throws Exception {
    spendDaily(1, 7, "2");

    JsonNode week1 = forecast("2026-05-08T00:00:00Z", "?budget=team-ml").get("data").get(0);

    // $14 in the last 7 days, $2 a day, 24 days left: 14 + 48.
    assertThat(week1.get("spent_usd").asText()).isEqualTo("14.000000000");
    assertThat(week1.get("window_spent_usd").asText()).isEqualTo("14.000000000");
    assertThat(week1.get("burn_rate_usd_per_day").asText()).isEqualTo("2.000000000");
    assertThat(week1.get("projected_usd").asText()).isEqualTo("62.000000000");
    assertThat(week1.get("projected_underrun_usd").asText()).isEqualTo("38.000000000");
    assertThat(week1.get("projected_overrun_usd").asText()).isEqualTo("0.000000000");
    assertThat(week1.get("outlook").asText()).isEqualTo("under_limit");
    assertThat(week1.get("limit_hit_at").isNull()).isTrue();
    assertThat(week1.at("/period/end").asText()).isEqualTo("2026-06-01T00:00:00Z");
    assertThat(week1.at("/window/start").asText()).isEqualTo("2026-05-01T00:00:00Z");
    assertThat(week1.at("/window/hours").asInt()).isEqualTo(168);
    assertThat(week1.get("currency").asText()).isEqualTo("USD");
    assertThat(week1.get("method").asText()).startsWith("linear").contains("last 7 days");

    spendDaily(8, 14, "10");
    JsonNode week2 = forecast("2026-05-15T00:00:00Z", "?budget=team-ml").get("data").get(0);

    // Spent 14 + 70 = $84; $70 in the last 7 days: $10 a day, 17 days left: 84 + 170. The $16
    // left last 1.6 days: 38 hours 24 minutes.
    assertThat(week2.get("projected_usd").asText()).isEqualTo("254.000000000");
    assertThat(week2.get("projected_overrun_usd").asText()).isEqualTo("154.000000000");
    assertThat(week2.get("outlook").asText()).isEqualTo("over_limit");
    assertThat(week2.get("limit_hit_at").asText()).isEqualTo("2026-05-16T14:24:00Z");

    spendDaily(15, 16, "10");
    JsonNode past = forecast("2026-05-17T00:00:00Z", "?budget=team-ml").get("data").get(0);
    assertThat(past.get("outlook").asText()).isEqualTo("exceeded");
    assertThat(past.get("limit_hit_at").isNull()).isTrue();
  }

  @Test
  void aLifetimeBudgetHasNoPeriodEndOnlyTheDateItsLimitIsReached() throws Exception {
    spendDaily(1, 30, "1");

    JsonNode life = forecast("2026-05-31T00:00:00Z", "?budget=team-ml-life").get("data").get(0);

    // $30 over the last 30 days: the $970 left last 970 days.
    assertThat(life.at("/period/end").isNull()).isTrue();
    assertThat(life.get("projected_usd").isNull()).isTrue();
    assertThat(life.get("projected_overrun_usd").isNull()).isTrue();
    assertThat(life.get("limit_hit_at").asText()).isEqualTo("2029-01-25T00:00:00Z");
    assertThat(life.get("method").asText()).contains("lifetime");
  }

  @Test
  void theListIsPagedByBudgetAndFilteredByScope() throws Exception {
    JsonNode first = forecast("2026-05-02T00:00:00Z", "?limit=2");
    assertThat(first.get("has_more").asBoolean()).isTrue();
    assertThat(first.get("data").get(0).get("budget").asText()).isEqualTo("global-daily");
    JsonNode rest =
        forecast("2026-05-02T00:00:00Z", "?limit=2&after=" + first.get("next_cursor").asText());
    assertThat(rest.get("data")).hasSize(1);
    assertThat(rest.get("has_more").asBoolean()).isFalse();

    JsonNode ml = forecast("2026-05-02T00:00:00Z", "?scope=team:ml");
    assertThat(ml.get("data"))
        .extracting(d -> d.get("budget").asText())
        .containsExactly("team-ml", "team-ml-life");

    AdminClient.Reply missing = http.send("GET", "/admin/v1/forecast?budget=nope", admin, null);
    assertThat(missing.status()).isEqualTo(404);
    AdminClient.Reply badScope =
        http.send("GET", "/admin/v1/forecast?scope=planet:mars", admin, null);
    assertThat(badScope.json().at("/error/param").asText()).isEqualTo("scope");
    AdminClient.Reply badLimit = http.send("GET", "/admin/v1/forecast?limit=0", admin, null);
    assertThat(badLimit.json().at("/error/param").asText()).isEqualTo("limit");
  }
}

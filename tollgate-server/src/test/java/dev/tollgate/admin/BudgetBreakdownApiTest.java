package dev.tollgate.admin;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tollgate.server.Gateway;
import dev.tollgate.testkit.FakeClock;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Black-box: a budget's status splits its period's spend by provider and by model, from the ledger,
 * for its scope only; also for a period that starts on a half hour (Asia/Kolkata, UTC+5:30), whose
 * first half hour the hourly rollups cannot split off.
 */
class BudgetBreakdownApiTest {

  private static final String YAML =
      """
      budgets:
        define:
          - id: team-ml
            scope: team:ml
            limit_usd: 100
            period: monthly
            enforcement: track
          - id: ml-kolkata-day
            scope: team:ml
            limit_usd: 100
            period: daily
            zone: Asia/Kolkata
            enforcement: track
      """;

  @TempDir Path dir;

  private final FakeClock clock = FakeClock.at("2026-05-11T12:00:00Z");
  private Gateway gateway;
  private AdminClient http;
  private String admin;

  @BeforeEach
  void start() throws Exception {
    gateway = TestGateways.start(dir, YAML, clock);
    http = new AdminClient(gateway.port());
    admin = gateway.adminKeySecret().orElseThrow();
    // The Kolkata day in force runs from 2026-05-10T18:30Z to 2026-05-11T18:30Z.
    record("a", "2026-05-10T18:00:00Z", "openai", "gpt-4o-mini", "1", "ml");
    record("b", "2026-05-10T18:45:00Z", "openai", "gpt-4o-mini", "2", "ml");
    record("c", "2026-05-11T09:00:00Z", "anthropic", "claude-3-5-haiku", "4", "ml");
    record("d", "2026-05-11T12:00:00Z", "openai", "gpt-4o", "8", "ml");
    record("e", "2026-05-11T10:00:00Z", "openai", "gpt-4o", "16", "search");
  }

  @AfterEach
  void stop() {
    gateway.close();
  }

  private void record(
      String id, String time, String provider, String model, String usd, String team)
      throws Exception {
    TestGateways.record(http, admin, id, time, provider, model, usd, team);
  }

  private JsonNode status(String id) throws Exception {
    return http.send("GET", "/admin/v1/budgets/" + id + "/status", admin, null).json();
  }

  private static Map<String, BigDecimal> amounts(JsonNode split) {
    Map<String, BigDecimal> out = new java.util.TreeMap<>();
    split.properties().forEach(e -> out.put(e.getKey(), new BigDecimal(e.getValue().asText())));
    return out;
  }

  @Test
  void theMonthsSpendIsSplitByProviderAndModelForTheBudgetsScopeOnly() throws Exception {
    JsonNode s = status("team-ml");

    assertThat(s.get("spent_usd").asText()).isEqualTo("15.000000000");
    assertThat(amounts(s.get("by_provider")))
        .isEqualTo(
            Map.of(
                "anthropic",
                new BigDecimal("4.000000000"),
                "openai",
                new BigDecimal("11.000000000")));
    assertThat(amounts(s.get("by_model")))
        .isEqualTo(
            Map.of(
                "claude-3-5-haiku", new BigDecimal("4.000000000"),
                "gpt-4o", new BigDecimal("8.000000000"),
                "gpt-4o-mini", new BigDecimal("3.000000000")));
    assertThat(s.get("adjusted_usd").asText()).isEqualTo("0.000000000");
  }

  @Test
  void aDayStartingOnTheHalfHourIsSplitExactly() throws Exception {
    JsonNode s = status("ml-kolkata-day");

    assertThat(s.at("/period/start").asText()).isEqualTo("2026-05-10T18:30:00Z");
    assertThat(s.get("spent_usd").asText()).isEqualTo("14.000000000");
    assertThat(amounts(s.get("by_model")))
        .isEqualTo(
            Map.of(
                "claude-3-5-haiku", new BigDecimal("4.000000000"),
                "gpt-4o", new BigDecimal("8.000000000"),
                "gpt-4o-mini", new BigDecimal("2.000000000")));
  }

  @Test
  void afterAnAdjustmentSpentIsTheSplitPlusWhatWasAdjusted() throws Exception {
    http.send(
        "POST", "/admin/v1/budgets/team-ml/set-remaining", admin, "{\"remaining_usd\":\"90\"}");

    JsonNode s = status("team-ml");
    JsonNode listed = http.send("GET", "/admin/v1/status?scope=team:ml", admin, null).json();

    assertThat(s.get("spent_usd").asText()).isEqualTo("10.000000000");
    assertThat(s.get("adjusted_usd").asText()).isEqualTo("-5.000000000");
    assertThat(
            amounts(s.get("by_provider")).values().stream()
                .reduce(BigDecimal.ZERO, BigDecimal::add))
        .isEqualByComparingTo("15");
    assertThat(listed.get("data").get(1)).isEqualTo(s);
  }
}

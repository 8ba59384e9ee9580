package dev.tollgate.admin;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tollgate.server.Gateway;
import dev.tollgate.testkit.FakeClock;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Black-box: the exports a page at a time ({@code limit}, {@code cursor}): the list envelope, pages
 * that join up to the whole export, and every wrong parameter a 400 naming it.
 */
class ExportPagesApiTest {

  @TempDir Path dir;

  private final FakeClock clock = FakeClock.at("2026-05-01T10:00:00Z");
  private Gateway gateway;
  private AdminClient http;
  private String admin;

  @BeforeEach
  void start() throws Exception {
    gateway = TestGateways.start(dir, "", clock);
    http = new AdminClient(gateway.port());
    admin = gateway.adminKeySecret().orElseThrow();
    AdminClient.Reply key = http.send("POST", "/admin/v1/keys", admin, "{\"id\":\"k\"}");
    String secret = key.json().get("key").asText();
    // Three requests in the same millisecond, then two later: pages must split equal times.
    for (int i = 0; i < 5; i++) {
      assertThat(http.chat(secret, "gpt-4o-mini").status()).isEqualTo(200);
      if (i >= 2) {
        clock.advance(Duration.ofHours(1));
      }
    }
  }

  @AfterEach
  void stop() {
    gateway.close();
  }

  private JsonNode get(String pathAndQuery) throws Exception {
    AdminClient.Reply r = http.send("GET", "/admin/v1" + pathAndQuery, admin, null);
    assertThat(r.status()).as(r.raw().body()).isEqualTo(200);
    return r.json();
  }

  @Test
  void eventPagesOfTwoJoinUpToTheWholeExportInOrder() throws Exception {
    JsonNode whole = get("/export/events?since=1d&format=json");
    List<JsonNode> joined = new ArrayList<>();
    String cursor = null;
    int pages = 0;
    do {
      JsonNode page =
          get("/export/events?since=1d&limit=2" + (cursor == null ? "" : "&cursor=" + cursor));
      assertThat(page.get("object").asText()).isEqualTo("list");
      assertThat(page.get("columns").get(0).asText()).isEqualTo("id");
      page.get("data").forEach(joined::add);
      assertThat(page.get("has_more").asBoolean()).isEqualTo(!page.get("next_cursor").isNull());
      cursor = page.get("next_cursor").textValue();
      pages++;
    } while (cursor != null);

    assertThat(whole).hasSize(5);
    assertThat(joined).containsExactlyElementsOf(whole);
    assertThat(pages).isEqualTo(3);
  }

  @Test
  void rollupPagesCarryTheirColumnsAndStopWithoutACursor() throws Exception {
    JsonNode first = get("/export/rollups?since=1d&bucket=hour&limit=2");
    JsonNode last = get("/export/rollups?since=1d&bucket=hour&limit=2&cursor=" + cursor(first));

    assertThat(first.get("data")).hasSize(2);
    assertThat(first.get("has_more").asBoolean()).isTrue();
    assertThat(last.get("data")).hasSize(1);
    assertThat(last.get("has_more").asBoolean()).isFalse();
    assertThat(last.get("next_cursor").isNull()).isTrue();
    assertThat(first.get("columns").toString()).startsWith("[\"bucket_start\",\"key\",\"user\"");
    assertThat(first.at("/data/0/requests").asLong()).isEqualTo(3);
  }

  private static String cursor(JsonNode page) {
    return page.get("next_cursor").asText();
  }

  @Test
  void aWrongExportParameterIsA400NamingIt() throws Exception {
    Map<String, String> cases =
        Map.of(
            "/export/events?limit=2&cursor=bm9wZQ",
            "cursor",
            "/export/events?cursor=" + ReportParams.cursor(3),
            "cursor",
            "/export/rollups?cursor=bm9wZQ",
            "cursor",
            "/export/events?limit=0",
            "limit",
            "/export/events?limit=10001",
            "limit",
            "/export/events?limit=5&format=csv",
            "format",
            "/export/rollups?bucket=week",
            "bucket",
            "/export/events?bucket=day",
            "bucket",
            "/export/focus?bucket=day",
            "bucket",
            "/export/focus?colour=red",
            "colour");
    for (Map.Entry<String, String> c : cases.entrySet()) {
      AdminClient.Reply r = http.send("GET", "/admin/v1" + c.getKey(), admin, null);
      assertThat(r.status()).as(c.getKey()).isEqualTo(400);
      assertThat(r.json().at("/error/param").asText()).as(c.getKey()).isEqualTo(c.getValue());
    }
  }
}

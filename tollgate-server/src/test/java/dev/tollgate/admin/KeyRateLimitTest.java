package dev.tollgate.admin;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tollgate.config.ConfigLoader;
import dev.tollgate.config.TollgateConfig;
import dev.tollgate.server.Gateway;
import dev.tollgate.testkit.FakeClock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Black-box: a key's own rpm and tpm, and the per-model buckets of {@code rate_limits.models}. */
class KeyRateLimitTest {

  @TempDir Path dir;

  private final FakeClock clock = FakeClock.at("2026-05-01T12:00:00Z");
  private Gateway gateway;
  private AdminClient http;

  @AfterEach
  void stop() {
    if (gateway != null) {
      gateway.close();
    }
  }

  private void start(String yaml, Map<String, String> env) throws Exception {
    Path file = Files.writeString(dir.resolve("tollgate.yaml"), yaml);
    TollgateConfig config =
        ConfigLoader.load(Optional.of(file), env, dir)
            .withServer("127.0.0.1", 0)
            .withDataDir(dir.resolve("data"));
    gateway = Gateway.start(config, clock);
    http = new AdminClient(gateway.port());
  }

  private String create(String body) throws Exception {
    AdminClient.Reply r =
        http.send("POST", "/admin/v1/keys", gateway.adminKeySecret().orElseThrow(), body);
    assertThat(r.status()).as(r.raw().body()).isEqualTo(201);
    return r.json().get("key").asText();
  }

  @Test
  void aKeysOwnRpmReplacesTheGatewaysAndItsSecondRequestInTheMinuteIsA429() throws Exception {
    start("rate_limits:\n  rpm: 100\n", Map.of());
    String one = create("{\"id\":\"slow\",\"rpm\":1}");

    AdminClient.Reply first = http.chat(one, "gpt-4o-mini");
    AdminClient.Reply second = http.chat(one, "gpt-4o-mini");

    assertThat(first.status()).isEqualTo(200);
    assertThat(first.header("x-ratelimit-limit-requests")).isEqualTo("1");
    assertThat(second.status()).isEqualTo(429);
    assertThat(second.header("retry-after")).isEqualTo("60");
    assertThat(second.header("x-ratelimit-remaining-requests")).isEqualTo("0");
    assertThat(second.json().at("/error/message").asText())
        .startsWith("Rate limit reached for key slow on requests per minute: limit 1,");
    // The demo key keeps the gateway's 100.
    AdminClient.Reply demo = http.chat(gateway.demoKeySecret().orElseThrow(), "gpt-4o-mini");
    assertThat(demo.header("x-ratelimit-limit-requests")).isEqualTo("100");
    // Raised at runtime: the key's buckets are made anew with the new limit.
    http.send(
        "PATCH", "/admin/v1/keys/slow", gateway.adminKeySecret().orElseThrow(), "{\"rpm\":5}");
    assertThat(http.chat(one, "gpt-4o-mini").header("x-ratelimit-limit-requests")).isEqualTo("5");
  }

  @Test
  void aModelsTpmIsABucketPerKeyOnThatModelAndItsRefusalCarriesItsHeaders() throws Exception {
    // Each request takes 9 input + 20 output tokens (max_tokens) and uses 23 of them.
    start("rate_limits:\n  models:\n    gpt-4o: {tpm: 40}\n", Map.of());
    String key = create("{\"id\":\"a\"}");

    AdminClient.Reply first = http.chat(key, "gpt-4o");
    AdminClient.Reply second = http.chat(key, "gpt-4o");

    assertThat(first.status()).isEqualTo(200);
    assertThat(first.header("x-ratelimit-limit-tokens")).isEqualTo("40");
    assertThat(second.status()).isEqualTo(429);
    assertThat(second.header("x-ratelimit-limit-tokens")).isEqualTo("40");
    assertThat(second.header("x-ratelimit-remaining-tokens")).isEqualTo("17");
    assertThat(second.header("retry-after")).isNotNull();
    assertThat(second.json().at("/error/message").asText())
        .startsWith("Rate limit reached for key a on model gpt-4o on tokens per minute: limit 40,");
    // Another model, and another key on the same model, have buckets of their own.
    assertThat(http.chat(key, "gpt-4o-mini").status()).isEqualTo(200);
    assertThat(http.chat(gateway.demoKeySecret().orElseThrow(), "gpt-4o").status()).isEqualTo(200);
    // A minute later the bucket is full again.
    clock.advance(Duration.ofSeconds(60));
    assertThat(http.chat(key, "gpt-4o").status()).isEqualTo(200);
  }

  @Test
  void aWrongModelLimitStopsStartNamingTheField() throws Exception {
    org.assertj.core.api.Assertions.assertThatThrownBy(
            () -> start("rate_limits:\n  models:\n    gpt-4o: {tpm: 0}\n", Map.of()))
        .hasMessageContaining("rate_limits.models.gpt-4o")
        .hasMessageContaining("tpm");
    org.assertj.core.api.Assertions.assertThatThrownBy(
            () -> start("rate_limits:\n  models:\n    gpt-4o: {}\n", Map.of()))
        .hasMessageContaining("give rpm, tpm or both");
  }
}

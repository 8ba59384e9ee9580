package dev.tollgate.admin;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tollgate.config.ConfigLoader;
import dev.tollgate.config.TollgateConfig;
import dev.tollgate.server.Gateway;
import dev.tollgate.testkit.MockAnthropicUpstream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.InstantSource;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A native {@code anthropic} entry whose key variable is not set serves with a credential stored
 * through the admin API, sent as {@code x-api-key}, and the next request carries a replaced one.
 */
class AnthropicCredentialTest {

  private static final Map<String, String> ENV =
      Map.of("TOLLGATE_MASTER_KEY", "test-master-key-0123456789abcdef");

  @TempDir Path dir;

  private final MockAnthropicUpstream mock = MockAnthropicUpstream.start();
  private Gateway gateway;
  private AdminClient http;
  private String admin;

  @AfterEach
  void stop() {
    if (gateway != null) {
      gateway.close();
    }
    mock.close();
  }

  private void start() throws Exception {
    Path file =
        Files.writeString(
            dir.resolve("tollgate.yaml"),
            "providers:\n  anthropic: {api_key_env: TEST_ANTHROPIC_KEY, base_url: \""
                + mock.baseUrl()
                + "\"}\n");
    TollgateConfig config =
        ConfigLoader.load(Optional.of(file), ENV, dir)
            .withServer("127.0.0.1", 0)
            .withDataDir(dir.resolve("data"));
    if (gateway != null) {
      gateway.close();
    }
    gateway = Gateway.start(config, InstantSource.system());
    http = new AdminClient(gateway.port());
    admin = gateway.adminKeySecret().orElse(admin);
  }

  private int put(String apiKey) throws Exception {
    return http.send(
            "PUT",
            "/admin/v1/providers/anthropic/credentials",
            admin,
            "{\"api_key\":\"" + apiKey + "\"}")
        .status();
  }

  @Test
  void aStoredCredentialIsSentAsTheApiKeyAndAReplacedOneFromTheNextRequest() throws Exception {
    start();
    assertThat(put("sk-ant-stored-1111")).isEqualTo(200);
    start();
    String key = http.send("POST", "/admin/v1/keys", admin, "{}").json().get("key").asText();

    assertThat(http.chat(key, "claude-sonnet-4-5").status()).isEqualTo(200);
    assertThat(mock.received().getLast().headers())
        .containsEntry("x-api-key", "sk-ant-stored-1111");

    assertThat(put("sk-ant-replaced-2222")).isEqualTo(200);
    assertThat(http.chat(key, "claude-sonnet-4-5").status()).isEqualTo(200);
    assertThat(mock.received().getLast().headers())
        .containsEntry("x-api-key", "sk-ant-replaced-2222");
  }
}

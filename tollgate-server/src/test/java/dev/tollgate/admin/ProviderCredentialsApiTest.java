package dev.tollgate.admin;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tollgate.config.ConfigLoader;
import dev.tollgate.config.TollgateConfig;
import dev.tollgate.server.Gateway;
import dev.tollgate.testkit.MockOpenAiUpstream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.time.InstantSource;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Black-box: {@code PUT /admin/v1/providers/openai/credentials} in front of {@link
 * MockOpenAiUpstream}, configured with a key variable that is not set.
 */
class ProviderCredentialsApiTest {

  private static final String MASTER = "test-master-key-0123456789abcdef";
  private static final String STORED = "sk-stored-Secret-7777";

  @TempDir Path dir;

  private MockOpenAiUpstream mock;
  private Gateway gateway;
  private AdminClient http;
  private String admin;

  @BeforeEach
  void startMock() {
    mock = MockOpenAiUpstream.start();
  }

  @AfterEach
  void stop() {
    if (gateway != null) {
      gateway.close();
    }
    mock.close();
  }

  private void start(Map<String, String> env) throws Exception {
    Path file =
        Files.writeString(
            dir.resolve("tollgate.yaml"),
            "providers:\n  openai: {api_key_env: TEST_OPENAI_KEY, base_url: \""
                + mock.baseUrl()
                + "\"}\n");
    TollgateConfig config =
        ConfigLoader.load(Optional.of(file), env, dir)
            .withServer("127.0.0.1", 0)
            .withDataDir(dir.resolve("data"));
    if (gateway != null) {
      gateway.close();
    }
    gateway = Gateway.start(config, InstantSource.system());
    http = new AdminClient(gateway.port());
    admin = gateway.adminKeySecret().orElse(admin);
  }

  private AdminClient.Reply put(String apiKey) throws Exception {
    return http.send(
        "PUT", "/admin/v1/providers/openai/credentials", admin, "{\"api_key\":\"" + apiKey + "\"}");
  }

  private String lastAuthorization() {
    return mock.received().getLast().headers().get("authorization");
  }

  @Test
  void aStoredCredentialIsEncryptedAtRestShownByItsLastFourAndSentAsBearer() throws Exception {
    start(Map.of("TOLLGATE_MASTER_KEY", MASTER));

    AdminClient.Reply stored = put(STORED);

    assertThat(stored.status()).isEqualTo(200);
    assertThat(stored.json().at("/stored_credential/set").asBoolean()).isTrue();
    assertThat(stored.json().at("/stored_credential/last4").asText()).isEqualTo("7777");
    assertThat(stored.raw().body()).doesNotContain(STORED);
    AdminClient.Reply shown =
        http.send("GET", "/admin/v1/providers/openai/credentials", admin, null);
    assertThat(shown.raw().body()).doesNotContain(STORED).contains("7777");
    assertThat(storedRow()).doesNotContain(STORED).doesNotContain("Secret");
    for (Path f : dbFiles()) {
      assertThat(new String(Files.readAllBytes(f), StandardCharsets.ISO_8859_1))
          .as(f.toString())
          .doesNotContain(STORED);
    }

    // Not serving before: no key at start. After a restart the entry serves with the stored key.
    start(Map.of("TOLLGATE_MASTER_KEY", MASTER));
    String demo = gateway.demoKeySecret().orElseGet(() -> create());
    assertThat(http.chat(demo, "gpt-4o-mini").status()).isEqualTo(200);
    assertThat(lastAuthorization()).isEqualTo("Bearer " + STORED);

    // Replaced while running: the next request carries the new key, no restart.
    assertThat(put("sk-replaced-0000").status()).isEqualTo(200);
    assertThat(http.chat(demo, "gpt-4o-mini").status()).isEqualTo(200);
    assertThat(lastAuthorization()).isEqualTo("Bearer sk-replaced-0000");
  }

  @Test
  void theKeyVariableWinsOverAStoredCredential() throws Exception {
    Map<String, String> env = new HashMap<>(Map.of("TOLLGATE_MASTER_KEY", MASTER));
    start(env);
    put(STORED);
    env.put("TEST_OPENAI_KEY", "sk-from-env");
    start(env);

    assertThat(http.chat(create(), "gpt-4o-mini").status()).isEqualTo(200);

    assertThat(lastAuthorization()).isEqualTo("Bearer sk-from-env");
    assertThat(
            http.send("GET", "/admin/v1/providers/openai/credentials", admin, null)
                .json()
                .get("key_in_use")
                .asText())
        .isEqualTo("env");
  }

  @Test
  void withoutAMasterKeyACredentialIsRefusedNamingTheVariable() throws Exception {
    start(Map.of());

    AdminClient.Reply refused = put(STORED);

    assertThat(refused.status()).isEqualTo(409);
    assertThat(refused.json().at("/error/message").asText())
        .contains("TOLLGATE_MASTER_KEY is not set");
    assertThat(refused.raw().body()).doesNotContain(STORED);
    assertThat(http.send("PUT", "/admin/v1/providers/nope/credentials", admin, "{}").status())
        .isEqualTo(404);
    assertThat(put("").json().at("/error/param").asText()).isEqualTo("api_key");
  }

  private String create() {
    try {
      AdminClient.Reply r = http.send("POST", "/admin/v1/keys", admin, "{}");
      return r.json().get("key").asText();
    } catch (Exception e) {
      throw new AssertionError(e);
    }
  }

  private String storedRow() throws Exception {
    try (Connection c =
            DriverManager.getConnection(
                "jdbc:sqlite:" + dir.resolve("data").resolve("tollgate.db"));
        ResultSet r =
            c.createStatement()
                .executeQuery("SELECT nonce, ciphertext, last4 FROM provider_credentials")) {
      assertThat(r.next()).isTrue();
      assertThat(r.getBytes(2)).hasSizeGreaterThan(STORED.length());
      return new String(r.getBytes(1), StandardCharsets.ISO_8859_1)
          + new String(r.getBytes(2), StandardCharsets.ISO_8859_1)
          + r.getString(3);
    }
  }

  private java.util.List<Path> dbFiles() throws Exception {
    try (var files = Files.list(dir.resolve("data"))) {
      return files.filter(p -> p.getFileName().toString().startsWith("tollgate.db")).toList();
    }
  }
}

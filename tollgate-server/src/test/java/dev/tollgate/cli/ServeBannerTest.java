package dev.tollgate.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tollgate.config.ConfigLoader;
import dev.tollgate.config.TollgateConfig;
import dev.tollgate.server.Gateway;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.InstantSource;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The banner's providers line: the enabled entries, or the simulated provider; never a key. */
class ServeBannerTest {

  @TempDir Path dir;

  private String banner(String yaml, Map<String, String> env) throws Exception {
    Path file = Files.writeString(dir.resolve("tollgate.yaml"), yaml);
    TollgateConfig config =
        ConfigLoader.load(Optional.of(file), env, dir)
            .withServer("127.0.0.1", 0)
            .withDataDir(dir.resolve("data"));
    StringWriter out = new StringWriter();
    try (Gateway gateway = Gateway.start(config, InstantSource.system())) {
      ServeCommand.printBanner(new PrintWriter(out), config, gateway, Duration.ZERO);
    }
    return out.toString();
  }

  @Test
  void theFirstStartShowsTheAdminKeyTheDemoKeyAndTheFileTheyWereWrittenTo() throws Exception {
    String banner = banner("", Map.of());

    assertThat(banner)
        .containsPattern(
            "  admin key  tga-[A-Za-z0-9_-]{32}  \\(admin API at /admin/v1; shown once")
        .containsPattern("  demo key   tg-[A-Za-z0-9_-]{32}  \\(virtual key; shown once")
        .contains("  keys file  " + dir.resolve("data").resolve("initial-keys.txt"));
    assertThat(banner("", Map.of()))
        .doesNotContain("admin key  tga-")
        .doesNotContain("keys file")
        .contains("  demo key   exists (tg-");
  }

  @Test
  void withoutAKeyTheSimulatedProviderServes() throws Exception {
    assertThat(banner("", Map.of())).contains("  providers  simulated (no provider key set)\n");
  }

  @Test
  void theEnabledProvidersAreListedWithoutTheirKeys() throws Exception {
    String banner =
        banner(
            """
            providers:
              openai: {api_key_env: TEST_OPENAI_KEY}
              groq: {api_key_env: TEST_GROQ_KEY, base_url: "https://api.groq.com/openai/v1"}
              local: {base_url: "http://127.0.0.1:11434/v1", catalog_provider: ollama}
            """,
            Map.of("TEST_OPENAI_KEY", "sk-secret-1"));

    assertThat(banner)
        .contains(
            "  providers  openai (openai, https://api.openai.com/v1),"
                + " local (ollama, http://127.0.0.1:11434/v1)\n")
        .doesNotContain("sk-secret-1")
        .doesNotContain("groq");
  }
}

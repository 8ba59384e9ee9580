package dev.tollgate.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The {@code metrics} section: defaults, the file, the environment, and what is refused. */
class MetricsConfigTest {

  @TempDir Path dir;

  private TollgateConfig load(String yaml, Map<String, String> env) throws IOException {
    Files.writeString(dir.resolve("tollgate.yaml"), yaml);
    return ConfigLoader.load(Optional.empty(), env, dir);
  }

  @Test
  void metricsAreOnWithoutATokenByDefault() throws IOException {
    TollgateConfig config = load("", Map.of());

    assertThat(config.metrics().enabled()).isTrue();
    assertThat(config.metrics().token()).isEmpty();
  }

  @Test
  void theFileTurnsThemOffAndSetsAToken() throws IOException {
    TollgateConfig config =
        load("metrics:\n  enabled: false\n  token: 0123456789abcdef-scrape\n", Map.of());

    assertThat(config.metrics().enabled()).isFalse();
    assertThat(config.metrics().token()).contains("0123456789abcdef-scrape");
  }

  @Test
  void theEnvironmentOverridesTheFile() throws IOException {
    TollgateConfig config =
        load(
            "metrics:\n  enabled: false\n",
            Map.of(
                "TOLLGATE_METRICS_ENABLED", "TRUE", "TOLLGATE_METRICS_TOKEN", "abcdefghijklmnopq"));

    assertThat(config.metrics().enabled()).isTrue();
    assertThat(config.metrics().token()).contains("abcdefghijklmnopq");
  }

  @Test
  void anEnabledFlagThatIsNotABooleanIsRefusedNamingTheField() {
    assertThatThrownBy(() -> load("metrics:\n  enabled: maybe\n", Map.of()))
        .isInstanceOf(ConfigException.class)
        .hasMessage("tollgate.yaml: metrics.enabled: must be true or false, got 'maybe'");
  }

  @Test
  void aShortTokenIsRefusedWithoutPrintingIt() {
    assertThatThrownBy(() -> load("", Map.of("TOLLGATE_METRICS_TOKEN", "secret")))
        .isInstanceOf(ConfigException.class)
        .hasMessage(
            "TOLLGATE_METRICS_TOKEN: must be at least 16 characters without spaces, got 6"
                + " characters")
        .message()
        .doesNotContain("secret");
  }

  @Test
  void aTokenWithASpaceIsRefused() {
    assertThatThrownBy(() -> load("metrics:\n  token: 'abcdefgh ijklmnopq'\n", Map.of()))
        .isInstanceOf(ConfigException.class)
        .hasMessageStartingWith("tollgate.yaml: metrics.token: must be at least 16 characters");
  }

  @Test
  void theConfigurationDoesNotPrintTheToken() throws IOException {
    TollgateConfig config = load("metrics:\n  token: 0123456789abcdef-scrape\n", Map.of());

    assertThat(config.metrics().toString()).doesNotContain("0123456789abcdef");
  }
}

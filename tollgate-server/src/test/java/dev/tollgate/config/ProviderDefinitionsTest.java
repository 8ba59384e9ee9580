package dev.tollgate.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tollgate.config.TollgateConfig.ProviderEntry;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The {@code providers} section: defaults, enabling by key variable, and named failures. */
class ProviderDefinitionsTest {

  @TempDir Path dir;

  private TollgateConfig load(String yaml, Map<String, String> env) throws IOException {
    Files.writeString(dir.resolve("tollgate.yaml"), yaml);
    return ConfigLoader.load(Optional.empty(), env, dir);
  }

  @Test
  void withoutTheSectionTheBuiltInsAreEnabledByTheirKeyVariables() throws IOException {
    TollgateConfig config = load("", Map.of("GROQ_API_KEY", "gsk-1", "OPENAI_API_KEY", ""));

    assertThat(config.providers().entries())
        .extracting(ProviderEntry::name)
        .containsExactly("openai", "anthropic", "groq", "deepseek", "mistral", "xai", "google");
    assertThat(config.providers().enabled())
        .extracting(ProviderEntry::name)
        .containsExactly("groq");
    ProviderEntry groq = config.providers().enabled().getFirst();
    assertThat(groq.baseUrl()).hasToString("https://api.groq.com/openai/v1");
    assertThat(groq.apiKey().orElseThrow().reveal()).isEqualTo("gsk-1");
    assertThat(groq.toString()).doesNotContain("gsk-1");
    assertThat(groq.timeout()).isEqualTo(Duration.ofSeconds(600));
  }

  @Test
  void theBuiltInAnthropicEntryIsNativeAndEnabledByItsKey() throws IOException {
    TollgateConfig config = load("", Map.of("ANTHROPIC_API_KEY", "sk-ant-1"));

    ProviderEntry anthropic = config.providers().enabled().getFirst();
    assertThat(anthropic.name()).isEqualTo("anthropic");
    assertThat(anthropic.kind()).isEqualTo("anthropic");
    assertThat(anthropic.baseUrl()).hasToString("https://api.anthropic.com");
    assertThat(anthropic.catalogProvider()).isEqualTo("anthropic");
  }

  @Test
  void anEntryMayBeOfKindAnthropicAndTheBuiltInNameKeepsItsKind() throws IOException {
    TollgateConfig config =
        load(
            """
            providers:
              anthropic: {api_key_env: TEST_ANTHROPIC_KEY, base_url: "http://127.0.0.1:9/"}
              claude-proxy: {kind: anthropic, base_url: "https://proxy.example", catalog_provider: anthropic}
            """,
            Map.of("TEST_ANTHROPIC_KEY", "sk-ant-1"));

    assertThat(config.providers().entries())
        .extracting(ProviderEntry::kind)
        .containsExactly("anthropic", "anthropic");
    assertThat(config.providers().entries().getFirst().baseUrl()).hasToString("http://127.0.0.1:9");
  }

  @Test
  void theDefaultsEnableNothing() {
    assertThat(TollgateConfig.defaults(dir).providers().enabled()).isEmpty();
  }

  @Test
  void configuredEntriesTakeTheirFieldsAndDefaults() throws IOException {
    TollgateConfig config =
        load(
            """
            providers:
              openai: {api_key_env: TEST_OPENAI_KEY, timeout_seconds: 5}
              local: {base_url: "http://127.0.0.1:11434/v1/", catalog_provider: ollama}
              together: {api_key_env: TOGETHER_KEY, base_url: "https://api.together.xyz/v1"}
            """,
            Map.of("TEST_OPENAI_KEY", "sk-test"));

    ProviderEntry openai = config.providers().entries().get(0);
    assertThat(openai.baseUrl()).hasToString("https://api.openai.com/v1");
    assertThat(openai.catalogProvider()).isEqualTo("openai");
    assertThat(openai.timeout()).isEqualTo(Duration.ofSeconds(5));
    ProviderEntry local = config.providers().entries().get(1);
    assertThat(local.baseUrl()).hasToString("http://127.0.0.1:11434/v1");
    assertThat(local.catalogProvider()).isEqualTo("ollama");
    assertThat(local.enabled()).isTrue();
    assertThat(config.providers().enabled())
        .extracting(ProviderEntry::name)
        .containsExactly("openai", "local");
    assertThat(config.providers().keyVariableFor("together")).isEqualTo("TOGETHER_KEY");
    assertThat(config.providers().keyVariableFor("anthropic")).isEqualTo("ANTHROPIC_API_KEY");
    assertThat(config.providers().keyVariableFor("google")).isEqualTo("GEMINI_API_KEY");
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "{openai: {base_url: 'ftp://x'}}|tollgate.yaml: providers.openai.base_url: must be an"
            + " absolute http or https URL, got 'ftp://x'",
        "{acme: {api_key_env: ACME_KEY}}|tollgate.yaml: providers.acme.base_url: is required",
        "{openai: {api_key_env: 'sk-proj-abc123'}}|tollgate.yaml: providers.openai.api_key_env:"
            + " must be the NAME",
        "{openai: {timeout_seconds: 0}}|tollgate.yaml: providers.openai.timeout_seconds: must be"
            + " between 1 and 86400, got 0",
        "{openai: {kind: azure}}|tollgate.yaml: providers.openai.kind: must be one of openai-compatible, anthropic",
        "{openai: {base_ur: 'http://x'}}|tollgate.yaml: providers.openai.base_ur: unknown key",
        "{Open AI: {}}|tollgate.yaml: providers.Open AI: the name must be",
        "[openai]|tollgate.yaml: providers: must be a mapping",
      })
  void eachBadEntryIsRejectedNamingTheField(String section, String message) {
    assertThatThrownBy(() -> load("providers: " + section + "\n", Map.of()))
        .isInstanceOf(ConfigException.class)
        .hasMessageStartingWith(message)
        .hasMessageNotContaining("abc123");
  }
}

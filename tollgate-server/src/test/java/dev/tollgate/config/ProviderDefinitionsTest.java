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
        .containsExactly(
            "openai",
            "anthropic",
            "groq",
            "deepseek",
            "mistral",
            "xai",
            "together",
            "openrouter",
            "google");
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

  @Test
  void togetherAndOpenRouterAreBuiltIn() throws IOException {
    TollgateConfig config =
        load("", Map.of("TOGETHER_API_KEY", "tg-1", "OPENROUTER_API_KEY", "or-1"));

    assertThat(config.providers().enabled())
        .extracting(ProviderEntry::name, e -> e.baseUrl().toString(), ProviderEntry::responses)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple("together", "https://api.together.xyz/v1", false),
            org.assertj.core.groups.Tuple.tuple(
                "openrouter", "https://openrouter.ai/api/v1", false));
  }

  @Test
  void anAzureEntryTakesItsApiVersionDeploymentsAndOpenAisCatalog() throws IOException {
    TollgateConfig config =
        load(
            """
            providers:
              azure:
                kind: azure-openai
                base_url: https://acme.openai.azure.com/
                api_version: "2024-10-21"
                deployments: {gpt-4o: acme-gpt4o-prod}
              plain-azure: {kind: azure-openai, base_url: "https://b.openai.azure.com"}
              openai: {}
              groq: {responses: true}
            """,
            Map.of("AZURE_OPENAI_API_KEY", "az-1"));

    ProviderEntry azure = config.providers().entries().get(0);
    assertThat(azure.kind()).isEqualTo("azure-openai");
    assertThat(azure.baseUrl()).hasToString("https://acme.openai.azure.com");
    assertThat(azure.apiVersion()).isEqualTo("2024-10-21");
    assertThat(azure.apiKeyEnv()).contains("AZURE_OPENAI_API_KEY");
    assertThat(azure.apiKey().orElseThrow().reveal()).isEqualTo("az-1");
    assertThat(azure.catalogProvider()).isEqualTo("openai");
    assertThat(azure.deployment("gpt-4o")).isEqualTo("acme-gpt4o-prod");
    assertThat(azure.deployment("gpt-4o-mini")).isEqualTo("gpt-4o-mini");
    assertThat(azure.responses()).isTrue();
    ProviderEntry plain = config.providers().entries().get(1);
    assertThat(plain.apiVersion()).isEqualTo("2025-04-01-preview");
    assertThat(plain.deployments()).isEmpty();
    assertThat(config.providers().entries().get(2).responses()).isTrue();
    assertThat(config.providers().entries().get(2).apiVersion()).isEmpty();
    assertThat(config.providers().entries().get(3).responses()).isTrue();
  }

  @Test
  void aSimulatedEntryNeedsNoKeyAndTakesItsBehaviour() throws IOException {
    TollgateConfig config =
        load(
            """
            providers:
              sim:
                kind: simulated
                catalog_provider: openai
                latency_ms: 20
                chunk_delay_ms: 5
                completion_tokens: 100
                stream_chunks: 10
                cache_read_tokens: 1000
                cache_write_tokens: 200
                error_status: 429
                retry_after_seconds: 3
                fail_rate: 0.25
                cut_after_chunks: 4
              plain: {kind: simulated, catalog_provider: anthropic}
            """,
            Map.of());

    ProviderEntry sim = config.providers().enabled().getFirst();
    assertThat(sim.isSimulated()).isTrue();
    assertThat(sim.catalogProvider()).isEqualTo("openai");
    assertThat(sim.simulated())
        .isEqualTo(
            new dev.tollgate.provider.simulated.SimulatedOptions(
                20, 5, java.util.OptionalLong.of(100), 10, 1000, 200, 429, 3, 0, 0.25, false, 4));
    assertThat(config.providers().enabled().get(1).simulated())
        .isEqualTo(dev.tollgate.provider.simulated.SimulatedOptions.DEFAULT);
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
        "{openai: {kind: azure}}|tollgate.yaml: providers.openai.kind: must be one of"
            + " openai-compatible, azure-openai, anthropic, simulated, got 'azure'",
        "{groq: {api_version: '2024-10-21'}}|tollgate.yaml: providers.groq.api_version: is only"
            + " for kind: azure-openai",
        "{groq: {deployments: {a: b}}}|tollgate.yaml: providers.groq.deployments: is only for"
            + " kind: azure-openai",
        "{az: {kind: azure-openai}}|tollgate.yaml: providers.az.base_url: is required",
        "{az: {kind: azure-openai, base_url: 'https://r.openai.azure.com', deployments: [a]}}"
            + "|tollgate.yaml: providers.az.deployments: must be a mapping",
        "{az: {kind: azure-openai, base_url: 'https://r.openai.azure.com', deployments: {a: ''}}}"
            + "|tollgate.yaml: providers.az.deployments.a: must be a non-empty single value",
        "{openai: {responses: 'yes'}}|tollgate.yaml: providers.openai.responses: must be true or"
            + " false",
        "{openai: {base_ur: 'http://x'}}|tollgate.yaml: providers.openai.base_ur: unknown key",
        "{sim: {kind: simulated, latency_ms: -5}}|tollgate.yaml: providers.sim.latency_ms: must"
            + " be at least 0, got -5",
        "{sim: {kind: simulated, error_status: 200}}|tollgate.yaml: providers.sim.error_status:"
            + " must be an HTTP error status",
        "{sim: {kind: simulated, fail_rate: 2}}|tollgate.yaml: providers.sim.fail_rate: must be"
            + " from 0 to 1",
        "{sim: {kind: simulated, malformed: 'yes'}}|tollgate.yaml: providers.sim.malformed: must"
            + " be true or false",
        "{sim: {kind: simulated, base_url: 'http://x'}}|tollgate.yaml: providers.sim.base_url:"
            + " unknown key",
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

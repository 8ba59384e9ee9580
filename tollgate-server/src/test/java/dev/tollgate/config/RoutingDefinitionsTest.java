package dev.tollgate.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tollgate.config.Routing.Alias;
import dev.tollgate.config.Routing.Cheapest;
import dev.tollgate.config.Routing.Deployment;
import dev.tollgate.config.Routing.Deployments;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The {@code routing} and {@code models} sections: values, defaults, and failures naming fields.
 */
class RoutingDefinitionsTest {

  @TempDir Path dir;

  private static final String PROVIDERS =
      """
      providers:
        openai: {api_key_env: TEST_OPENAI_KEY}
        azure-east: {base_url: "http://127.0.0.1:9/v1", catalog_provider: openai}
      """;

  private TollgateConfig load(String yaml, Map<String, String> env) throws IOException {
    Files.writeString(dir.resolve("tollgate.yaml"), PROVIDERS + yaml);
    return ConfigLoader.load(Optional.empty(), env, dir);
  }

  private TollgateConfig load(String yaml) throws IOException {
    return load(yaml, Map.of());
  }

  @Test
  void withoutTheSectionsTheDefaultsApplyAndNoModelIsListed() throws IOException {
    Routing routing = load("").routing();

    assertThat(routing).isEqualTo(Routing.defaults());
    assertThat(routing.retries()).isEqualTo(2);
    assertThat(routing.backoffInitial()).isEqualTo(Duration.ofMillis(100));
    assertThat(routing.backoffMax()).isEqualTo(Duration.ofSeconds(2));
    assertThat(routing.breakerFailures()).isEqualTo(5);
    assertThat(routing.breakerOpen()).isEqualTo(Duration.ofSeconds(30));
  }

  @Test
  void theDocumentedExampleIsReadAsWritten() throws IOException {
    Routing routing =
        load("""
                models:
                  gpt-4o:
                    deployments:
                      - {provider: openai, model: gpt-4o}
                      - {provider: azure-east, model: my-gpt4o, price: gpt-4o}
                    fallbacks: [claude-sonnet-4-5, gpt-4o-mini]
                  smart: {alias: gpt-4o}
                  cheap-vision: {cheapest: {min_context: 100000, tools: true, vision: true}}
                routing:
                  retries: 3
                  backoff: {initial_ms: 10, max_ms: 500}
                  circuit_breaker: {failures: 4, open_seconds: 60}
                """)
            .routing();

    assertThat(routing.retries()).isEqualTo(3);
    assertThat(routing.backoffInitial()).isEqualTo(Duration.ofMillis(10));
    assertThat(routing.backoffMax()).isEqualTo(Duration.ofMillis(500));
    assertThat(routing.breakerFailures()).isEqualTo(4);
    assertThat(routing.breakerOpen()).isEqualTo(Duration.ofSeconds(60));
    assertThat(routing.models())
        .containsEntry(
            "gpt-4o",
            new Deployments(
                List.of(
                    new Deployment("openai", "gpt-4o", Optional.empty()),
                    new Deployment("azure-east", "my-gpt4o", Optional.of("gpt-4o"))),
                List.of("claude-sonnet-4-5", "gpt-4o-mini")))
        .containsEntry("smart", new Alias("gpt-4o"))
        .containsEntry("cheap-vision", new Cheapest(100_000, true, true));
  }

  @Test
  void theEnvironmentOverridesTheRetries() throws IOException {
    assertThat(load("routing: {retries: 1}", Map.of("TOLLGATE_ROUTING_RETRIES", "0")).routing())
        .extracting(Routing::retries)
        .isEqualTo(0);
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      textBlock =
          """
          models: {m: {deployments: [{provider: nowhere, model: x}]}}        | models.m.deployments[0].provider: no providers entry named 'nowhere'
          models: {m: {deployments: []}}                                    | models.m.deployments: must be a non-empty list
          models: {m: {deployments: [{provider: openai}]}}                  | models.m.deployments[0].model: is required
          models: {m: {deployments: [{provider: openai, model: x, cost: 1}]}} | models.m.deployments[0].cost: unknown key
          models: {m: {}}                                                   | models.m: must have exactly one of deployments, alias or cheapest
          models: {m: {alias: a, cheapest: {}}}                             | models.m: must have exactly one of deployments, alias or cheapest
          models: {a: {alias: b}, b: {alias: c}, c: {alias: a}}             | models.a.alias: the aliases loop: a -> b -> c -> a
          models: {a: {alias: a}}                                           | models.a.alias: the aliases loop: a -> a
          models: {m: {cheapest: {min_context: -1}}}                        | models.m.cheapest.min_context: must be 0 or more
          models: {m: {cheapest: {vision: yes please}}}                     | models.m.cheapest.vision: must be true or false
          routing: {retries: 11}                                            | routing.retries: must be between 0 and 10, got 11
          routing: {backoff: {initial_ms: 500, max_ms: 100}}                | routing.backoff.max_ms: must be at least initial_ms (500)
          routing: {backoff: {initial_ms: 0}}                               | routing.backoff.initial_ms: must be between 1 and 600000
          routing: {circuit_breaker: {failures: 0}}                         | routing.circuit_breaker.failures: must be between 1 and 1000
          routing: {circuit_breaker: {open_seconds: 0}}                     | routing.circuit_breaker.open_seconds: must be between 1 and 86400
          routing: {retry: 2}                                               | routing.retry: unknown key
          """)
  void aWrongValueFailsStartNamingTheField(String yaml, String message) {
    assertThatThrownBy(() -> load(yaml))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("tollgate.yaml: " + message);
  }

  @Test
  void aWrongRetriesVariableIsNamed() {
    assertThatThrownBy(() -> load("", Map.of("TOLLGATE_ROUTING_RETRIES", "many")))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("TOLLGATE_ROUTING_RETRIES");
  }
}

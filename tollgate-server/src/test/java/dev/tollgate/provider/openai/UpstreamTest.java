package dev.tollgate.provider.openai;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tollgate.config.ConfigLoader;
import dev.tollgate.config.TollgateConfig.ProviderEntry;
import dev.tollgate.provider.openai.Upstream.Endpoint;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Where an entry's requests go, and with which key header. */
class UpstreamTest {

  @TempDir Path dir;

  private ProviderEntry entry(String yaml) throws Exception {
    Path file = Files.writeString(dir.resolve("tollgate.yaml"), "providers:\n  p: " + yaml + "\n");
    return ConfigLoader.load(Optional.of(file), Map.of("K", "secret"), dir)
        .providers()
        .entries()
        .getFirst();
  }

  @Test
  void anOpenAiCompatibleEntryAppendsThePathAndSendsABearerKeyWithoutTheCatalogPrefix()
      throws Exception {
    Upstream upstream =
        new Upstream(
            entry("{base_url: 'https://x.test/v1', api_key_env: K, catalog_provider: openai}"));

    assertThat(upstream.model("openai/gpt-4o")).isEqualTo("gpt-4o");
    assertThat(upstream.url(Endpoint.EMBEDDINGS, "gpt-4o"))
        .isEqualTo("https://x.test/v1/embeddings");
    assertThat(upstream.keyHeader()).isEqualTo("authorization");
    assertThat(upstream.keyValue()).isEqualTo("Bearer secret");
  }

  @Test
  void anAzureEntryAddressesTheDeploymentEncodedWithItsApiVersionAndAnApiKeyHeader()
      throws Exception {
    Upstream upstream =
        new Upstream(
            entry(
                "{kind: azure-openai, base_url: 'https://r.openai.azure.com', api_key_env: K,"
                    + " deployments: {gpt-4o: 'prod 4o/eu'}}"));

    String deployment = upstream.model("openai/gpt-4o");
    assertThat(deployment).isEqualTo("prod 4o/eu");
    assertThat(upstream.url(Endpoint.CHAT, deployment))
        .isEqualTo(
            "https://r.openai.azure.com/openai/deployments/prod%204o%2Feu/chat/completions"
                + "?api-version=2025-04-01-preview");
    assertThat(upstream.url(Endpoint.RESPONSES, deployment))
        .isEqualTo("https://r.openai.azure.com/openai/responses?api-version=2025-04-01-preview");
    assertThat(upstream.model("gpt-4o-mini")).isEqualTo("gpt-4o-mini");
    assertThat(upstream.keyHeader()).isEqualTo("api-key");
    assertThat(upstream.keyValue()).isEqualTo("secret");
  }
}

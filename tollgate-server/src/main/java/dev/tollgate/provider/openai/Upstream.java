package dev.tollgate.provider.openai;

import dev.tollgate.config.TollgateConfig.ProviderEntry;
import dev.tollgate.credentials.ProviderCredentials;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;

/**
 * Where an entry's requests go and how they authenticate. An {@code openai-compatible} entry
 * appends the endpoint's path to {@code base_url} and sends {@code Authorization: Bearer <key>}. An
 * {@code azure-openai} entry sends {@code api-key: <key>} and addresses the model's deployment as
 * Azure documents it: {@code {base}/openai/deployments/{deployment}/chat/completions} (likewise
 * {@code /completions} and {@code /embeddings}), and {@code {base}/openai/responses} with the
 * deployment as the body's {@code model}; each with {@code ?api-version=}.
 */
final class Upstream {

  /** The OpenAI endpoints an entry can serve, by their path under {@code /v1}. */
  enum Endpoint {
    CHAT("/chat/completions"),
    COMPLETIONS("/completions"),
    EMBEDDINGS("/embeddings"),
    RESPONSES("/responses");

    final String path;

    Endpoint(String path) {
      this.path = path;
    }
  }

  private final ProviderEntry entry;
  private final boolean azure;
  private final String prefix;
  private final String keyHeader;
  private final String keyValue;
  private final ProviderCredentials stored;

  Upstream(ProviderEntry entry) {
    this(entry, ProviderCredentials.none());
  }

  Upstream(ProviderEntry entry, ProviderCredentials stored) {
    this.entry = entry;
    this.stored = stored;
    this.azure = entry.kind().equals("azure-openai");
    this.prefix = entry.catalogProvider() + "/";
    this.keyHeader = azure ? "api-key" : "authorization";
    this.keyValue =
        entry.apiKey().map(k -> azure ? k.reveal() : "Bearer " + k.reveal()).orElse(null);
  }

  /** The header that carries the key; its value is {@link #keyValue()}. */
  String keyHeader() {
    return keyHeader;
  }

  /**
   * The key header's value, or null when there is no key: the key variable's if set, else the
   * credential stored through the admin API, read per request so that one stored or replaced while
   * running is used at once.
   */
  String keyValue() {
    if (keyValue != null) {
      return keyValue;
    }
    return stored.current(entry.name()).map(k -> azure ? k : "Bearer " + k).orElse(null);
  }

  /**
   * The model name the upstream knows {@code model} by: without the entry's {@code
   * catalog_provider/} prefix, and for Azure the deployment configured for it.
   */
  String model(String model) {
    String bare = model.startsWith(prefix) ? model.substring(prefix.length()) : model;
    return azure ? entry.deployment(bare) : bare;
  }

  /** The absolute URL of {@code endpoint} for {@code model} (as {@link #model} names it). */
  String url(Endpoint endpoint, String model) {
    if (!azure) {
      return entry.baseUrl() + endpoint.path;
    }
    String version =
        "?api-version=" + URLEncoder.encode(entry.apiVersion(), StandardCharsets.UTF_8);
    if (endpoint == Endpoint.RESPONSES) {
      return entry.baseUrl() + "/openai/responses" + version;
    }
    String deployment = URLEncoder.encode(model, StandardCharsets.UTF_8).replace("+", "%20");
    return entry.baseUrl() + "/openai/deployments/" + deployment + endpoint.path + version;
  }
}

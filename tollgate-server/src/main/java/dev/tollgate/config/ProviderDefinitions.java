package dev.tollgate.config;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tollgate.config.TollgateConfig.ProviderEntry;
import dev.tollgate.provider.simulated.SimulatedOptions;
import java.math.BigDecimal;
import java.net.URI;
import java.net.URISyntaxException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.regex.Pattern;

/**
 * Turns the {@code providers} section into {@link ProviderEntry} records, or, when the section is
 * absent, the built-in entries. An {@code azure-openai} entry defaults to {@code api_key_env:
 * AZURE_OPENAI_API_KEY}, {@code catalog_provider: openai} and {@value #DEFAULT_AZURE_API_VERSION};
 * {@code api_version} and {@code deployments} belong to that kind only. An entry with {@code
 * api_key_env} is enabled only if that variable is set (and not empty); an entry without one (a
 * local server) is always enabled. Every failure names {@code providers.<name>.<field>}.
 */
final class ProviderDefinitions {

  /** OpenAI's wire format at {@code base_url}, with a bearer key. */
  static final String OPENAI_COMPATIBLE = "openai-compatible";

  /** Azure OpenAI: OpenAI's wire format under per-model deployments, with an {@code api-key}. */
  static final String AZURE_OPENAI = "azure-openai";

  /**
   * The {@code api-version} an Azure entry uses unless it names one: the first that serves chat
   * completions, completions, embeddings and the Responses API alike.
   */
  static final String DEFAULT_AZURE_API_VERSION = "2025-04-01-preview";

  /**
   * Anthropic's Messages API at {@code base_url}{@code /v1/messages}, with an {@code x-api-key}.
   */
  static final String ANTHROPIC = "anthropic";

  /** The kinds an entry may have. */
  private static final List<String> KINDS =
      List.of(OPENAI_COMPATIBLE, AZURE_OPENAI, ANTHROPIC, ProviderEntry.SIMULATED);

  /** Where a {@code simulated} entry "is": inside the gateway. */
  static final URI IN_PROCESS = URI.create("simulated://in-process");

  /** Seconds an upstream may stay silent before the request fails with 504. */
  static final int DEFAULT_TIMEOUT_SECONDS = 600;

  private static final Pattern NAME = Pattern.compile("[a-z0-9][a-z0-9_-]*");
  private static final Pattern VARIABLE = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");

  /** A built-in entry: its key variable, base URL and kind. */
  private record BuiltIn(String name, String keyVariable, String baseUrl, String kind) {
    BuiltIn(String name, String keyVariable, String baseUrl) {
      this(name, keyVariable, baseUrl, OPENAI_COMPATIBLE);
    }
  }

  private static final List<BuiltIn> BUILT_IN =
      List.of(
          new BuiltIn("openai", "OPENAI_API_KEY", "https://api.openai.com/v1"),
          new BuiltIn("anthropic", "ANTHROPIC_API_KEY", "https://api.anthropic.com", ANTHROPIC),
          new BuiltIn("groq", "GROQ_API_KEY", "https://api.groq.com/openai/v1"),
          new BuiltIn("deepseek", "DEEPSEEK_API_KEY", "https://api.deepseek.com/v1"),
          new BuiltIn("mistral", "MISTRAL_API_KEY", "https://api.mistral.ai/v1"),
          new BuiltIn("xai", "XAI_API_KEY", "https://api.x.ai/v1"),
          new BuiltIn("together", "TOGETHER_API_KEY", "https://api.together.xyz/v1"),
          new BuiltIn("openrouter", "OPENROUTER_API_KEY", "https://openrouter.ai/api/v1"),
          new BuiltIn(
              "google",
              "GEMINI_API_KEY",
              "https://generativelanguage.googleapis.com/v1beta/openai"));

  private ProviderDefinitions() {}

  /** The key variable an operator would set for {@code catalogProvider}, by convention. */
  static String conventionalVariable(String catalogProvider) {
    return builtIn(catalogProvider)
        .map(BuiltIn::keyVariable)
        .orElse(catalogProvider.toUpperCase(Locale.ROOT).replace('-', '_') + "_API_KEY");
  }

  /**
   * The entries of {@code section} (null when the file has none), in the file's order.
   *
   * @param display how messages name the file
   * @throws ConfigException naming the entry and field that is wrong
   */
  static List<ProviderEntry> parse(JsonNode section, Map<String, String> env, String display) {
    List<ProviderEntry> entries = new ArrayList<>();
    if (section == null) {
      for (BuiltIn b : BUILT_IN) {
        entries.add(
            new ProviderEntry(
                b.name(),
                b.kind(),
                URI.create(b.baseUrl()),
                Optional.of(b.keyVariable()),
                key(b.keyVariable(), env),
                b.name(),
                Duration.ofSeconds(DEFAULT_TIMEOUT_SECONDS),
                "",
                Map.of(),
                b.name().equals("openai")));
      }
      return List.copyOf(entries);
    }
    if (!section.isObject()) {
      throw new ConfigException(
          display + ": providers: must be a mapping of provider names to their settings");
    }
    section
        .properties()
        .forEach(e -> entries.add(entry(display + ": providers." + e.getKey(), e, env)));
    return List.copyOf(entries);
  }

  private static ProviderEntry entry(
      String where, Map.Entry<String, JsonNode> e, Map<String, String> env) {
    String name = e.getKey();
    if (!NAME.matcher(name).matches()) {
      throw new ConfigException(
          where + ": the name must be lower-case letters, digits, '-' or '_'");
    }
    Fields f = new Fields(where, e.getValue());
    Optional<BuiltIn> builtIn = builtIn(name);
    String kind = f.text("kind", builtIn.map(BuiltIn::kind).orElse(OPENAI_COMPATIBLE));
    if (kind.equals(ProviderEntry.SIMULATED)) {
      return simulated(f, name);
    }
    boolean azure = kind.equals(AZURE_OPENAI);
    if (!KINDS.contains(kind)) {
      throw f.fail("kind", "must be one of " + String.join(", ", KINDS) + ", got '" + kind + "'");
    }
    String url = f.text("base_url", builtIn.map(BuiltIn::baseUrl).orElse(null));
    URI baseUrl = baseUrl(f, url);
    Optional<String> variable =
        variable(f, builtIn.map(BuiltIn::keyVariable).orElse(azure ? "AZURE_OPENAI_API_KEY" : ""));
    // Azure serves OpenAI's models at OpenAI's list prices (standard deployments).
    String catalogProvider = f.text("catalog_provider", azure ? "openai" : name);
    if (catalogProvider.isBlank()) {
      throw f.fail("catalog_provider", "must not be empty");
    }
    int timeout = f.integer("timeout_seconds").orElse(DEFAULT_TIMEOUT_SECONDS);
    if (timeout < 1 || timeout > 86_400) {
      throw f.fail("timeout_seconds", "must be between 1 and 86400, got " + timeout);
    }
    String apiVersion = apiVersion(f, azure);
    Map<String, String> deployments = f.textMap("deployments").orElse(Map.of());
    if (!azure && !deployments.isEmpty()) {
      throw f.fail("deployments", "is only for kind: " + AZURE_OPENAI);
    }
    boolean official = name.equals("openai") || "api.openai.com".equals(baseUrl.getHost());
    boolean responses = f.bool("responses").orElse(azure || official);
    f.rejectUnknown();
    return new ProviderEntry(
        name,
        kind,
        baseUrl,
        variable,
        variable.flatMap(v -> key(v, env)),
        catalogProvider,
        Duration.ofSeconds(timeout),
        apiVersion,
        deployments,
        responses);
  }

  /** The {@code api_key_env} of an entry, if any, checked to be a variable's name. */
  private static Optional<String> variable(Fields f, String fallback) {
    Optional<String> variable =
        Optional.ofNullable(f.text("api_key_env", fallback)).filter(v -> !v.isBlank());
    if (variable.isPresent() && !VARIABLE.matcher(variable.get()).matches()) {
      // Someone pasted the key itself: say so without echoing it.
      throw f.fail(
          "api_key_env",
          "must be the NAME of the environment variable that holds the key (e.g."
              + " OPENAI_API_KEY), never the key itself");
    }
    return variable;
  }

  /** Azure's {@code api-version}, defaulted; "" for other kinds, which may not set one. */
  private static String apiVersion(Fields f, boolean azure) {
    String version = f.text("api_version", azure ? DEFAULT_AZURE_API_VERSION : "").strip();
    if (!azure && !version.isEmpty()) {
      throw f.fail("api_version", "is only for kind: " + AZURE_OPENAI);
    }
    if (azure && version.isEmpty()) {
      throw f.fail("api_version", "must not be empty");
    }
    return version;
  }

  /**
   * A {@code simulated} entry: no URL and no key, only its catalog provider and behaviour. A field
   * it does not read (base_url, api_key_env, …) is refused as unknown.
   */
  private static ProviderEntry simulated(Fields f, String name) {
    String catalogProvider = f.text("catalog_provider", name);
    if (catalogProvider.isBlank()) {
      throw f.fail("catalog_provider", "must not be empty");
    }
    SimulatedOptions d = SimulatedOptions.DEFAULT;
    SimulatedOptions options;
    try {
      options =
          new SimulatedOptions(
              f.integer("latency_ms").orElse(0),
              f.integer("chunk_delay_ms").orElse(0),
              f.integer("completion_tokens")
                  .map(t -> OptionalLong.of(t))
                  .orElse(OptionalLong.empty()),
              f.integer("stream_chunks").orElse(d.streamChunks()),
              f.integer("cache_read_tokens").orElse(0),
              f.integer("cache_write_tokens").orElse(0),
              f.integer("error_status").orElse(0),
              f.integer("retry_after_seconds").orElse(0),
              f.integer("fail_every").orElse(0),
              f.decimal("fail_rate").map(BigDecimal::doubleValue).orElse(0.0),
              f.bool("malformed").orElse(false),
              f.integer("cut_after_chunks").orElse(-1));
    } catch (IllegalArgumentException e) {
      // The record names the field first: "latency_ms must be at least 0, got -1".
      String message = e.getMessage();
      int space = message.indexOf(' ');
      throw f.fail(message.substring(0, space), message.substring(space + 1));
    }
    f.rejectUnknown();
    return new ProviderEntry(
        name,
        ProviderEntry.SIMULATED,
        IN_PROCESS,
        Optional.empty(),
        Optional.empty(),
        catalogProvider,
        Duration.ofSeconds(DEFAULT_TIMEOUT_SECONDS),
        "",
        Map.of(),
        false,
        options);
  }

  private static URI baseUrl(Fields f, String url) {
    try {
      URI uri = new URI(url.strip());
      String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
      if (!(scheme.equals("http") || scheme.equals("https")) || uri.getHost() == null) {
        throw f.fail("base_url", "must be an absolute http or https URL, got '" + url + "'");
      }
      String text = uri.toString();
      return URI.create(text.endsWith("/") ? text.substring(0, text.length() - 1) : text);
    } catch (URISyntaxException e) {
      throw f.fail("base_url", "is not a URL: " + e.getMessage());
    }
  }

  private static Optional<ApiKey> key(String variable, Map<String, String> env) {
    String value = env.get(variable);
    return value == null || value.isBlank()
        ? Optional.empty()
        : Optional.of(new ApiKey(variable, value.strip()));
  }

  private static Optional<BuiltIn> builtIn(String name) {
    return BUILT_IN.stream().filter(b -> b.name().equals(name)).findFirst();
  }
}

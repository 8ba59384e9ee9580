package dev.tollgate.config;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tollgate.money.FxRates;
import dev.tollgate.pricing.UnknownModelPolicy;
import dev.tollgate.provider.simulated.SimulatedOptions;
import java.nio.file.Path;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * The validated configuration: {@code tollgate.yaml} with the {@code TOLLGATE_*} environment
 * variables applied on top. Built once at start-up by {@link ConfigLoader}; immutable after that.
 *
 * @param server where the HTTP server listens
 * @param storage where Tollgate keeps its data
 * @param pricing how requests are priced
 * @param fx exchange rates for showing USD amounts in other currencies
 * @param budgets the budgets and their defaults
 * @param providers the upstream providers, enabled or not
 * @param rateLimits the requests and tokens per minute every virtual key may use
 * @param routing retries, circuit breakers, and the deployments, aliases and fallbacks of models
 * @param cache the bounds of the exact-match response cache
 * @param source the file that was read, or empty if only defaults and environment were used
 * @param secrets the admin and master keys from the environment, never from the file
 */
public record TollgateConfig(
    Server server,
    Storage storage,
    Pricing pricing,
    FxRates fx,
    Budgets budgets,
    Providers providers,
    RateLimits rateLimits,
    Routing routing,
    Cache cache,
    Optional<Path> source,
    Secrets secrets,
    Metrics metrics) {

  public TollgateConfig {
    Objects.requireNonNull(server, "server");
    Objects.requireNonNull(storage, "storage");
    Objects.requireNonNull(pricing, "pricing");
    Objects.requireNonNull(fx, "fx");
    Objects.requireNonNull(budgets, "budgets");
    Objects.requireNonNull(providers, "providers");
    Objects.requireNonNull(rateLimits, "rateLimits");
    Objects.requireNonNull(routing, "routing");
    Objects.requireNonNull(cache, "cache");
    Objects.requireNonNull(source, "source");
    Objects.requireNonNull(secrets, "secrets");
    Objects.requireNonNull(metrics, "metrics");
  }

  /** A configuration with the default metrics settings ({@link Metrics#defaults()}). */
  public TollgateConfig(
      Server server,
      Storage storage,
      Pricing pricing,
      FxRates fx,
      Budgets budgets,
      Providers providers,
      RateLimits rateLimits,
      Routing routing,
      Cache cache,
      Optional<Path> source,
      Secrets secrets) {
    this(
        server,
        storage,
        pricing,
        fx,
        budgets,
        providers,
        rateLimits,
        routing,
        cache,
        source,
        secrets,
        Metrics.defaults());
  }

  /** Returns a copy with {@code metrics} instead. */
  public TollgateConfig withMetrics(Metrics metrics) {
    return new TollgateConfig(
        server,
        storage,
        pricing,
        fx,
        budgets,
        providers,
        rateLimits,
        routing,
        cache,
        source,
        secrets,
        metrics);
  }

  /**
   * The {@code metrics} section: whether {@code GET /metrics} serves Prometheus's text format, and
   * the bearer token it asks for, if any.
   *
   * @param enabled {@code metrics.enabled} ({@code TOLLGATE_METRICS_ENABLED}, default true); false
   *     records nothing and {@code /metrics} answers 404
   * @param token {@code metrics.token} ({@code TOLLGATE_METRICS_TOKEN}): when set, a scrape must
   *     send {@code Authorization: Bearer <token>}; empty serves every scraper
   */
  public record Metrics(boolean enabled, Optional<String> token) {

    public Metrics {
      Objects.requireNonNull(token, "token");
    }

    /** Enabled, without a token. */
    public static Metrics defaults() {
      return new Metrics(true, Optional.empty());
    }

    /** Does not print the token. */
    @Override
    public String toString() {
      return "Metrics[enabled=" + enabled + ", token=" + (token.isPresent() ? "***" : "none") + "]";
    }
  }

  /**
   * The built-in defaults (no file, no environment), with the data directory resolved against
   * {@code workingDir}.
   */
  public static TollgateConfig defaults(Path workingDir) {
    return ConfigLoader.defaults(workingDir);
  }

  /** Returns a copy listening on {@code host}:{@code port} instead; port 0 picks a free port. */
  public TollgateConfig withServer(String host, int port) {
    return new TollgateConfig(
        new Server(host, port),
        storage,
        pricing,
        fx,
        budgets,
        providers,
        rateLimits,
        routing,
        cache,
        source,
        secrets,
        metrics);
  }

  /** Returns a copy that keeps its data in {@code dataDir} instead. */
  public TollgateConfig withDataDir(Path dataDir) {
    return new TollgateConfig(
        server,
        new Storage(dataDir, storage.retention(), storage.durability()),
        pricing,
        fx,
        budgets,
        providers,
        rateLimits,
        routing,
        cache,
        source,
        secrets,
        metrics);
  }

  /** Returns a copy with {@code providers} instead. */
  public TollgateConfig withProviders(Providers providers) {
    return new TollgateConfig(
        server,
        storage,
        pricing,
        fx,
        budgets,
        providers,
        rateLimits,
        routing,
        cache,
        source,
        secrets,
        metrics);
  }

  /** Returns a copy with {@code routing} instead. */
  public TollgateConfig withRouting(Routing routing) {
    return new TollgateConfig(
        server,
        storage,
        pricing,
        fx,
        budgets,
        providers,
        rateLimits,
        routing,
        cache,
        source,
        secrets,
        metrics);
  }

  /** Returns a copy with {@code rateLimits} instead. */
  public TollgateConfig withRateLimits(RateLimits rateLimits) {
    return new TollgateConfig(
        server,
        storage,
        pricing,
        fx,
        budgets,
        providers,
        rateLimits,
        routing,
        cache,
        source,
        secrets,
        metrics);
  }

  /** Returns a copy with {@code secrets} instead. */
  public TollgateConfig withSecrets(Secrets secrets) {
    return new TollgateConfig(
        server,
        storage,
        pricing,
        fx,
        budgets,
        providers,
        rateLimits,
        routing,
        cache,
        source,
        secrets,
        metrics);
  }

  /**
   * Secrets read from the environment only: a file is too easily committed or shared. Neither
   * prints itself.
   *
   * @param adminKey {@code TOLLGATE_ADMIN_KEY}: a key that opens the admin API besides the stored
   *     admin keys
   * @param masterKey {@code TOLLGATE_MASTER_KEY}: what provider credentials stored through the
   *     admin API are encrypted under
   */
  public record Secrets(Optional<String> adminKey, Optional<String> masterKey) {

    /** The variable of the admin master key. */
    public static final String ADMIN_KEY_ENV = "TOLLGATE_ADMIN_KEY";

    /** The variable of the encryption master key. */
    public static final String MASTER_KEY_ENV = "TOLLGATE_MASTER_KEY";

    public Secrets {
      Objects.requireNonNull(adminKey, "adminKey");
      Objects.requireNonNull(masterKey, "masterKey");
    }

    /** Neither set. */
    public static Secrets none() {
      return new Secrets(Optional.empty(), Optional.empty());
    }

    @Override
    public String toString() {
      return "Secrets[adminKey="
          + (adminKey.isPresent() ? "set" : "unset")
          + ", masterKey="
          + (masterKey.isPresent() ? "set" : "unset")
          + "]";
    }
  }

  /**
   * The {@code rate_limits} section: token buckets every virtual key has of its own, refilled
   * continuously. A key's own rpm and tpm replace {@code rpm} and {@code tpm}; {@code models} adds
   * a bucket per key and model on top.
   *
   * @param rpm requests per minute ({@code TOLLGATE_RATE_LIMIT_RPM}), unlimited when empty
   * @param tpm input plus output tokens per minute ({@code TOLLGATE_RATE_LIMIT_TPM}), unlimited
   *     when empty
   * @param models per model name (as requested, or the catalog id it resolves to)
   */
  public record RateLimits(
      OptionalLong rpm, OptionalLong tpm, java.util.Map<String, Limit> models) {

    /** The largest value either limit takes: the bucket arithmetic stays within a {@code long}. */
    public static final long MAX = 100_000_000;

    public RateLimits {
      Objects.requireNonNull(rpm, "rpm");
      Objects.requireNonNull(tpm, "tpm");
      models = java.util.Map.copyOf(models);
    }

    /** The same limits for every key, and none per model. */
    public RateLimits(OptionalLong rpm, OptionalLong tpm) {
      this(rpm, tpm, java.util.Map.of());
    }

    /** No limit at all. */
    public static RateLimits none() {
      return new RateLimits(OptionalLong.empty(), OptionalLong.empty());
    }

    /** A copy with {@code models} as the per-model limits. */
    public RateLimits withModels(java.util.Map<String, Limit> models) {
      return new RateLimits(rpm, tpm, models);
    }

    /**
     * The requests and tokens per minute of one model ({@code rate_limits.models.<model>}), which
     * every key has a bucket of its own for.
     */
    public record Limit(OptionalLong rpm, OptionalLong tpm) {
      public Limit {
        Objects.requireNonNull(rpm, "rpm");
        Objects.requireNonNull(tpm, "tpm");
      }
    }
  }

  /**
   * The {@code cache} section: the in-memory exact-match response cache that keys opt into.
   *
   * @param ttl how long an answer is served from the cache ({@code ttl_seconds}, default 300)
   * @param maxEntries the most answers kept ({@code max_entries}, default 10,000); 0 turns the
   *     cache off
   * @param maxBytes the most bytes of answers kept ({@code max_bytes}, default 64 MiB)
   */
  public record Cache(java.time.Duration ttl, int maxEntries, long maxBytes) {

    public Cache {
      Objects.requireNonNull(ttl, "ttl");
    }

    /** No cache at all. */
    public static Cache off() {
      return new Cache(java.time.Duration.ZERO, 0, 0);
    }

    /** Whether anything is ever cached. */
    public boolean enabled() {
      return maxEntries > 0 && maxBytes > 0 && ttl.isPositive();
    }
  }

  /**
   * The {@code providers} section, or the built-in entries when the file has none.
   *
   * @param entries every configured entry, enabled or not, in the file's order
   */
  public record Providers(List<ProviderEntry> entries) {
    public Providers {
      entries = List.copyOf(entries);
    }

    /** No provider at all: everything goes to the simulated provider. */
    public static Providers none() {
      return new Providers(List.of());
    }

    /** The entries that can serve: a key is set, or none is needed. */
    public List<ProviderEntry> enabled() {
      return entries.stream().filter(ProviderEntry::enabled).toList();
    }

    /**
     * The variable to set so that {@code catalogProvider} is served: the one a configured entry
     * names, else the conventional one ({@code GROQ_API_KEY}, {@code GEMINI_API_KEY}, …).
     */
    public String keyVariableFor(String catalogProvider) {
      return entries.stream()
          .filter(e -> e.catalogProvider().equals(catalogProvider))
          .flatMap(e -> e.apiKeyEnv().stream())
          .findFirst()
          .orElseGet(() -> ProviderDefinitions.conventionalVariable(catalogProvider));
    }
  }

  /**
   * One entry of {@code providers}.
   *
   * @param name the entry's name, as the ledger records it
   * @param kind the wire protocol: {@code openai-compatible}, {@code azure-openai}, {@code
   *     anthropic}, or {@code simulated} for the in-process simulated provider
   * @param baseUrl the URL {@code /chat/completions} is appended to, without a trailing slash (for
   *     {@code azure-openai}, the resource's {@code https://{resource}.openai.azure.com})
   * @param apiKeyEnv the environment variable holding the key, if the provider needs one
   * @param apiKey the key read from it, if set
   * @param catalogProvider the catalog provider whose models (and prices) this entry serves
   * @param timeout how long the upstream may stay silent before the request fails with 504
   * @param apiVersion Azure's {@code api-version} query parameter; "" for other kinds
   * @param deployments Azure deployment names by model id; a model not listed is its own name
   * @param responses whether the upstream serves OpenAI's {@code /responses}
   * @param simulated how a {@code simulated} entry behaves; {@link SimulatedOptions#DEFAULT} for
   *     the other kinds
   */
  public record ProviderEntry(
      String name,
      String kind,
      java.net.URI baseUrl,
      Optional<String> apiKeyEnv,
      Optional<ApiKey> apiKey,
      String catalogProvider,
      java.time.Duration timeout,
      String apiVersion,
      java.util.Map<String, String> deployments,
      boolean responses,
      SimulatedOptions simulated) {

    /** The kind of an entry served by the in-process simulated provider. */
    public static final String SIMULATED = "simulated";

    public ProviderEntry {
      Objects.requireNonNull(simulated, "simulated");
      Objects.requireNonNull(name, "name");
      Objects.requireNonNull(kind, "kind");
      Objects.requireNonNull(baseUrl, "baseUrl");
      Objects.requireNonNull(apiKeyEnv, "apiKeyEnv");
      Objects.requireNonNull(apiKey, "apiKey");
      Objects.requireNonNull(catalogProvider, "catalogProvider");
      Objects.requireNonNull(timeout, "timeout");
      Objects.requireNonNull(apiVersion, "apiVersion");
      deployments = java.util.Map.copyOf(deployments);
    }

    /** An entry of a kind other than {@code simulated}. */
    public ProviderEntry(
        String name,
        String kind,
        java.net.URI baseUrl,
        Optional<String> apiKeyEnv,
        Optional<ApiKey> apiKey,
        String catalogProvider,
        java.time.Duration timeout,
        String apiVersion,
        java.util.Map<String, String> deployments,
        boolean responses) {
      this(
          name,
          kind,
          baseUrl,
          apiKeyEnv,
          apiKey,
          catalogProvider,
          timeout,
          apiVersion,
          deployments,
          responses,
          SimulatedOptions.DEFAULT);
    }

    /** An OpenAI-compatible entry without Azure settings or the Responses API. */
    public ProviderEntry(
        String name,
        String kind,
        java.net.URI baseUrl,
        Optional<String> apiKeyEnv,
        Optional<ApiKey> apiKey,
        String catalogProvider,
        java.time.Duration timeout) {
      this(
          name,
          kind,
          baseUrl,
          apiKeyEnv,
          apiKey,
          catalogProvider,
          timeout,
          "",
          java.util.Map.of(),
          false);
    }

    /** Whether the in-process simulated provider serves this entry. */
    public boolean isSimulated() {
      return kind.equals(SIMULATED);
    }

    /** Whether the entry can serve: its key is set, or it needs none. */
    public boolean enabled() {
      return apiKeyEnv.isEmpty() || apiKey.isPresent();
    }

    /** The Azure deployment that serves {@code model}: the configured one, else the model's id. */
    public String deployment(String model) {
      return deployments.getOrDefault(model, model);
    }
  }

  /**
   * The {@code server} section.
   *
   * @param host the address to bind, for example {@code 0.0.0.0} or {@code 127.0.0.1}
   * @param port the TCP port; 0 asks the operating system for a free one (tests only: the file and
   *     environment accept 1 to 65535)
   */
  public record Server(String host, int port) {
    public Server {
      Objects.requireNonNull(host, "host");
      if (port < 0 || port > 65_535) {
        throw new IllegalArgumentException("port out of range: " + port);
      }
    }
  }

  /**
   * The {@code storage} section, with the {@code retention} section: how long the ledger's detail
   * is kept.
   *
   * @param dataDir the directory holding {@code tollgate.db}, absolute
   * @param retention what the daily purge deletes
   * @param durability what an answered request's ledger event survives ({@code ledger_durability})
   */
  public record Storage(Path dataDir, Retention retention, LedgerDurability durability) {
    public Storage {
      Objects.requireNonNull(dataDir, "dataDir");
      Objects.requireNonNull(retention, "retention");
      Objects.requireNonNull(durability, "durability");
    }

    /** Keeps its data in {@code dataDir}, with the default retention and durability. */
    public Storage(Path dataDir) {
      this(dataDir, Retention.DEFAULT, LedgerDurability.PROCESS_CRASH);
    }
  }

  /**
   * What an answered request's ledger event survives before the answer is sent ({@code
   * storage.ledger_durability}; ADR 0007).
   */
  public enum LedgerDurability {
    /**
     * The default: the event is written to the ledger's journal (one {@code write}, no fsync) and
     * the answer goes; the SQLite commit (fsynced) follows within milliseconds. Survives the
     * process being killed; a power cut can lose the events of the last few milliseconds.
     */
    PROCESS_CRASH,
    /** The answer waits for the event's fsynced SQLite commit: survives a power cut too. */
    POWER_LOSS
  }

  /**
   * The {@code retention} section. Daily rollups are always kept, so reports over whole days never
   * change when detail is purged; 0 keeps that detail forever.
   *
   * @param rawEventsDays days raw usage events are kept ({@code raw_events_days}, default 90)
   * @param hourlyRollupsMonths months hourly rollups are kept ({@code hourly_rollups_months},
   *     default 13)
   */
  public record Retention(int rawEventsDays, int hourlyRollupsMonths) {

    /** 90 days of raw events, 13 months of hourly rollups. */
    public static final Retention DEFAULT = new Retention(90, 13);

    public Retention {
      if (rawEventsDays < 0 || hourlyRollupsMonths < 0) {
        throw new IllegalArgumentException("retention must not be negative");
      }
    }
  }

  /**
   * The {@code pricing} section. The overrides and discounts are kept as the YAML gave them; the
   * pricing code validates and interprets them.
   *
   * @param unknownModel what to do with a request for a model that has no price
   * @param catalog a catalog file that replaces the bundled one, if set
   * @param overrides the raw {@code pricing.overrides} list entries
   * @param discounts the raw {@code pricing.discounts} list entries
   */
  public record Pricing(
      UnknownModelPolicy unknownModel,
      Optional<Path> catalog,
      List<JsonNode> overrides,
      List<JsonNode> discounts) {
    public Pricing {
      Objects.requireNonNull(unknownModel, "unknownModel");
      Objects.requireNonNull(catalog, "catalog");
      overrides = overrides.stream().map(JsonNode::deepCopy).map(JsonNode.class::cast).toList();
      discounts = discounts.stream().map(JsonNode::deepCopy).map(JsonNode.class::cast).toList();
    }

    /** The entries of {@code pricing.overrides}, as copies (a JsonNode is mutable). */
    @Override
    public List<JsonNode> overrides() {
      return overrides.stream().map(n -> (JsonNode) n.deepCopy()).toList();
    }

    /** The entries of {@code pricing.discounts}, as copies (a JsonNode is mutable). */
    @Override
    public List<JsonNode> discounts() {
      return discounts.stream().map(n -> (JsonNode) n.deepCopy()).toList();
    }
  }

  /**
   * The {@code budgets} section. The definitions are kept as the YAML gave them; the budget code
   * validates and interprets them, naming {@code budgets.define[i]} and the field.
   *
   * @param zone the time zone whose calendar aligns budget periods, unless a budget names another
   * @param reservationTimeout how long a reservation may stay unsettled before it expires
   * @param dailyUsd the global daily hard budget ({@code DAILY_BUDGET}); when no budget is
   *     configured at all, 2.00 USD
   * @param monthlyUsd the global monthly hard budget ({@code MONTHLY_BUDGET}), if set
   * @param emergencyReservePercent the share of the default budgets held back for critical requests
   *     ({@code TOLLGATE_EMERGENCY_RESERVE})
   * @param define the raw {@code budgets.define} entries
   * @param fileName how messages name the configuration file
   */
  public record Budgets(
      java.time.ZoneId zone,
      java.time.Duration reservationTimeout,
      Optional<java.math.BigDecimal> dailyUsd,
      Optional<java.math.BigDecimal> monthlyUsd,
      int emergencyReservePercent,
      List<JsonNode> define,
      String fileName) {
    public Budgets {
      Objects.requireNonNull(zone, "zone");
      Objects.requireNonNull(reservationTimeout, "reservationTimeout");
      Objects.requireNonNull(dailyUsd, "dailyUsd");
      Objects.requireNonNull(monthlyUsd, "monthlyUsd");
      define = define.stream().map(JsonNode::deepCopy).map(JsonNode.class::cast).toList();
    }

    /** The entries of {@code budgets.define}, as copies (a JsonNode is mutable). */
    @Override
    public List<JsonNode> define() {
      return define.stream().map(n -> (JsonNode) n.deepCopy()).toList();
    }
  }
}

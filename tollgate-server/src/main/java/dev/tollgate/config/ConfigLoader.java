package dev.tollgate.config;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tollgate.config.TollgateConfig.Budgets;
import dev.tollgate.config.TollgateConfig.Pricing;
import dev.tollgate.config.TollgateConfig.Server;
import dev.tollgate.config.TollgateConfig.Storage;
import dev.tollgate.money.FxRates;
import dev.tollgate.money.FxRates.Currency;
import dev.tollgate.pricing.UnknownModelPolicy;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * Builds the {@link TollgateConfig} in three layers: defaults, then {@code tollgate.yaml}, then the
 * {@code TOLLGATE_*} environment variables. It validates everything once and fails on the first bad
 * value with a {@link ConfigException} naming the file and field, or the variable.
 *
 * <p>The file is {@code --config FILE} if given, else {@code $TOLLGATE_CONFIG} if set, else {@code
 * ./tollgate.yaml} if it exists; otherwise only defaults and environment apply. A file that was
 * asked for by name must exist. Relative paths, including {@code storage.data_dir}, are resolved
 * against the working directory, not against the file's directory.
 */
public final class ConfigLoader {

  /** The environment variable naming the configuration file. */
  public static final String CONFIG_ENV = "TOLLGATE_CONFIG";

  /** The file looked for in the working directory when none is named. */
  public static final String DEFAULT_FILE = "tollgate.yaml";

  private ConfigLoader() {}

  /**
   * Loads and validates the configuration.
   *
   * @param configFile the {@code --config} option, if given
   * @param env the environment variables (injectable for tests; normally {@link System#getenv()})
   * @param workingDir the directory relative paths are resolved against
   * @throws ConfigException naming the first bad value and where it came from
   */
  public static TollgateConfig load(
      Optional<Path> configFile, Map<String, String> env, Path workingDir) {
    Optional<Located> file = locate(configFile, env, workingDir);
    YamlSettings.Contents contents =
        file.map(f -> YamlSettings.read(f.path(), f.display()))
            .orElseGet(YamlSettings.Contents::empty);
    Map<ConfigKey, Setting> settings = new EnumMap<>(contents.scalars());
    for (ConfigKey key : ConfigKey.values()) {
      String value = env.get(key.envVar());
      // An empty variable counts as unset, as container tools often pass VAR= for "no value".
      if (value != null && !value.isEmpty()) {
        settings.put(key, new Setting(key.envVar(), value));
      }
    }
    TollgateConfig.Providers providers =
        new TollgateConfig.Providers(
            ProviderDefinitions.parse(
                contents.sections().get("providers"),
                env,
                file.map(Located::display).orElse(DEFAULT_FILE)));
    java.util.Set<String> names = new java.util.LinkedHashSet<>();
    providers.entries().forEach(e -> names.add(e.name()));
    Routing routing =
        RoutingDefinitions.parse(
            contents.sections().get("routing"),
            contents.sections().get("models"),
            env,
            names,
            file.map(Located::display).orElse(DEFAULT_FILE));
    TollgateConfig built =
        build(settings, contents.lists(), workingDir, file.map(Located::path))
            .withProviders(providers)
            .withRouting(routing)
            .withSecrets(
                new TollgateConfig.Secrets(
                    secret(env, TollgateConfig.Secrets.ADMIN_KEY_ENV),
                    secret(env, TollgateConfig.Secrets.MASTER_KEY_ENV)));
    JsonNode models = contents.sections().get("rate_limits.models");
    return models == null
        ? built
        : built.withRateLimits(
            built
                .rateLimits()
                .withModels(
                    ModelRateLimits.parse(
                        models, file.map(Located::display).orElse(DEFAULT_FILE))));
  }

  private static Optional<String> secret(Map<String, String> env, String variable) {
    String value = env.get(variable);
    return value == null || value.isBlank() ? Optional.empty() : Optional.of(value.strip());
  }

  /**
   * The defaults alone: no file, no environment, so no provider key either and every request goes
   * to the simulated provider.
   */
  static TollgateConfig defaults(Path workingDir) {
    return build(Map.of(), Map.of(), workingDir, Optional.empty());
  }

  private record Located(Path path, String display) {}

  private static Optional<Located> locate(
      Optional<Path> configFile, Map<String, String> env, Path workingDir) {
    if (configFile.isPresent()) {
      return Optional.of(mustExist(workingDir.resolve(configFile.get()), "--config", configFile));
    }
    String fromEnv = env.get(CONFIG_ENV);
    if (fromEnv != null && !fromEnv.isBlank()) {
      Path named = Path.of(fromEnv.trim());
      return Optional.of(mustExist(workingDir.resolve(named), CONFIG_ENV, Optional.of(named)));
    }
    Path implicit = workingDir.resolve(DEFAULT_FILE);
    return Files.isRegularFile(implicit)
        ? Optional.of(new Located(implicit, DEFAULT_FILE))
        : Optional.empty();
  }

  private static Located mustExist(Path resolved, String namedBy, Optional<Path> asGiven) {
    String display = asGiven.map(Path::toString).orElse(resolved.toString());
    if (!Files.isRegularFile(resolved)) {
      throw new ConfigException(namedBy + ": no such file: " + display);
    }
    if (!Files.isReadable(resolved)) {
      throw new ConfigException(namedBy + ": cannot read " + display + ": permission denied");
    }
    return new Located(resolved, display);
  }

  private static TollgateConfig build(
      Map<ConfigKey, Setting> settings,
      Map<String, List<JsonNode>> lists,
      Path workingDir,
      Optional<Path> source) {
    Server server =
        new Server(
            get(settings, ConfigKey.SERVER_HOST).asHost(),
            get(settings, ConfigKey.SERVER_PORT).asPort());
    Storage storage =
        new Storage(
            get(settings, ConfigKey.STORAGE_DATA_DIR).asDirectory(workingDir),
            new TollgateConfig.Retention(
                get(settings, ConfigKey.RETENTION_RAW_EVENTS_DAYS)
                    .asInt(0, 36_500, "days raw usage events are kept (0: forever)"),
                get(settings, ConfigKey.RETENTION_HOURLY_ROLLUPS_MONTHS)
                    .asInt(0, 1_200, "months hourly rollups are kept (0: forever)")),
            get(settings, ConfigKey.STORAGE_LEDGER_DURABILITY)
                .asEnum(TollgateConfig.LedgerDurability.class));
    Pricing pricing =
        new Pricing(
            get(settings, ConfigKey.PRICING_UNKNOWN_MODEL).asEnum(UnknownModelPolicy.class),
            Optional.ofNullable(settings.get(ConfigKey.PRICING_CATALOG))
                .map(s -> s.asFile(workingDir)),
            lists.getOrDefault("pricing.overrides", List.of()),
            lists.getOrDefault("pricing.discounts", List.of()));
    Budgets budgets =
        new Budgets(
            get(settings, ConfigKey.BUDGETS_ZONE).asZone(),
            java.time.Duration.ofSeconds(
                get(settings, ConfigKey.BUDGETS_RESERVATION_TIMEOUT)
                    .asInt(1, 86_400, "seconds a reservation may stay unsettled")),
            Optional.ofNullable(settings.get(ConfigKey.BUDGETS_DAILY_USD))
                .map(s -> s.asPositiveDecimal("USD per day")),
            Optional.ofNullable(settings.get(ConfigKey.BUDGETS_MONTHLY_USD))
                .map(s -> s.asPositiveDecimal("USD per month")),
            get(settings, ConfigKey.BUDGETS_EMERGENCY_RESERVE)
                .asInt(0, 99, "percent held back for critical requests"),
            lists.getOrDefault("budgets.define", List.of()),
            source.map(p -> p.getFileName().toString()).orElse("tollgate.yaml"));
    return new TollgateConfig(
        server,
        storage,
        pricing,
        fxRates(settings),
        budgets,
        new TollgateConfig.Providers(ProviderDefinitions.parse(null, Map.of(), DEFAULT_FILE)),
        new TollgateConfig.RateLimits(
            limit(settings, ConfigKey.RATE_LIMITS_RPM, "requests per minute per virtual key"),
            limit(settings, ConfigKey.RATE_LIMITS_TPM, "tokens per minute per virtual key")),
        Routing.defaults(),
        new TollgateConfig.Cache(
            java.time.Duration.ofSeconds(
                get(settings, ConfigKey.CACHE_TTL_SECONDS)
                    .asInt(1, 30 * 86_400, "seconds an answer is served from the cache")),
            get(settings, ConfigKey.CACHE_MAX_ENTRIES)
                .asInt(0, 10_000_000, "answers the response cache keeps"),
            get(settings, ConfigKey.CACHE_MAX_BYTES)
                .asLong(0, 1L << 40, "bytes of answers the response cache keeps")),
        source,
        TollgateConfig.Secrets.none(),
        new TollgateConfig.Metrics(
            get(settings, ConfigKey.METRICS_ENABLED).asBoolean(),
            Optional.ofNullable(settings.get(ConfigKey.METRICS_TOKEN)).map(Setting::asToken)));
  }

  private static Setting get(Map<ConfigKey, Setting> settings, ConfigKey key) {
    Setting setting = settings.get(key);
    return setting != null ? setting : Setting.defaultOf(key);
  }

  private static OptionalLong limit(
      Map<ConfigKey, Setting> settings, ConfigKey key, String meaning) {
    Setting setting = settings.get(key);
    return setting == null
        ? OptionalLong.empty()
        : OptionalLong.of(setting.asLong(1, TollgateConfig.RateLimits.MAX, meaning));
  }

  private static FxRates fxRates(Map<ConfigKey, Setting> settings) {
    Map<Currency, BigDecimal> rates = new EnumMap<>(Currency.class);
    for (ConfigKey key : ConfigKey.values()) {
      Setting setting = settings.get(key);
      if (key.section().equals("fx") && setting != null) {
        Currency currency = Currency.parse(key.field());
        rates.put(currency, setting.asPositiveDecimal(key.field() + " per USD"));
      }
    }
    return rates.isEmpty() ? FxRates.none() : FxRates.of(rates);
  }
}

package dev.tollgate.config;

import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;

/**
 * Every single-valued setting: where it sits in {@code tollgate.yaml}, the environment variable
 * that overrides it, and its default. This table is the one list of keys; the YAML reader rejects
 * anything not in it (or in {@link #LIST_KEYS}), and the README's reference table mirrors it.
 */
public enum ConfigKey {
  SERVER_HOST("server.host", "TOLLGATE_HOST", "0.0.0.0"),
  SERVER_PORT("server.port", "TOLLGATE_PORT", "4000"),
  STORAGE_DATA_DIR("storage.data_dir", "TOLLGATE_DATA_DIR", "./tollgate-data"),
  STORAGE_LEDGER_DURABILITY(
      "storage.ledger_durability", "TOLLGATE_LEDGER_DURABILITY", "process_crash"),
  PRICING_UNKNOWN_MODEL("pricing.unknown_model", "TOLLGATE_PRICING_UNKNOWN_MODEL", "refuse"),
  PRICING_CATALOG("pricing.catalog", "TOLLGATE_PRICING_CATALOG", null),
  BUDGETS_ZONE("budgets.zone", "TOLLGATE_BUDGETS_ZONE", "UTC"),
  BUDGETS_RESERVATION_TIMEOUT(
      "budgets.reservation_timeout_seconds", "TOLLGATE_RESERVATION_TIMEOUT_SECONDS", "600"),
  // The names of these three variables are the ones users of budget tools already set.
  BUDGETS_DAILY_USD("budgets.daily_usd", "DAILY_BUDGET", null),
  BUDGETS_MONTHLY_USD("budgets.monthly_usd", "MONTHLY_BUDGET", null),
  BUDGETS_EMERGENCY_RESERVE(
      "budgets.emergency_reserve_percent", "TOLLGATE_EMERGENCY_RESERVE", "20"),
  RATE_LIMITS_RPM("rate_limits.rpm", "TOLLGATE_RATE_LIMIT_RPM", null),
  RATE_LIMITS_TPM("rate_limits.tpm", "TOLLGATE_RATE_LIMIT_TPM", null),
  CACHE_TTL_SECONDS("cache.ttl_seconds", "TOLLGATE_CACHE_TTL_SECONDS", "300"),
  CACHE_MAX_ENTRIES("cache.max_entries", "TOLLGATE_CACHE_MAX_ENTRIES", "10000"),
  CACHE_MAX_BYTES("cache.max_bytes", "TOLLGATE_CACHE_MAX_BYTES", "67108864"),
  METRICS_ENABLED("metrics.enabled", "TOLLGATE_METRICS_ENABLED", "true"),
  METRICS_TOKEN("metrics.token", "TOLLGATE_METRICS_TOKEN", null),
  RETENTION_RAW_EVENTS_DAYS(
      "retention.raw_events_days", "TOLLGATE_RETENTION_RAW_EVENTS_DAYS", "90"),
  RETENTION_HOURLY_ROLLUPS_MONTHS(
      "retention.hourly_rollups_months", "TOLLGATE_RETENTION_HOURLY_ROLLUPS_MONTHS", "13"),
  FX_EUR("fx.EUR", "TOLLGATE_FX_EUR", null),
  FX_GBP("fx.GBP", "TOLLGATE_FX_GBP", null),
  FX_JPY("fx.JPY", "TOLLGATE_FX_JPY", null),
  FX_CNY("fx.CNY", "TOLLGATE_FX_CNY", null);

  /** Keys whose value is a YAML list, kept raw for the pricing code; no environment override. */
  public static final List<String> LIST_KEYS =
      List.of("pricing.overrides", "pricing.discounts", "budgets.define");

  /** Keys whose value is a mapping of names the operator chooses, kept raw for their parser. */
  public static final List<String> MAP_KEYS = List.of("rate_limits.models");

  /**
   * Sections kept whole for their own parser, because their keys are names the operator chooses
   * ({@code providers.<name>}, {@code models.<name>}) or nested maps ({@code routing.backoff});
   * {@link ProviderDefinitions} and {@link RoutingDefinitions} validate them.
   */
  public static final List<String> RAW_SECTIONS = List.of("providers", "routing", "models");

  private final String path;
  private final String envVar;
  private final String defaultText;

  ConfigKey(String path, String envVar, String defaultText) {
    this.path = path;
    this.envVar = envVar;
    this.defaultText = defaultText;
  }

  /** The dotted path in {@code tollgate.yaml}, for example {@code server.port}. */
  public String path() {
    return path;
  }

  /** The section, the part of the path before the dot. */
  public String section() {
    return path.substring(0, path.indexOf('.'));
  }

  /** The name within the section, the part of the path after the dot. */
  public String field() {
    return path.substring(path.indexOf('.') + 1);
  }

  /** The environment variable that overrides the file. */
  public String envVar() {
    return envVar;
  }

  /** The default, as text, or empty if the setting is simply absent by default. */
  public Optional<String> defaultText() {
    return Optional.ofNullable(defaultText);
  }

  /** The sections, in the order they are documented. */
  public static Set<String> sections() {
    Set<String> sections = new LinkedHashSet<>();
    for (ConfigKey key : values()) {
      sections.add(key.section());
    }
    return sections;
  }

  /** The names allowed in {@code section}, scalar keys first, then list keys. */
  public static List<String> namesIn(String section) {
    Stream<String> scalars =
        Arrays.stream(values()).filter(k -> k.section().equals(section)).map(ConfigKey::field);
    Stream<String> lists =
        LIST_KEYS.stream()
            .filter(p -> p.startsWith(section + "."))
            .map(p -> p.substring(section.length() + 1));
    Stream<String> maps =
        MAP_KEYS.stream()
            .filter(p -> p.startsWith(section + "."))
            .map(p -> p.substring(section.length() + 1));
    return Stream.concat(Stream.concat(scalars, lists), maps).toList();
  }

  /** The key at {@code path}, if it is a single-valued one. */
  public static Optional<ConfigKey> byPath(String path) {
    return Arrays.stream(values()).filter(k -> k.path.equals(path)).findFirst();
  }
}

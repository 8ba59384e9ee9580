package dev.tollgate.metrics;

import dev.tollgate.usage.Usage;

/**
 * What the request path tells the metrics, in the shape of HikariCP's {@code IMetricsTracker}: the
 * default methods do nothing, so the path calls them unconditionally and {@link #off()} costs a
 * virtual call. {@link #prometheus} is the real one.
 *
 * <p>Label values must be bounded: callers pass provider ids from the configuration, catalog model
 * ids (or {@link #OTHER}), endpoint paths the router matched exactly, and configured budget ids;
 * never a key id, a user or a request id.
 */
public interface Metrics {

  /** The label value for a model or provider that is not in the catalog or configuration. */
  String OTHER = "other";

  /** The label value for a request that got no provider or model (refused before routing). */
  String NONE = "none";

  /** Records one finished request of a metered endpoint. */
  default void request(Sample sample) {}

  /** Whether {@link #scrape} has anything to say; false for {@link #off()}. */
  default boolean enabled() {
    return false;
  }

  /** Every meter in Prometheus's text exposition format (version 0.0.4). */
  default String scrape() {
    return "";
  }

  /** Records nothing. */
  static Metrics off() {
    return Off.INSTANCE;
  }

  /** Records into a fresh Prometheus registry, with the JVM and process binders. */
  static PrometheusMetrics prometheus() {
    return new PrometheusMetrics();
  }

  /**
   * One finished request.
   *
   * @param endpoint the path, e.g. {@code /v1/chat/completions}
   * @param provider the configured provider that served (or would have), or {@link #NONE}
   * @param model the catalog id of the model that served, {@link #OTHER} or {@link #NONE}
   * @param outcome lower case: {@code success}, {@code error}, {@code cancelled}, {@code
   *     cache_hit}, {@code denied} (a budget), {@code rate_limited}, {@code rejected} (any other
   *     4xx of the gateway's own)
   * @param status the HTTP status class answered: {@code 2xx}, {@code 4xx}, {@code 5xx}
   * @param totalNanos from the request's arrival to the end of the chain
   * @param upstreamNanos time spent in provider calls, all attempts; 0 when none was made
   * @param firstByteNanos from the arrival to the first streamed byte; -1 when not a stream
   * @param usage the tokens the ledger recorded, or {@link Usage#NONE}
   * @param costNanos what the ledger recorded as the actual cost, in nano-USD, once durable
   * @param failedAttempts upstream attempts that failed and were retried or moved on from
   * @param fallback whether a fallback model served
   * @param deniedBy the budget label of a 402 ({@link #budgetLabel}), else null
   * @param cache {@code hit}, {@code miss}, or null when the response cache did not apply
   */
  record Sample(
      String endpoint,
      String provider,
      String model,
      String outcome,
      String status,
      long totalNanos,
      long upstreamNanos,
      long firstByteNanos,
      Usage usage,
      long costNanos,
      int failedAttempts,
      boolean fallback,
      String deniedBy,
      String cache) {}

  /** The no-op. */
  final class Off implements Metrics {
    static final Off INSTANCE = new Off();

    private Off() {}
  }
}

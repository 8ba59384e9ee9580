package dev.tollgate.metrics;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;

/** The per-endpoint counters: rate-limit refusals and response-cache lookups. */
final class EndpointMeters {

  private final Counter rateLimited;
  private final Counter cacheHits;
  private final Counter cacheMisses;

  EndpointMeters(MeterRegistry r, String endpoint) {
    rateLimited =
        PrometheusMetrics.counter(
            "tollgate.ratelimit.refusals",
            "Requests the gateway's rate limits refused (429)",
            r,
            "endpoint",
            endpoint);
    cacheHits = lookups(r, endpoint, "hit");
    cacheMisses = lookups(r, endpoint, "miss");
  }

  private static Counter lookups(MeterRegistry r, String endpoint, String result) {
    return PrometheusMetrics.counter(
        "tollgate.cache.lookups",
        "Response-cache lookups",
        r,
        "endpoint",
        endpoint,
        "result",
        result);
  }

  void record(Metrics.Sample s) {
    if ("rate_limited".equals(s.outcome())) {
      rateLimited.increment();
    }
    if ("hit".equals(s.cache())) {
      cacheHits.increment();
    } else if ("miss".equals(s.cache())) {
      cacheMisses.increment();
    }
  }
}

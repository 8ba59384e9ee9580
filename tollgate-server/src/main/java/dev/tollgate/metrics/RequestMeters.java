package dev.tollgate.metrics;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;

/** The request counter and latency histograms of one label set, resolved once. */
final class RequestMeters {

  private final Counter count;
  private final Timer total;
  private final Timer added;

  RequestMeters(MeterRegistry r, PrometheusMetrics.Series s) {
    String[] tags = {
      "endpoint", s.endpoint(),
      "provider", s.provider(),
      "model", s.model(),
      "outcome", s.outcome(),
      "status", s.status()
    };
    count = PrometheusMetrics.counter("tollgate.requests", "Requests answered", r, tags);
    total =
        PrometheusMetrics.histogram(
            "tollgate.request.duration",
            "Time from a request's arrival to its answer, upstream time included",
            PrometheusMetrics.TOTAL_BUCKETS,
            r,
            tags);
    added =
        PrometheusMetrics.histogram(
            "tollgate.request.added",
            "Time the gateway added to a request: its whole time less the upstream calls'",
            PrometheusMetrics.ADDED_BUCKETS,
            r,
            tags);
  }

  void record(Metrics.Sample s) {
    count.increment();
    PrometheusMetrics.record(total, s.totalNanos());
    PrometheusMetrics.record(added, Math.max(0, s.totalNanos() - s.upstreamNanos()));
  }
}

package dev.tollgate.metrics;

import dev.tollgate.usage.UsageKind;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.util.concurrent.atomic.LongAdder;

/**
 * The meters of one provider's model: upstream time, time to first byte, tokens by kind, cost,
 * retries and fallbacks. The cost is kept exactly, as nano-USD in a {@link LongAdder}, and exported
 * as a float in USD only when scraped: the float is exact up to 2^53 nano-USD (about $9 million).
 */
final class ModelMeters {

  private static final UsageKind[] KINDS = UsageKind.values();

  private final Timer upstream;
  private final Timer firstByte;
  private final Counter[] tokens = new Counter[KINDS.length];
  private final LongAdder costNanos = new LongAdder();
  private final Counter retries;
  private final Counter fallbacks;

  ModelMeters(MeterRegistry r, String provider, String model) {
    String[] tags = {"provider", provider, "model", model};
    upstream =
        PrometheusMetrics.histogram(
            "tollgate.upstream.duration",
            "Time spent in provider calls per request, all attempts; a stream's whole length",
            PrometheusMetrics.TOTAL_BUCKETS,
            r,
            tags);
    firstByte =
        PrometheusMetrics.histogram(
            "tollgate.stream.first.byte",
            "Time from a streamed request's arrival to its first byte to the client",
            PrometheusMetrics.TOTAL_BUCKETS,
            r,
            tags);
    for (UsageKind k : KINDS) {
      tokens[k.ordinal()] =
          PrometheusMetrics.counter(
              "tollgate.tokens",
              "Usage the ledger recorded, by kind (tokens; images, searches and calls as counts)",
              r,
              "provider",
              provider,
              "model",
              model,
              "kind",
              k.name().toLowerCase(java.util.Locale.ROOT));
    }
    PrometheusMetrics.functionCounter(
        "tollgate.cost.usd",
        "Actual cost the ledger recorded, USD (exact nano-USD sum, exported as a float)",
        costNanos,
        1e9,
        r,
        tags);
    retries =
        PrometheusMetrics.counter(
            "tollgate.upstream.retries",
            "Upstream attempts that failed and were retried or moved from",
            r,
            tags);
    fallbacks =
        PrometheusMetrics.counter(
            "tollgate.upstream.fallbacks", "Requests a fallback model served", r, tags);
  }

  void record(Metrics.Sample s) {
    if (s.upstreamNanos() > 0) {
      PrometheusMetrics.record(upstream, s.upstreamNanos());
    }
    if (s.firstByteNanos() >= 0) {
      PrometheusMetrics.record(firstByte, s.firstByteNanos());
    }
    for (UsageKind k : KINDS) {
      long n = s.usage().count(k);
      if (n != 0) {
        tokens[k.ordinal()].increment(n);
      }
    }
    if (s.costNanos() != 0) {
      costNanos.add(s.costNanos());
    }
    if (s.failedAttempts() > 0) {
      retries.increment(s.failedAttempts());
    }
    if (s.fallback()) {
      fallbacks.increment();
    }
  }
}

package dev.tollgate.proxy;

import dev.tollgate.budget.BudgetEngine;
import dev.tollgate.keys.VirtualKeys;
import dev.tollgate.ledger.LedgerWriter;
import dev.tollgate.metrics.Metrics;
import dev.tollgate.pricing.Pricer;
import dev.tollgate.provider.Providers;
import dev.tollgate.proxy.cache.ResponseCache;
import dev.tollgate.proxy.openai.ChatRequest;
import dev.tollgate.routing.Backoff;
import dev.tollgate.routing.Router;
import dev.tollgate.usage.ApiFormat;
import io.vertx.core.Future;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * The services every metered endpoint runs its requests through, and the one place the metered path
 * is put together: fix the request's prices ({@link PriceStep}: {@code prices} is read once per
 * request, so it may return a newer book at any time), decode, auth, count the input tokens, rate
 * limit, route, the endpoint's own check of the routed provider, denial, the response cache (on
 * endpoints that use it), the prompt's fingerprint (on the chat, messages and responses endpoints),
 * reserve and meter, around the provider call, which {@link Attempts} makes along the route
 * (retries, further deployments, fallbacks); a cache hit makes no call. No endpoint that reaches a
 * provider builds its chain any other way, so none can skip a step.
 */
record Metering(
    VirtualKeys keys,
    Supplier<Pricer> prices,
    BudgetEngine engine,
    LedgerWriter writer,
    Providers providers,
    RateLimiter limiter,
    Router router,
    ResponseCache cache,
    Metrics metrics) {

  /** The endpoints whose prompt prefix is fingerprinted: those with a conversation to cache. */
  static final java.util.Set<String> FINGERPRINTED =
      java.util.Set.of("/v1/chat/completions", "/v1/messages", "/v1/responses");

  /**
   * The metered chain of an endpoint (the Responses API's: its prompt is fingerprinted).
   *
   * @param format the wire format of its requests and of the provider's answers
   * @param decode reads the body, failing with a 400 that names the field
   * @param check what the endpoint needs of the provider routing chose (e.g. that it serves the
   *     endpoint at all), run before anything is reserved and again for every other deployment an
   *     attempt moves to (one that fails it is skipped); synchronous; null for none
   * @param call one provider call, for the deployment set on the exchange
   */
  Chain chain(
      ApiFormat format,
      Function<byte[], ChatRequest> decode,
      Interceptor check,
      Function<Exchange, Future<Void>> call) {
    return build(format, decode, check, null, true, call);
  }

  /**
   * The metered chain of an endpoint whose plain answers the response cache may serve, keyed by
   * {@code endpoint} (its path) among other things; otherwise as {@link #chain}.
   */
  Chain cachedChain(
      String endpoint,
      ApiFormat format,
      Function<byte[], ChatRequest> decode,
      Interceptor check,
      Function<Exchange, Future<Void>> call) {
    return build(
        format,
        decode,
        check,
        new CacheStep(cache, endpoint),
        FINGERPRINTED.contains(endpoint),
        call);
  }

  private Chain build(
      ApiFormat format,
      Function<byte[], ChatRequest> decode,
      Interceptor check,
      CacheStep caching,
      boolean fingerprint,
      Function<Exchange, Future<Void>> call) {
    List<Interceptor> steps = new ArrayList<>();
    // First, so that its way back runs last and for every request, however it ended.
    steps.add(new MetricsStep(metrics));
    steps.add(new PriceStep(prices));
    steps.add(
        new Interceptor() {
          @Override
          public Future<Void> before(Exchange x) {
            x.format = format;
            x.request = decode.apply(x.rawBody);
            return Future.succeededFuture();
          }
        });
    steps.add(new AuthStep(keys));
    steps.add(new InputTokens());
    steps.add(new RateLimitStep(limiter));
    steps.add(new RouteStep(router));
    if (check != null) {
      steps.add(check);
    }
    steps.add(new DenialStep(writer));
    if (caching != null) {
      steps.add(caching);
    }
    if (fingerprint) {
      // After the cache and the denial: only a request that goes upstream needs its prefix.
      steps.add(new PromptFingerprint());
    }
    ReserveStep reserve = new ReserveStep(engine);
    steps.add(reserve);
    steps.add(new MeterStep(writer));
    Attempts attempts =
        new Attempts(
            router,
            reserve,
            check,
            new Backoff(
                router.settings().backoffInitial(), router.settings().backoffMax(), new Random()));
    return new Chain(steps, CacheStep.unlessHit(x -> attempts.run(x, call)));
  }
}

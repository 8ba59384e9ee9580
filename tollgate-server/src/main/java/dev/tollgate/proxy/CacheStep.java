package dev.tollgate.proxy;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tollgate.ledger.UsageEvent;
import dev.tollgate.provider.ProviderResponse;
import dev.tollgate.proxy.cache.CacheKey;
import dev.tollgate.proxy.cache.ResponseCache;
import dev.tollgate.proxy.openai.OpenAiCodec;
import io.vertx.core.Future;
import java.util.function.Function;

/**
 * The exact-match response cache on the request path. It sits after auth and routing and before the
 * reservation: a hit sets the stored answer as the response, so the reservation step reserves
 * nothing, {@link #unlessHit} skips the provider call, and the meter records a {@code CACHE_HIT}
 * event at $0 with the original's cost as saved. On the way back a fresh answer is stored when it
 * is exactly what was asked for: a plain (not streamed) success, priced exactly, neither capped nor
 * routed to a fallback model.
 *
 * <p>A request takes part when its key opted in ({@link ResponseCache#optedIn}: the key's {@code
 * response_cache}) and it does not send {@code x-tollgate-cache: off}. A key without the opt-in
 * never takes part, whatever it sends; streams never do.
 */
final class CacheStep implements Interceptor {

  /** The request header that turns the cache off for one request ({@code off}). */
  static final String HEADER = "x-tollgate-cache";

  private final ResponseCache cache;
  private final String endpoint;

  /**
   * @param endpoint the endpoint's path, part of the key: one body on two endpoints differs
   */
  CacheStep(ResponseCache cache, String endpoint) {
    this.cache = cache;
    this.endpoint = endpoint;
  }

  /** {@code call}, unless the answer came from the cache. */
  static Function<Exchange, Future<Void>> unlessHit(Function<Exchange, Future<Void>> call) {
    return x -> x.cacheSaved != null ? Future.succeededFuture() : call.apply(x);
  }

  @Override
  public Future<Void> before(Exchange x) {
    if (!cache.enabled() || x.request.stream() || !wanted(x)) {
      return Future.succeededFuture();
    }
    x.cacheKey = CacheKey.of(endpoint, x.who.virtualKey(), x.request.body());
    cache
        .get(x.cacheKey)
        .ifPresent(
            hit -> {
              x.response = new ProviderResponse(200, parse(hit.body()));
              x.cacheSaved = hit.cost();
            });
    return Future.succeededFuture();
  }

  @Override
  public Future<Void> after(Exchange x) {
    UsageEvent e = x.event;
    if (x.cacheKey != null
        && x.cacheSaved == null
        && x.failure() == null
        && x.response != null
        && x.response.ok()
        && e != null
        && e.outcome() == UsageEvent.Outcome.SUCCESS
        && e.costState() == UsageEvent.CostState.EXACT
        && x.fallbackFrom.isEmpty()
        && !x.capped) {
      cache.put(x.cacheKey, x.response.body().toString(), e.actualCost());
    }
    return Future.succeededFuture();
  }

  private boolean wanted(Exchange x) {
    String header = x.headers.get(HEADER);
    return cache.optedIn(x.key) && (header == null || !header.strip().equalsIgnoreCase("off"));
  }

  private static ObjectNode parse(String body) {
    try {
      return (ObjectNode) OpenAiCodec.JSON.readTree(body);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("a cached answer is the JSON it was stored as", e);
    }
  }
}

package dev.tollgate.provider.openai;

import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpClientRequest;
import io.vertx.core.http.PoolOptions;
import io.vertx.core.http.RequestOptions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * One upstream client per event loop, each with its own connection pool, so a request's upstream
 * connection lives on the event loop that serves the request. With one client shared by the loops,
 * a request could borrow a connection another loop created, and every write and every read of it
 * then crossed between the two threads. Measured at 1,000 rps (bench/added-latency.sh, two runs
 * each): Tollgate's p50 468-507 µs with two loops sharing a client, 324-335 µs with one loop, p90
 * 1.0-1.5 ms against 0.57-0.66 ms (docs/BENCHMARKS.md). Each loop keeps its connections itself
 * ({@link LoopConnections}), at most the pool's HTTP/1.1 size per origin. Calls from outside an
 * event loop (a worker, a test's thread) share one pooled client.
 */
final class PerLoopClient implements HttpClient {

  private final Vertx vertx;
  private final HttpClientOptions options;
  private final PoolOptions pool;
  private final Duration keepAlive;
  private final Map<Thread, LoopConnections> byLoop = new ConcurrentHashMap<>();
  private final HttpClient shared;

  PerLoopClient(Vertx vertx, HttpClientOptions options, PoolOptions pool) {
    this.vertx = vertx;
    this.options = options;
    this.pool = pool;
    this.keepAlive = Duration.ofSeconds(options.getKeepAliveTimeout());
    this.shared = vertx.createHttpClient(options, pool);
  }

  @Override
  public Future<HttpClientRequest> request(RequestOptions request) {
    LoopConnections loop = loop();
    return loop == null || request.getHost() == null
        ? shared.request(request)
        : loop.request(request);
  }

  /** This event loop's connections, or null off an event loop. */
  LoopConnections loop() {
    Context context = Vertx.currentContext();
    if (context == null || !context.isEventLoopContext() || !Context.isOnEventLoopThread()) {
      return null;
    }
    return byLoop.computeIfAbsent(
        Thread.currentThread(),
        t ->
            new LoopConnections(
                vertx, vertx.createHttpClient(options, pool), pool.getHttp1MaxSize(), keepAlive));
  }

  @Override
  public Future<Void> shutdown(Duration timeout) {
    List<Future<Void>> all = new ArrayList<>();
    all.add(shared.shutdown(timeout));
    byLoop.values().forEach(c -> all.add(c.close(timeout)));
    return Future.all(all).mapEmpty();
  }
}

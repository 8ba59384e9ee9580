package dev.tollgate.provider.openai;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpClientAgent;
import io.vertx.core.http.HttpClientConnection;
import io.vertx.core.http.HttpClientRequest;
import io.vertx.core.http.HttpConnectOptions;
import io.vertx.core.http.RequestOptions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The upstream connections of one event loop, kept by origin (host, port, TLS) and used for one
 * request at a time each, without Vert.x's connection pool. Every method runs on the loop that owns
 * this set, so nothing here is locked.
 *
 * <p><b>Why not the pool.</b> A pooled request first resolves its endpoint and leases a connection
 * through the pool's shared resource manager: about two thirds of the cost of {@code
 * HttpClient.request} at saturation, 7% of the event loops' samples (docs/BENCHMARKS.md, "Profiling
 * notes, fourth pass"). Here a request takes the first connection of its origin that has no request
 * in flight, and opens one more while the origin has fewer than {@code max}; when all {@code max}
 * are busy it queues on one of them, in turn (a Vert.x connection of its own keeps the requests it
 * cannot start yet, and starts each when the one before it ends).
 *
 * <p><b>Lifetime.</b> A connection leaves the set when it closes, whoever closed it (the upstream,
 * a {@code connection: close} answer, a reset). One that has carried no request for {@code
 * keepAlive} is closed by a sweep that runs every {@code keepAlive}, so an idle connection lives
 * between one and two times that.
 */
final class LoopConnections {

  private final Vertx vertx;
  private final HttpClientAgent agent;
  private final int max;
  private final long keepAliveMs;
  private final Map<Origin, List<Slot>> byOrigin = new HashMap<>();
  private long sweeper = -1;
  private int turn;

  /** Connections opened through {@code agent}, at most {@code max} per origin. */
  LoopConnections(Vertx vertx, HttpClientAgent agent, int max, Duration keepAlive) {
    this.vertx = vertx;
    this.agent = agent;
    this.max = max;
    this.keepAliveMs = keepAlive.toMillis();
  }

  /** A request on a connection of {@code options}' origin; on this set's event loop only. */
  Future<HttpClientRequest> request(RequestOptions options) {
    Origin origin = Origin.of(options);
    List<Slot> slots = byOrigin.computeIfAbsent(origin, o -> new ArrayList<>());
    Slot slot = free(slots);
    if (slot == null) {
      slot = slots.size() < max ? open(origin, options, slots) : slots.get(turn++ % slots.size());
    }
    slot.lastUsed = System.nanoTime();
    return slot.connection.compose(c -> c.request(options));
  }

  /** How many connections this loop holds to the origin of {@code options}: for tests. */
  int size(RequestOptions options) {
    return byOrigin.getOrDefault(Origin.of(options), List.of()).size();
  }

  /** Closes every connection and the agent that opened them. */
  Future<Void> close(Duration timeout) {
    if (sweeper >= 0) {
      vertx.cancelTimer(sweeper);
    }
    List<Future<?>> closing = new ArrayList<>();
    byOrigin.values().forEach(slots -> List.copyOf(slots).forEach(s -> closing.add(s.close())));
    byOrigin.clear();
    return Future.join(closing).transform(v -> agent.shutdown(timeout));
  }

  private static Slot free(List<Slot> slots) {
    for (Slot s : slots) {
      if (s.connection.succeeded()) {
        HttpClientConnection c = s.connection.result();
        if (c.activeStreams() < c.maxActiveStreams()) {
          return s;
        }
      }
    }
    return null;
  }

  private Slot open(Origin origin, RequestOptions options, List<Slot> slots) {
    HttpConnectOptions connect =
        new HttpConnectOptions()
            .setHost(origin.host())
            .setPort(origin.port())
            .setSsl(origin.ssl())
            .setConnectTimeout(options.getConnectTimeout());
    Slot slot = new Slot(agent.connect(connect));
    slots.add(slot);
    slot.connection.onComplete(
        c -> {
          if (c.failed()) {
            slots.remove(slot);
          } else {
            c.result().closeHandler(v -> slots.remove(slot));
          }
        });
    if (sweeper < 0) {
      sweeper = vertx.setPeriodic(keepAliveMs, id -> sweep());
    }
    return slot;
  }

  /** Closes the connections that have carried nothing for the keep-alive time. */
  private void sweep() {
    long now = System.nanoTime();
    for (List<Slot> slots : byOrigin.values()) {
      for (Slot s : List.copyOf(slots)) {
        if (now - s.lastUsed >= keepAliveMs * 1_000_000
            && s.connection.succeeded()
            && s.connection.result().activeStreams() == 0) {
          slots.remove(s);
          s.close();
        }
      }
    }
  }

  /** Where a connection goes: what makes two requests able to share it. */
  record Origin(String host, int port, boolean ssl) {

    static Origin of(RequestOptions options) {
      boolean ssl = Boolean.TRUE.equals(options.isSsl());
      Integer port = options.getPort();
      return new Origin(options.getHost(), port != null ? port : ssl ? 443 : 80, ssl);
    }
  }

  /** One connection, while it is being opened and after. */
  private static final class Slot {
    final Future<HttpClientConnection> connection;
    long lastUsed = System.nanoTime();

    Slot(Future<HttpClientConnection> connection) {
      this.connection = connection;
    }

    Future<Void> close() {
      return connection.succeeded() ? connection.result().close() : Future.succeededFuture();
    }
  }
}

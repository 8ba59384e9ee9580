package dev.tollgate.testkit;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.vertx.core.Handler;
import io.vertx.core.MultiMap;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * What every mock provider shares: a real HTTP server on a free port of {@code 127.0.0.1} that
 * records each request, can wait before answering, and counts the streams it finished and those the
 * other side cut. Subclasses speak one provider's wire format.
 */
public abstract class MockUpstream implements AutoCloseable {

  static final ObjectMapper JSON = new ObjectMapper();

  /**
   * A request as the mock received it.
   *
   * @param path the request path, e.g. {@code /v1/chat/completions}
   * @param headers the headers, names in lower case
   * @param body the body as received
   * @param query the query string, e.g. {@code api-version=2025-04-01-preview}; "" if none
   */
  public record Received(String path, Map<String, String> headers, String body, String query) {
    /** The body parsed as JSON. */
    public JsonNode json() {
      try {
        return JSON.readTree(body);
      } catch (IOException e) {
        throw new IllegalStateException("the body is not JSON: " + body, e);
      }
    }
  }

  /** The mock's own Vert.x, for timers. */
  final Vertx vertx;

  private final HttpServer server;
  private final List<Received> received = new CopyOnWriteArrayList<>();
  private final AtomicInteger finished = new AtomicInteger();
  private final AtomicInteger cut = new AtomicInteger();

  private volatile boolean backpressure;

  /** How long each answer waits before its headers go out. */
  volatile Duration delay = Duration.ZERO;

  MockUpstream() {
    vertx = Vertx.vertx();
    server = vertx.createHttpServer().requestHandler(this::handle);
  }

  /** Starts {@code mock} listening on a free port, or closes it and fails. */
  static <M extends MockUpstream> M listen(M mock) {
    MockUpstream m = mock;
    try {
      m.server.listen(0, "127.0.0.1").await(10, TimeUnit.SECONDS);
    } catch (Exception e) {
      mock.close();
      throw new IllegalStateException("the mock upstream could not listen", e);
    }
    return mock;
  }

  /** The port the mock listens on. */
  int port() {
    return server.actualPort();
  }

  /** The requests received so far, oldest first. */
  public List<Received> received() {
    return List.copyOf(received);
  }

  /** How many streams the mock has sent to the end. */
  public int finishedStreams() {
    return finished.get();
  }

  /** How many streams the other side closed before the mock had ended them. */
  public int cutStreams() {
    return cut.get();
  }

  /**
   * Whether a stream ever found its write queue full, i.e. the other side stopped reading for a
   * while; the mock then waits for it to drain.
   */
  public boolean sawBackpressure() {
    return backpressure;
  }

  /** If {@code out}'s write queue is full, calls {@code next} once it drains and returns true. */
  boolean waitForDrain(HttpServerResponse out, Handler<Void> next) {
    if (!out.writeQueueFull()) {
      return false;
    }
    backpressure = true;
    out.drainHandler(next);
    return true;
  }

  /** Answers one recorded request. */
  abstract void answer(HttpServerResponse out, Received r);

  /**
   * Watches a stream about to be sent: the returned flag is to be set when the mock ends it; a
   * close before that counts as a cut.
   */
  boolean[] track(HttpServerResponse out) {
    boolean[] ended = {false};
    out.closeHandler(
        v -> {
          if (!ended[0]) {
            cut.incrementAndGet();
          }
        });
    return ended;
  }

  /** Ends a tracked stream with its last {@code event}, counting it finished once sent. */
  void finish(HttpServerResponse out, String event, boolean[] ended) {
    ended[0] = true;
    out.end(event).onSuccess(v -> finished.incrementAndGet());
  }

  private void handle(HttpServerRequest request) {
    request
        .body()
        .onSuccess(
            body -> {
              Map<String, String> headers = new TreeMap<>();
              MultiMap h = request.headers();
              h.names().forEach(n -> headers.put(n.toLowerCase(Locale.ROOT), h.get(n)));
              String query = request.query() == null ? "" : request.query();
              Received r = new Received(request.path(), headers, body.toString(), query);
              received.add(r);
              long wait = delay.toMillis();
              if (wait > 0) {
                vertx.setTimer(wait, t -> reply(request.response(), r));
              } else {
                reply(request.response(), r);
              }
            });
  }

  private void reply(HttpServerResponse out, Received r) {
    if (!out.closed()) {
      answer(out, r);
    }
  }

  /** Stops the server. */
  @Override
  public void close() {
    try {
      vertx.close().await(10, TimeUnit.SECONDS);
    } catch (Exception e) {
      // Closing anyway; a test's tear-down has nothing better to do.
    }
  }
}

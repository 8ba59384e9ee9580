package dev.tollgate.bench.load;

import io.vertx.core.Context;
import io.vertx.core.MultiMap;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpClientResponse;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpVersion;
import io.vertx.core.http.PoolOptions;
import io.vertx.core.http.RequestOptions;
import java.net.URI;
import java.time.Duration;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The server under test: one POST with a fixed body and headers over a pool of keep-alive HTTP/1.1
 * connections, its outcome recorded into a {@link Recorder}. Requests beyond the pool's connections
 * wait in the pool's queue, and that wait counts in their latency.
 */
final class Target implements AutoCloseable {

  private static final byte[] DATA = "data:".getBytes(java.nio.charset.StandardCharsets.US_ASCII);

  private final HttpClient client;
  private final RequestOptions options;
  private final Buffer body;
  private final boolean stream;
  private final AtomicLong measuredInFlight = new AtomicLong();
  private boolean abandoned;

  Target(
      Vertx vertx,
      URI url,
      Buffer body,
      MultiMap headers,
      int connections,
      Duration timeout,
      boolean stream) {
    HttpClientOptions http =
        new HttpClientOptions()
            .setProtocolVersion(HttpVersion.HTTP_1_1)
            .setKeepAlive(true)
            .setTcpNoDelay(true)
            .setName("loadgen");
    this.client = vertx.createHttpClient(http, new PoolOptions().setHttp1MaxSize(connections));
    this.options =
        new RequestOptions()
            .setMethod(HttpMethod.POST)
            .setAbsoluteURI(url.toString())
            .setHeaders(headers)
            .setIdleTimeout(timeout.toMillis());
    this.body = body;
    this.stream = stream;
  }

  /**
   * Sends one request from any thread: it is counted in flight at once, then sent on {@code
   * context}. Counting it before the hop is what lets {@link Run} wait for the last request of a
   * run instead of finishing while it is still on its way to the event loop.
   *
   * @param intended when it was meant to start ({@link System#nanoTime()})
   * @param then run once it has ended, however it ended
   */
  void dispatch(Context context, long intended, Recorder recorder, Runnable then) {
    boolean measured = enter(intended, recorder);
    context.runOnContext(v -> start(intended, recorder, measured, then));
  }

  /**
   * Sends one request; must be called on a Vert.x context.
   *
   * @param then run once it has ended, however it ended (the closed loop sends the next)
   */
  void send(long intended, Recorder recorder, Runnable then) {
    start(intended, recorder, enter(intended, recorder), then);
  }

  private boolean enter(long intended, Recorder recorder) {
    boolean measured = recorder.measured(intended);
    if (measured) {
      measuredInFlight.incrementAndGet();
      recorder.sent();
    }
    return measured;
  }

  private void start(long intended, Recorder recorder, boolean measured, Runnable then) {
    Exchange exchange = new Exchange(intended, System.nanoTime(), recorder, measured, then);
    client
        .request(options)
        .compose(req -> req.send(body))
        .onComplete(
            ar -> {
              if (ar.failed()) {
                exchange.failed(ar.cause());
              } else {
                read(ar.result(), exchange);
              }
            });
  }

  /** Measured requests not yet ended. */
  long measuredInFlight() {
    return measuredInFlight.get();
  }

  /** Counts every measured request still open as timed out; what they do later is ignored. */
  synchronized void abandon(Recorder recorder) {
    abandoned = true;
    recorder.timeouts(measuredInFlight.getAndSet(0));
  }

  /** Records an ended request unless the run has abandoned it, then takes it out of flight. */
  private synchronized void record(boolean measured, Runnable record) {
    if (!abandoned) {
      record.run();
      if (measured) {
        measuredInFlight.decrementAndGet();
      }
    }
  }

  @Override
  public void close() {
    client.close().await();
  }

  private void read(HttpClientResponse response, Exchange exchange) {
    if (stream) {
      response.handler(
          buf -> {
            if (exchange.firstData < 0 && contains(buf, DATA)) {
              exchange.firstData = System.nanoTime();
            }
          });
    } else {
      response.handler(buf -> {});
    }
    response.exceptionHandler(exchange::failed);
    response.endHandler(v -> exchange.ended(response.statusCode()));
  }

  static boolean contains(Buffer buf, byte[] needle) {
    int n = buf.length() - needle.length;
    outer:
    for (int i = 0; i <= n; i++) {
      for (int j = 0; j < needle.length; j++) {
        if (buf.getByte(i + j) != needle[j]) {
          continue outer;
        }
      }
      return true;
    }
    return false;
  }

  /** One request's state; its methods run on the request's event loop. */
  private final class Exchange {
    final long intended;
    final long sent;
    final Recorder recorder;
    final boolean measured;
    final Runnable then;
    long firstData = -1;
    boolean done;

    Exchange(long intended, long sent, Recorder recorder, boolean measured, Runnable then) {
      this.intended = intended;
      this.sent = sent;
      this.recorder = recorder;
      this.measured = measured;
      this.then = then;
    }

    void ended(int status) {
      long end = System.nanoTime();
      end(
          () -> {
            if (status / 100 == 2) {
              recorder.success(intended, sent, firstData, end);
            } else {
              recorder.non2xx(intended);
            }
          });
    }

    void failed(Throwable t) {
      boolean timeout =
          t instanceof TimeoutException || t.getClass().getSimpleName().contains("Timeout");
      end(
          () -> {
            if (timeout) {
              recorder.timeout(intended);
            } else {
              recorder.failure(intended);
            }
          });
    }

    /** Records the outcome once (a response can fail after it ended), then runs {@code then}. */
    private void end(Runnable outcome) {
      if (done) {
        return;
      }
      done = true;
      record(measured, outcome);
      then.run();
    }
  }
}

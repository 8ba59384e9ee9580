package dev.tollgate.bench.load;

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
  private volatile boolean abandoned;

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
   * Sends one request; must be called on a Vert.x context.
   *
   * @param intended when it was meant to start ({@link System#nanoTime()})
   * @param then run once it has ended, however it ended (the closed loop sends the next)
   */
  void send(long intended, Recorder recorder, Runnable then) {
    boolean measured = recorder.measured(intended);
    if (measured) {
      measuredInFlight.incrementAndGet();
    }
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
  void abandon(Recorder recorder) {
    abandoned = true;
    recorder.timeouts(measuredInFlight.getAndSet(0));
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
      if (finish()) {
        if (status / 100 == 2) {
          recorder.success(intended, sent, firstData, System.nanoTime());
        } else {
          recorder.non2xx(intended);
        }
      }
    }

    void failed(Throwable t) {
      if (finish()) {
        if (t instanceof TimeoutException || t.getClass().getSimpleName().contains("Timeout")) {
          recorder.timeout(intended);
        } else {
          recorder.failure(intended);
        }
      }
    }

    /** Marks the end; false if it had ended already or the run abandoned it. */
    private boolean finish() {
      if (done) {
        return false;
      }
      done = true;
      boolean record = !abandoned;
      if (measured && record) {
        measuredInFlight.decrementAndGet();
      }
      then.run();
      return record;
    }
  }
}

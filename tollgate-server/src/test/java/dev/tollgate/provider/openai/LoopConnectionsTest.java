package dev.tollgate.provider.openai;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpClientResponse;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.PoolOptions;
import io.vertx.core.http.RequestOptions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class LoopConnectionsTest {

  private final Vertx vertx = Vertx.vertx();
  private final Set<String> connections = ConcurrentHashMap.newKeySet();
  private final List<HttpServerRequest> held = new CopyOnWriteArrayList<>();

  @AfterEach
  void close() {
    vertx.close().await();
  }

  /** A server that answers "ok", holding each request while {@code hold} says so. */
  private RequestOptions server(Supplier<Boolean> hold, boolean closeAfter) {
    HttpServer server =
        vertx
            .createHttpServer()
            .requestHandler(
                r -> {
                  connections.add(r.remoteAddress().toString());
                  if (closeAfter) {
                    r.response().putHeader("connection", "close");
                  }
                  if (hold.get()) {
                    held.add(r);
                  } else {
                    r.response().end("ok");
                  }
                })
            .listen(0, "127.0.0.1")
            .await();
    return new RequestOptions()
        .setMethod(HttpMethod.GET)
        .setAbsoluteURI("http://127.0.0.1:" + server.actualPort() + "/");
  }

  private LoopConnections connections(int max, Duration keepAlive) {
    return new LoopConnections(
        vertx, vertx.createHttpClient(new HttpClientOptions(), new PoolOptions()), max, keepAlive);
  }

  private static <T> T on(Context loop, Supplier<Future<T>> work) {
    Promise<T> done = Promise.promise();
    loop.runOnContext(v -> work.get().onComplete(done));
    return done.future().await();
  }

  private static Future<String> get(LoopConnections set, RequestOptions options) {
    return set.request(options)
        .compose(r -> r.send())
        .compose(HttpClientResponse::body)
        .map(Object::toString);
  }

  @Test
  void concurrentRequestsOpenConnectionsUpToTheLimitAndTheRestQueueOnThem() throws Exception {
    RequestOptions options = server(() -> true, false);
    LoopConnections set = connections(2, Duration.ofMinutes(1));
    Context loop = vertx.getOrCreateContext();
    List<Future<String>> answers = new ArrayList<>();
    loop.runOnContext(
        v -> {
          for (int i = 0; i < 3; i++) {
            answers.add(get(set, options));
          }
        });
    while (held.size() < 2) {
      Thread.sleep(5);
    }
    Thread.sleep(100); // a third connection, were one opened, would have arrived by now
    assertThat(connections).hasSize(2);
    assertThat(held).hasSize(2);
    assertThat(on(loop, () -> Future.succeededFuture(set.size(options)))).isEqualTo(2);

    held.forEach(r -> r.response().end("ok"));
    while (held.size() < 3) {
      Thread.sleep(5); // the queued request went out on a connection that came free
    }
    held.get(2).response().end("ok");
    assertThat(Future.all(answers).await().<String>list()).containsExactly("ok", "ok", "ok");
    assertThat(connections).hasSize(2);
  }

  @Test
  void oneRequestAfterAnotherReusesOneConnection() {
    RequestOptions options = server(() -> false, false);
    LoopConnections set = connections(8, Duration.ofMinutes(1));
    Context loop = vertx.getOrCreateContext();
    for (int i = 0; i < 5; i++) {
      assertThat(on(loop, () -> get(set, options))).isEqualTo("ok");
    }
    assertThat(connections).hasSize(1);
  }

  @Test
  void aConnectionTheUpstreamClosesIsDroppedAndTheNextRequestOpensAnother() throws Exception {
    RequestOptions options = server(() -> false, true);
    LoopConnections set = connections(8, Duration.ofMinutes(1));
    Context loop = vertx.getOrCreateContext();
    assertThat(on(loop, () -> get(set, options))).isEqualTo("ok");
    while (on(loop, () -> Future.succeededFuture(set.size(options))) > 0) {
      Thread.sleep(5);
    }
    assertThat(on(loop, () -> get(set, options))).isEqualTo("ok");
    assertThat(connections).hasSize(2);
  }

  @Test
  void aConnectionIdleForTheKeepAliveTimeIsClosed() throws Exception {
    RequestOptions options = server(() -> false, false);
    LoopConnections set = connections(8, Duration.ofMillis(100));
    Context loop = vertx.getOrCreateContext();
    assertThat(on(loop, () -> get(set, options))).isEqualTo("ok");
    assertThat(on(loop, () -> Future.succeededFuture(set.size(options)))).isEqualTo(1);
    long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
    while (on(loop, () -> Future.succeededFuture(set.size(options))) > 0) {
      assertThat(System.nanoTime()).isLessThan(deadline);
      Thread.sleep(20);
    }
    assertThat(on(loop, () -> get(set, options))).isEqualTo("ok");
    assertThat(connections).hasSize(2);
  }

  @Test
  void aRefusedConnectionFailsTheRequestAndLeavesNothingBehind() {
    RequestOptions options =
        new RequestOptions()
            .setMethod(HttpMethod.GET)
            .setAbsoluteURI("http://127.0.0.1:1/")
            .setConnectTimeout(2_000);
    LoopConnections set = connections(8, Duration.ofMinutes(1));
    Context loop = vertx.getOrCreateContext();
    Promise<Throwable> failed = Promise.promise();
    loop.runOnContext(v -> get(set, options).onComplete(r -> failed.complete(r.cause())));
    assertThat(failed.future().await()).isInstanceOf(java.net.ConnectException.class);
    assertThat(on(loop, () -> Future.succeededFuture(set.size(options)))).isZero();
  }
}

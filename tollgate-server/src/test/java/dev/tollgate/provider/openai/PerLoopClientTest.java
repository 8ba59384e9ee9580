package dev.tollgate.provider.openai;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientResponse;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.RequestOptions;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class PerLoopClientTest {

  private final Vertx vertx = Vertx.vertx(new VertxOptions().setEventLoopPoolSize(2));

  @AfterEach
  void close() {
    vertx.close().await();
  }

  private static Thread thread(Context context) {
    Promise<Thread> t = Promise.promise();
    context.runOnContext(v -> t.complete(Thread.currentThread()));
    return t.future().await();
  }

  @Test
  void eachEventLoopKeepsItsOwnConnectionsAndReusesThem() throws Exception {
    Set<String> connections = ConcurrentHashMap.newKeySet();
    HttpServer server =
        vertx
            .createHttpServer()
            .requestHandler(
                r -> {
                  connections.add(r.remoteAddress().toString());
                  r.response().end("ok");
                })
            .listen(0, "127.0.0.1")
            .await();
    HttpClient client = OpenAiCompatible.client(vertx);
    RequestOptions get =
        new RequestOptions()
            .setMethod(HttpMethod.GET)
            .setHost("127.0.0.1")
            .setPort(server.actualPort())
            .setURI("/");
    // As the gateway serves: one verticle instance per event loop.
    List<Context> loops = new java.util.concurrent.CopyOnWriteArrayList<>();
    vertx
        .deployVerticle(
            () ->
                new io.vertx.core.VerticleBase() {
                  @Override
                  public Future<?> start() {
                    loops.add(context);
                    return Future.succeededFuture();
                  }
                },
            new io.vertx.core.DeploymentOptions().setInstances(2))
        .await();
    Context first = loops.get(0);
    Context second = loops.get(1);
    assertThat(List.of(first, second)).allMatch(Context::isEventLoopContext);
    assertThat(thread(first)).isNotEqualTo(thread(second));

    // One request after another: a shared pool would hand the second loop the first's idle
    // connection, and each of its reads and writes would cross between the two threads.
    for (Context loop : List.of(first, second, first, second)) {
      Promise<String> body = Promise.promise();
      loop.runOnContext(
          v ->
              client
                  .request(get)
                  .compose(req -> req.send())
                  .compose(HttpClientResponse::body)
                  .map(Object::toString)
                  .onComplete(body));
      assertThat(body.future().await()).isEqualTo("ok");
    }

    assertThat(connections).hasSize(2);
    Future<Void> shut = client.shutdown(java.time.Duration.ofSeconds(1));
    shut.await();
  }
}

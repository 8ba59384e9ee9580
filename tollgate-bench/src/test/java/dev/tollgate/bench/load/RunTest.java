package dev.tollgate.bench.load;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.MultiMap;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServer;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.function.Function;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Runs the generator against a real local server and checks what it counts, never how fast: every
 * request due in the measured window ends up as exactly one answer or one error.
 */
class RunTest {

  private static Vertx vertx;
  private static HttpServer server;

  @BeforeAll
  static void start() {
    vertx = Vertx.vertx();
    server =
        vertx
            .createHttpServer()
            .requestHandler(
                req ->
                    req.body()
                        .onSuccess(
                            body -> {
                              switch (req.path()) {
                                case "/fail" -> req.response().setStatusCode(503).end("{}");
                                case "/stream" ->
                                    req.response()
                                        .setChunked(true)
                                        .putHeader("content-type", "text/event-stream")
                                        .write(": comment\n\n")
                                        .compose(v -> req.response().write("data: {\"n\":1}\n\n"))
                                        .compose(v -> req.response().end("data: [DONE]\n\n"));
                                default -> req.response().end(body);
                              }
                            }))
            .listen(0)
            .await();
  }

  @AfterAll
  static void stop() {
    vertx.close().await();
  }

  /** Runs {@code how} against {@code url} with 4 connections and the given warm-up and window. */
  private static Run.Measured measure(
      String url, boolean stream, long warmupMs, long durationMs, Function<Run, Run.Measured> how) {
    try (Target target =
        new Target(
            vertx,
            URI.create(url),
            Buffer.buffer("{}"),
            MultiMap.caseInsensitiveMultiMap(),
            4,
            Duration.ofSeconds(5),
            stream)) {
      return how.apply(
          new Run(
              target,
              vertx.getOrCreateContext(),
              Duration.ofMillis(warmupMs),
              Duration.ofMillis(durationMs),
              Duration.ofSeconds(5)));
    }
  }

  private static Run.Measured openLoop(String path, boolean stream, long rate) {
    String url = "http://127.0.0.1:" + server.actualPort() + path;
    return measure(
        url, stream, 100, 400, run -> run.openLoop(rate, List.of(ProcessHandle.current().pid())));
  }

  @Test
  void everyRequestDueInTheMeasuredWindowIsCountedOnce() {
    Run.Measured m = openLoop("/echo", false, 200);
    // 200 rps: 20 requests in the 100 ms warm-up, 80 in the 400 ms measured.
    assertThat(m.result().sent()).isEqualTo(80);
    assertThat(m.result().ok()).isEqualTo(80);
    assertThat(m.result().errors()).isZero();
    assertThat(m.result().firstToken()).isNull();
    assertThat(m.process().maxRssBytes()).isPositive();
  }

  @Test
  void non2xxAnswersAreErrorsNotLatencies() {
    Run.Measured m = openLoop("/fail", false, 100);
    assertThat(m.result().ok()).isZero();
    assertThat(m.result().non2xx()).isEqualTo(40);
  }

  @Test
  void aStreamHasATimeToItsFirstDataEvent() {
    Run.Measured m = openLoop("/stream", true, 100);
    assertThat(m.result().ok()).isEqualTo(40);
    assertThat(m.result().firstToken()).isNotNull();
    assertThat(m.result().firstToken().max()).isLessThanOrEqualTo(m.result().latency().max());
  }

  @Test
  void aRefusedConnectionIsAFailure() {
    Run.Measured m =
        measure("http://127.0.0.1:1/refused", false, 0, 200, run -> run.openLoop(50, List.of()));
    assertThat(m.result().failures()).isEqualTo(10);
    assertThat(m.result().ok()).isZero();
    assertThat(m.process()).isNull();
  }

  @Test
  void theClosedLoopCountsWhatItSent() {
    String url = "http://127.0.0.1:" + server.actualPort() + "/echo";
    Run.Measured m = measure(url, false, 50, 200, run -> run.closedLoop(2, List.of()));
    // How many fit in 200 ms depends on the machine; that each one is counted once does not.
    assertThat(m.result().errors()).isZero();
    assertThat(m.result().ok()).isEqualTo(m.result().sent());
  }
}

package dev.tollgate.proxy;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tollgate.admin.TestGateways;
import dev.tollgate.ledger.UsageEvent;
import dev.tollgate.server.Gateway;
import dev.tollgate.usage.UsageKind;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.InstantSource;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A non-streamed answer reaches the client as the upstream wrote it, byte for byte (its spacing,
 * its field order, its escapes), not parsed and written out again, while its usage is still
 * metered.
 */
class AnswerBytesTest {

  /** Spacing, field order and escapes that writing the parsed tree out again would change. */
  private static final String ANSWER =
      "{ \"usage\" : {\"prompt_tokens\": 12, \"completion_tokens\": 3, \"total_tokens\": 15},\n"
          + "  \"id\": \"chatcmpl-bytes\", \"object\": \"chat.completion\", \"created\": 1,"
          + " \"model\": \"gpt-4o-mini\", \"choices\": [{\"index\": 0, \"finish_reason\": \"stop\","
          + " \"message\": {\"role\": \"assistant\", \"content\": \"caf\\u00e9 \\/ ok\"}}] }\n";

  @TempDir Path dir;

  private final Vertx vertx = Vertx.vertx();
  private Gateway gateway;

  @AfterEach
  void stop() {
    if (gateway != null) {
      gateway.close();
    }
    vertx.close().await();
  }

  @Test
  void theClientGetsTheUpstreamsBytesAndTheLedgerItsUsage() throws Exception {
    HttpServer upstream =
        vertx
            .createHttpServer()
            .requestHandler(
                r ->
                    r.body()
                        .onSuccess(
                            b ->
                                r.response()
                                    .putHeader("content-type", "application/json")
                                    .end(ANSWER)))
            .listen(0, "127.0.0.1")
            .await();
    gateway =
        TestGateways.start(
            dir,
            "providers:\n  upstream: {catalog_provider: openai, base_url: \"http://127.0.0.1:"
                + upstream.actualPort()
                + "/v1\"}\n",
            InstantSource.system());

    HttpResponse<String> response =
        HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .build()
            .send(
                HttpRequest.newBuilder(
                        URI.create("http://127.0.0.1:" + gateway.port() + "/v1/chat/completions"))
                    .header("authorization", "Bearer " + gateway.demoKeySecret().orElseThrow())
                    .header("content-type", "application/json")
                    .POST(
                        HttpRequest.BodyPublishers.ofString(
                            "{\"model\":\"gpt-4o-mini\",\"messages\":"
                                + "[{\"role\":\"user\",\"content\":\"Hi\"}]}"))
                    .build(),
                HttpResponse.BodyHandlers.ofString());

    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(response.body()).isEqualTo(ANSWER);
    UsageEvent event =
        gateway
            .accounting()
            .ledger()
            .event(response.headers().firstValue("x-tollgate-request-id").orElseThrow())
            .orElseThrow();
    assertThat(event.usage().count(UsageKind.INPUT)).isEqualTo(12);
    assertThat(event.usage().count(UsageKind.OUTPUT)).isEqualTo(3);
    assertThat(event.actualCost().nanos()).isPositive();
  }
}

package dev.tollgate.proxy;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tollgate.budget.BudgetStatus;
import dev.tollgate.budget.Scope;
import dev.tollgate.catalog.PriceBook;
import dev.tollgate.config.TollgateConfig;
import dev.tollgate.ledger.UsageEvent;
import dev.tollgate.provider.ChatCall;
import dev.tollgate.provider.Provider;
import dev.tollgate.provider.ProviderResponse;
import dev.tollgate.server.Gateway;
import io.vertx.core.Future;
import io.vertx.core.Handler;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.time.InstantSource;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A provider that fails: the reservation is released, the ledger records an ERROR, not a charge.
 */
class ProviderFailureTest {

  @TempDir Path dir;

  private Gateway gateway;

  @AfterEach
  void stop() {
    gateway.close();
  }

  private HttpResponse<String> call(Provider provider) throws Exception {
    return call(provider, false);
  }

  private HttpResponse<String> call(Provider provider, boolean stream) throws Exception {
    TollgateConfig config = TollgateConfig.defaults(dir).withServer("127.0.0.1", 0);
    gateway = Gateway.start(config, InstantSource.system(), PriceBook.load(config), provider);
    HttpRequest request =
        HttpRequest.newBuilder(
                URI.create("http://127.0.0.1:" + gateway.port() + "/v1/chat/completions"))
            .header("authorization", "Bearer " + gateway.demoKeySecret().orElseThrow())
            .timeout(Duration.ofSeconds(10))
            .POST(
                HttpRequest.BodyPublishers.ofString(
                    "{\"model\":\"gpt-4o-mini\",\"stream\":"
                        + stream
                        + ",\"messages\":[{\"role\":\"user\",\"content\":\"Hi\"}]}"))
            .build();
    return HttpClient.newHttpClient().send(request, HttpResponse.BodyHandlers.ofString());
  }

  private void assertReleasedAndRecordedAsError(HttpResponse<String> response) {
    String id = response.headers().firstValue("x-tollgate-request-id").orElseThrow();
    UsageEvent event = gateway.accounting().ledger().event(id).orElseThrow();
    assertThat(event.outcome()).isEqualTo(UsageEvent.Outcome.ERROR);
    assertThat(event.billable()).isFalse();
    BudgetStatus global = gateway.accounting().engine().status(Scope.GLOBAL).getFirst();
    assertThat(global.spent()).isZero();
    assertThat(global.reserved()).isZero();
    assertThat(gateway.accounting().engine().activeReservations()).isZero();
  }

  @Test
  void noAnswerIsA502AndTheReservationIsReleased() throws Exception {
    HttpResponse<String> response =
        call(new Broken(Future.failedFuture(new java.io.IOException("connection refused"))));

    assertThat(response.statusCode()).isEqualTo(502);
    assertThat(response.body()).contains("\"type\":\"upstream_error\"").doesNotContain("at dev.");
    assertReleasedAndRecordedAsError(response);
  }

  @Test
  void anUpstreamErrorIsPassedThroughAndTheReservationIsReleased() throws Exception {
    ObjectNode body = JsonNodeFactory.instance.objectNode();
    body.putObject("error").put("type", "rate_limit_error").put("message", "slow down");

    HttpResponse<String> response =
        call(new Broken(Future.succeededFuture(new ProviderResponse(429, body))));

    assertThat(response.statusCode()).isEqualTo(429);
    assertThat(response.body()).contains("slow down");
    assertReleasedAndRecordedAsError(response);
  }

  @Test
  void noAnswerIsRetriedWithTheDefaultRetriesBeforeThe502() throws Exception {
    Broken broken = new Broken(Future.failedFuture(new java.io.IOException("connection refused")));

    HttpResponse<String> response = call(broken);

    assertThat(response.statusCode()).isEqualTo(502);
    assertThat(broken.calls.get()).as("one call and routing.retries (2) retries").isEqualTo(3);
    assertReleasedAndRecordedAsError(response);
  }

  @Test
  void aStreamThatBrokeAfterItsFirstChunkReachedTheClientIsNotRetried() throws Exception {
    BrokenMidStream provider = new BrokenMidStream();

    HttpResponse<String> response = call(provider, true);

    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(response.body()).contains("\"content\":\"Hel\"").contains("upstream_error");
    assertThat(provider.calls.get()).isEqualTo(1);
    assertThat(gateway.accounting().engine().activeReservations()).isZero();
    BudgetStatus global = gateway.accounting().engine().status(Scope.GLOBAL).getFirst();
    assertThat(global.reserved()).isZero();
  }

  /** Sends one chunk of text, then breaks off as an upstream that went away does. */
  private static final class BrokenMidStream implements Provider {
    final java.util.concurrent.atomic.AtomicInteger calls =
        new java.util.concurrent.atomic.AtomicInteger();

    @Override
    public String id() {
      return "broken";
    }

    @Override
    public Future<ProviderResponse> chat(ChatCall call) {
      return Future.failedFuture(new IllegalStateException("not used"));
    }

    @Override
    public Future<Void> chatStream(ChatCall call, Handler<ObjectNode> chunks) {
      calls.incrementAndGet();
      ObjectNode chunk = JsonNodeFactory.instance.objectNode();
      chunk.put("id", "chatcmpl-1").put("object", "chat.completion.chunk").put("model", "m");
      ObjectNode choice = chunk.putArray("choices").addObject();
      choice.put("index", 0).putObject("delta").put("content", "Hel");
      chunks.handle(chunk);
      return Future.failedFuture(
          new ProxyException(
              502,
              "upstream_error",
              "upstream_unavailable",
              null,
              "the upstream went away",
              java.util.OptionalLong.empty()));
    }
  }

  private record Broken(
      Future<ProviderResponse> answer, java.util.concurrent.atomic.AtomicInteger calls)
      implements Provider {

    Broken(Future<ProviderResponse> answer) {
      this(answer, new java.util.concurrent.atomic.AtomicInteger());
    }

    @Override
    public String id() {
      return "broken";
    }

    @Override
    public Future<ProviderResponse> chat(ChatCall call) {
      calls.incrementAndGet();
      return answer;
    }

    @Override
    public Future<Void> chatStream(ChatCall call, Handler<ObjectNode> chunks) {
      return answer.mapEmpty();
    }
  }
}

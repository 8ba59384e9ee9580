package dev.tollgate.proxy;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tollgate.budget.BudgetStatus;
import dev.tollgate.config.ConfigLoader;
import dev.tollgate.config.TollgateConfig;
import dev.tollgate.ledger.Dimension;
import dev.tollgate.ledger.Totals;
import dev.tollgate.ledger.UsageEvent;
import dev.tollgate.money.Money;
import dev.tollgate.server.Gateway;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Black-box, the concurrency test: 200 streaming requests at once against a hard budget
 * that affords about half of them. The budget is never overspent, each request is either served and
 * billed or refused with 402, the ledger holds exactly the served costs, and no reservation is left
 * behind.
 */
class ConcurrentStreamsTest {

  private static final int REQUESTS = 200;

  /**
   * gpt-4o-mini, max_tokens 20: reserved 8 x 0.15 + 20 x 0.6 = 13.2 µ$, billed 9 x 0.15 + 14 x 0.6
   * = 9.75 µ$ (the simulated provider's usage). $0.001 pays for 102 of them.
   */
  private static final String BODY =
      "{\"model\":\"gpt-4o-mini\",\"stream\":true,\"max_tokens\":20,"
          + "\"messages\":[{\"role\":\"user\",\"content\":\"Hello\"}]}";

  private static final String YAML =
      """
      budgets:
        define:
          - id: hard-cap
            scope: global
            limit_usd: 0.001
            period: daily
            enforcement: hard
            emergency_reserve_percent: 0
      """;

  @TempDir Path dir;

  private Gateway gateway;
  private ExecutorService threads;

  @AfterEach
  void stop() {
    if (gateway != null) {
      gateway.close();
    }
    if (threads != null) {
      threads.shutdownNow();
    }
  }

  @Test
  void twoHundredParallelStreamsNeverOverspendAHardBudget() throws Exception {
    Path file = Files.writeString(dir.resolve("tollgate.yaml"), YAML);
    TollgateConfig config =
        ConfigLoader.load(Optional.of(file), Map.of(), dir)
            .withServer("127.0.0.1", 0)
            .withDataDir(dir.resolve("data"));
    gateway = Gateway.start(config, InstantSource.system());
    String key = gateway.demoKeySecret().orElseThrow();
    threads = Executors.newFixedThreadPool(32);
    HttpClient client =
        HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).executor(threads).build();
    HttpRequest request =
        HttpRequest.newBuilder(
                URI.create("http://127.0.0.1:" + gateway.port() + "/v1/chat/completions"))
            .timeout(Duration.ofSeconds(30))
            .header("content-type", "application/json")
            .header("authorization", "Bearer " + key)
            .POST(HttpRequest.BodyPublishers.ofString(BODY))
            .build();

    List<CompletableFuture<HttpResponse<String>>> calls = new ArrayList<>();
    for (int i = 0; i < REQUESTS; i++) {
      calls.add(client.sendAsync(request, HttpResponse.BodyHandlers.ofString()));
    }
    CompletableFuture.allOf(calls.toArray(CompletableFuture[]::new)).join();

    long served = 0;
    long refused = 0;
    long billed = 0;
    for (CompletableFuture<HttpResponse<String>> call : calls) {
      HttpResponse<String> response = call.join();
      UsageEvent event = event(response);
      if (response.statusCode() == 200) {
        served++;
        String cost = comment(response.body(), "x-tollgate-cost-usd");
        assertThat(response.body()).endsWith("data: [DONE]\n\n");
        assertThat(event.outcome()).isEqualTo(UsageEvent.Outcome.SUCCESS);
        assertThat(event.actualCost()).isEqualTo(Money.ofUsd(cost));
        billed += event.actualCost().nanos();
      } else {
        assertThat(response.statusCode()).as(response.body()).isEqualTo(402);
        assertThat(response.body()).contains("budget_exceeded");
        assertThat(event.outcome()).isEqualTo(UsageEvent.Outcome.DENIED);
        refused++;
      }
    }

    BudgetStatus cap = gateway.accounting().engine().status("hard-cap");
    assertThat(served + refused).isEqualTo(REQUESTS);
    assertThat(served).isBetween(1L, 102L);
    assertThat(refused).isPositive();
    assertThat(cap.spent()).isEqualTo(billed).isLessThanOrEqualTo(cap.allocated());
    assertThat(cap.reserved()).isZero();
    assertThat(gateway.accounting().engine().activeReservations()).isZero();
    Totals ledger =
        gateway
            .accounting()
            .ledger()
            .totals(Dimension.GLOBAL, "", Instant.EPOCH, Instant.now().plusSeconds(3600));
    assertThat(ledger.costNanos()).isEqualTo(billed);
    assertThat(ledger.requests()).isEqualTo(served);
  }

  /**
   * The request's ledger event. A served request's is durable before its answer; a denied one's is
   * written without making the client wait, so it is polled for, briefly.
   */
  private UsageEvent event(HttpResponse<String> response) throws InterruptedException {
    String id = response.headers().firstValue("x-tollgate-request-id").orElseThrow();
    for (int i = 0; i < 100; i++) {
      Optional<UsageEvent> event = gateway.accounting().ledger().event(id);
      if (event.isPresent()) {
        return event.get();
      }
      assertThat(response.statusCode())
          .as("a served request's event is durable first")
          .isNotEqualTo(200);
      Thread.sleep(20);
    }
    throw new AssertionError("no ledger event for " + id);
  }

  /** The value of the SSE comment {@code : name value}. */
  private static String comment(String sse, String name) {
    for (String block : sse.split("\n\n")) {
      if (block.startsWith(": " + name + " ")) {
        return block.substring(name.length() + 3).strip();
      }
    }
    throw new AssertionError("no " + name + " comment in " + sse);
  }
}

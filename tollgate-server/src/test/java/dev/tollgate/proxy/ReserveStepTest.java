package dev.tollgate.proxy;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tollgate.budget.BudgetEngine;
import dev.tollgate.budget.BudgetListener;
import dev.tollgate.budget.BudgetSpec;
import dev.tollgate.budget.Metric;
import dev.tollgate.budget.Period;
import dev.tollgate.budget.Scope;
import dev.tollgate.ledger.Attribution;
import dev.tollgate.money.Money;
import dev.tollgate.pricing.Catalog;
import dev.tollgate.pricing.CatalogFile;
import dev.tollgate.pricing.CatalogReader;
import dev.tollgate.pricing.Pricer;
import dev.tollgate.pricing.Resolution;
import dev.tollgate.pricing.UnknownModelPolicy;
import dev.tollgate.proxy.openai.ChatRequest;
import io.vertx.core.MultiMap;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.List;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;

class ReserveStepTest {

  private static final Instant NOON = Instant.parse("2026-05-01T12:00:00Z");

  @Test
  void aPromptAboveTheLongContextThresholdReservesItsOutputAtTheTierPrice() {
    CatalogFile bundled = CatalogReader.bundled();
    Pricer pricer =
        new Pricer(
            Catalog.of(bundled.models(), bundled.localProviders()), UnknownModelPolicy.REFUSE);
    BudgetEngine engine =
        new BudgetEngine(
            List.of(
                BudgetSpec.builder(
                        "org",
                        Scope.GLOBAL,
                        Metric.COST,
                        Money.ofUsd("1000").nanos(),
                        Period.of(Period.Kind.MONTHLY))
                    .build()),
            InstantSource.fixed(NOON),
            Duration.ofMinutes(10),
            BudgetListener.NONE);
    ReserveStep step = new ReserveStep(engine);
    // 800,004 characters of text: 200,001 tokens plus 4 for the message and 3 for the reply.
    ObjectMapper json = new ObjectMapper();
    ObjectNode body = json.createObjectNode();
    body.putArray("messages").addObject().put("role", "user").put("content", "x".repeat(800_004));
    Exchange x = new Exchange("r1", NOON, MultiMap.caseInsensitiveMultiMap(), new byte[0], null);
    x.request =
        new ChatRequest(
            body,
            "claude-sonnet-4-5",
            body.get("messages"),
            OptionalLong.of(1000),
            "max_tokens",
            false,
            "");
    x.who = Attribution.NONE;
    x.pricer = pricer;
    x.model = ((Resolution.Known) pricer.catalog().resolve("claude-sonnet-4-5")).model();
    x.servedModel = "claude-sonnet-4-5";
    x.provider = new dev.tollgate.provider.simulated.SimulatedProvider(InstantSource.fixed(NOON));

    step.before(x);

    // Above 200,000 prompt tokens Sonnet 4.5 bills input at $6 and output at $22.50 per 1M:
    // 200,008 × 6 + 1,000 × 22.5 = 1,200,048 + 22,500 = 1,222,548 per 1M = $1.222548.
    // The base output rate ($15) would have reserved only $1.215048.
    assertThat(x.reservation.estimate().worstCost()).isEqualTo(Money.ofUsd("1.222548"));
  }
}

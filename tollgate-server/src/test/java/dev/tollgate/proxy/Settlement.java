package dev.tollgate.proxy;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tollgate.budget.BudgetStatus;
import dev.tollgate.budget.Scope;
import dev.tollgate.ledger.UsageEvent;
import dev.tollgate.server.Gateway;
import java.net.http.HttpResponse;

/**
 * What every fault test checks of a gateway after a request: its event, and no reservation left.
 */
final class Settlement {

  private Settlement() {}

  /** The ledger event of the request {@code response} answered. */
  static UsageEvent event(Gateway gateway, HttpResponse<?> response) {
    String id = response.headers().firstValue("x-tollgate-request-id").orElseThrow();
    return gateway.accounting().ledger().event(id).orElseThrow();
  }

  /** Nothing is reserved any more: every reservation was settled or released. */
  static void assertNothingReserved(Gateway gateway) {
    BudgetStatus global = gateway.accounting().engine().status(Scope.GLOBAL).getFirst();
    assertThat(global.reserved()).isZero();
    assertThat(gateway.accounting().engine().activeReservations()).isZero();
  }

  /**
   * The request failed before any text: an ERROR event that is not billed, nothing spent, nothing
   * reserved.
   */
  static UsageEvent assertReleased(Gateway gateway, HttpResponse<?> response) {
    UsageEvent event = event(gateway, response);
    assertThat(event.outcome()).isEqualTo(UsageEvent.Outcome.ERROR);
    assertThat(event.billable()).isFalse();
    assertThat(gateway.accounting().engine().status(Scope.GLOBAL).getFirst().spent()).isZero();
    assertNothingReserved(gateway);
    return event;
  }
}

package dev.tollgate.proxy;

import dev.tollgate.pricing.Pricer;
import io.vertx.core.Future;
import java.util.function.Supplier;

/**
 * Fixes the prices a request is handled by: the book in force as it arrives, read once (a volatile
 * read, no lock). Every later step prices with {@link Exchange#pricer}, so an operator's price
 * change or feed import while the request runs never gives it two cards.
 */
final class PriceStep implements Interceptor {

  private final Supplier<Pricer> prices;

  PriceStep(Supplier<Pricer> prices) {
    this.prices = prices;
  }

  @Override
  public Future<Void> before(Exchange x) {
    x.pricer = prices.get();
    return Future.succeededFuture();
  }
}

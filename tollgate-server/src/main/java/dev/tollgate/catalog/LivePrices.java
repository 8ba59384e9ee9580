package dev.tollgate.catalog;

import dev.tollgate.pricing.Pricer;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * The price book in force in a running gateway: an atomic reference to an immutable {@link
 * PriceBook}, swapped whole when an operator changes a price or imports a feed. Reading it is one
 * volatile read, with no lock, so the request path never waits on a price change. A request reads
 * it once, when it arrives, and is reserved, settled and recorded with that one book to its end;
 * only requests that arrive after a swap see the new prices.
 */
public final class LivePrices implements Supplier<Pricer> {

  private final AtomicReference<PriceBook> book;
  private final List<Consumer<Pricer>> checks = new CopyOnWriteArrayList<>();

  /** Starts with {@code initial}. */
  public LivePrices(PriceBook initial) {
    this.book = new AtomicReference<>(Objects.requireNonNull(initial, "initial"));
  }

  /**
   * Adds what every new book must pass before it is swapped in (e.g. that every configured
   * deployment still has its price card). Called while the gateway is put together.
   *
   * @param check throws {@link IllegalArgumentException} saying why a pricer may not be used
   */
  public void guard(Consumer<Pricer> check) {
    checks.add(Objects.requireNonNull(check, "check"));
  }

  /** The pricer of the book in force now. */
  @Override
  public Pricer get() {
    return book.get().pricer();
  }

  /** The book in force now. */
  public PriceBook book() {
    return book.get();
  }

  /**
   * Checks {@code next} as {@link #replace} would, without swapping it in.
   *
   * @throws IllegalArgumentException saying why it may not replace the book in force
   */
  public void check(PriceBook next) {
    checks.forEach(c -> c.accept(next.pricer()));
  }

  /**
   * Swaps {@code next} in, if the book in force is still {@code expected}.
   *
   * @return false if another change came first; nothing is swapped then
   * @throws IllegalArgumentException if {@code next} fails the check; nothing is swapped then
   */
  public boolean replace(PriceBook expected, PriceBook next) {
    check(next);
    return book.compareAndSet(expected, next);
  }
}

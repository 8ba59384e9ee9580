package dev.tollgate.catalog;

import dev.tollgate.pricing.CatalogException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The price changes a running gateway takes without a restart: a model's price card set from an
 * instant on (an override, stored so that it outlives a restart), an override removed, and a feed
 * imported (saved in the data directory, as {@code tollgate prices import} saves it). Each change
 * builds a new {@link PriceBook}, checks it, makes it durable and only then swaps it into {@link
 * LivePrices}; a change that fails on the way leaves the prices in force as they were. Changes run
 * one at a time.
 */
public final class PriceChanges {

  /** A change refused because it conflicts with the configuration or the routes (a 409). */
  public static final class Conflict extends RuntimeException {
    Conflict(String message) {
      super(message, null, false, false);
    }
  }

  private final LivePrices live;
  private final PriceOverrideStore store;
  private final Path dataDir;
  private final Optional<Path> pinnedCatalog;

  /**
   * Changes over {@code live}, overrides kept in {@code store}, feeds saved under {@code dataDir}.
   *
   * @param pinnedCatalog {@code pricing.catalog}, if set: it wins over an imported feed at
   *     start-up, so an import over the API is refused rather than lost at the next restart
   */
  public PriceChanges(
      LivePrices live, PriceOverrideStore store, Path dataDir, Optional<Path> pinnedCatalog) {
    this.live = Objects.requireNonNull(live, "live");
    this.store = Objects.requireNonNull(store, "store");
    this.dataDir = Objects.requireNonNull(dataDir, "dataDir");
    this.pinnedCatalog = Objects.requireNonNull(pinnedCatalog, "pinnedCatalog");
  }

  /** The prices in force. */
  public LivePrices live() {
    return live;
  }

  /**
   * Sets {@code override}, replacing the one of the same model and start if there is one.
   *
   * @return the override it replaced
   * @throws CatalogException if its card is wrong, naming the field
   * @throws Conflict if the model is not in the catalog
   */
  public synchronized Optional<PriceOverride> set(PriceOverride override) {
    override.schedule();
    PriceBook current = live.book();
    Optional<PriceOverride> replaced =
        find(current, override.qualifiedId(), override.effectiveFrom());
    List<PriceOverride> next = new ArrayList<>(current.priceOverrides());
    replaced.ifPresent(next::remove);
    next.add(override);
    swap(current, current.withPriceOverrides(next), () -> store.put(override));
    return replaced;
  }

  /**
   * Removes the override of {@code provider/model} that starts at {@code from}.
   *
   * @return the override removed, or empty if there was none (nothing changes then)
   */
  public synchronized Optional<PriceOverride> delete(String provider, String model, Instant from) {
    PriceBook current = live.book();
    Optional<PriceOverride> found = find(current, provider + "/" + model, from);
    if (found.isPresent()) {
      List<PriceOverride> next = new ArrayList<>(current.priceOverrides());
      next.remove(found.get());
      PriceOverride o = found.get();
      swap(
          current,
          current.withPriceOverrides(next),
          () -> store.delete(o.provider(), o.model(), o.effectiveFrom()));
    }
    return found;
  }

  /**
   * Imports the feed {@code text}, read from {@code location}, as {@link FeedImport} does, and
   * unless it is a dry run saves it and puts it in force at once.
   *
   * @throws dev.tollgate.pricing.feed.FeedRejectedException if the feed cannot be used
   * @throws Conflict if {@code pricing.catalog} is set, or the new prices would leave a discount,
   *     an override or a route without its model
   */
  public synchronized FeedImport.Outcome importFeed(
      String text, String location, boolean dryRun, Instant now) {
    if (!dryRun && pinnedCatalog.isPresent()) {
      throw new Conflict(
          "pricing.catalog ("
              + pinnedCatalog.get()
              + ") is set and wins over an imported feed at start-up; remove it from the"
              + " configuration to import prices, or import with dry_run to see the changes");
    }
    PriceBook current = live.book();
    FeedImport.Prepared prepared = FeedImport.prepare(text, location, current, now);
    Path target = dataDir.resolve(PriceBook.IMPORTED);
    PriceBook candidate;
    try {
      candidate = current.withBase(prepared.catalog(), PriceBook.importedName(target));
    } catch (CatalogException e) {
      throw new Conflict("the imported prices do not fit the configuration: " + e.getMessage());
    }
    int models = prepared.catalog().models().size();
    if (dryRun) {
      checked(current, candidate);
      return new FeedImport.Outcome(prepared.diff(), prepared.notes(), null, models);
    }
    swap(current, candidate, () -> FeedImport.write(target, prepared.catalog()));
    return new FeedImport.Outcome(prepared.diff(), prepared.notes(), target, models);
  }

  /** Imports the feed at an {@code http(s)} {@code url}, as {@link #importFeed} does. */
  public FeedImport.Outcome importUrl(String url, boolean dryRun, Instant now) {
    return importFeed(FeedSource.fromUrl(url), url, dryRun, now);
  }

  private void swap(PriceBook current, PriceBook candidate, Runnable persist) {
    checked(current, candidate);
    persist.run();
    if (!live.replace(current, candidate)) {
      // Changes are synchronized here and nothing else replaces the book.
      throw new IllegalStateException("the prices in force changed during a price change");
    }
  }

  /** Refuses a candidate that drops an override or a route's model the current book kept. */
  private void checked(PriceBook current, PriceBook candidate) {
    for (String why : candidate.skipped()) {
      if (!current.skipped().contains(why)) {
        throw new Conflict(why);
      }
    }
    try {
      live.check(candidate);
    } catch (IllegalArgumentException e) {
      throw new Conflict(e.getMessage());
    }
  }

  private static Optional<PriceOverride> find(PriceBook book, String qualifiedId, Instant from) {
    return book.priceOverrides().stream()
        .filter(o -> o.qualifiedId().equalsIgnoreCase(qualifiedId))
        .filter(o -> o.effectiveFrom().equals(from))
        .findFirst();
  }
}

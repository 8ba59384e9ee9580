package dev.tollgate.bench.ledger;

import dev.tollgate.ledger.LedgerEntry;
import dev.tollgate.ledger.UsageEvent;
import dev.tollgate.pricing.Catalog;
import dev.tollgate.pricing.CatalogFile;
import dev.tollgate.pricing.CatalogReader;
import dev.tollgate.pricing.PriceOptions;
import dev.tollgate.pricing.PriceResult;
import dev.tollgate.pricing.Pricer;
import dev.tollgate.pricing.UnknownModelPolicy;
import dev.tollgate.store.Store;
import dev.tollgate.usage.Usage;
import dev.tollgate.usage.UsageKind;
import java.nio.file.Path;
import java.time.Instant;
import java.time.InstantSource;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Fills a gateway data directory with a realistic ledger of N usage events (default 10 million)
 * through the gateway's own store: the database is created and migrated by Flyway as at start-up,
 * and every batch goes through {@code LedgerStore.append}, the transaction the ledger writer uses
 * (events, tags, per-dimension and per-tuple rollups), only with bigger batches. A second thread
 * generates the events ({@link EventGenerator}) while this one appends. Then checks that the
 * rollups sum to the raw events ({@link LedgerCheck}); exits 1 if not.
 *
 * <p>Run: {@code java --enable-native-access=ALL-UNNAMED -cp tollgate-bench/target/benchmarks.jar
 * dev.tollgate.bench.ledger.LedgerFill --dir /tmp/ledger-10m [--events 10000000] [--from
 * 2026-11-01T00:00:00Z] [--to now] [--batch 20000] [--seed 42]}. The directory must hold no ledger
 * yet.
 */
public final class LedgerFill {

  private LedgerFill() {}

  public static void main(String[] args) throws Exception {
    Args a = new Args(args);
    Path dir = Path.of(a.get("dir", "/tmp/tollgate-ledger-10m"));
    long n = Long.parseLong(a.get("events", "10000000").replace("_", ""));
    Instant from = Instant.parse(a.get("from", "2026-11-01T00:00:00Z"));
    String toArg = a.get("to", "now");
    Instant to =
        toArg.equals("now") ? Instant.now().truncatedTo(ChronoUnit.HOURS) : Instant.parse(toArg);
    int batch = Integer.parseInt(a.get("batch", "20000"));
    long seed = Long.parseLong(a.get("seed", "42"));
    a.done();

    Pricer pricer = pricer();
    Population people = people(seed, pricer);
    System.out.printf(
        "ledger: %,d events from %s to %s into %s (batches of %,d, seed %d)%n"
            + "population: %d models, %d keys, %s%n",
        n,
        from,
        to,
        dir,
        batch,
        seed,
        people.models().size(),
        people.keys().size(),
        Population.DEFAULT);
    long t0 = System.nanoTime();
    try (Store store = Store.openSqlite(dir, InstantSource.system())) {
      if (store.ledger().size() > 0) {
        throw new IllegalStateException(dir + " already holds a ledger: remove it first");
      }
      System.out.printf("created and migrated to V%s in %d ms%n", store.schemaVersion(), ms(t0));
      fill(store, new EventGenerator(people, pricer, seed, from, to, n), batch, n);
    }
    boolean ok = LedgerCheck.run(dir, from, to);
    System.exit(ok ? 0 : 1);
  }

  private static void fill(Store store, EventGenerator events, int batch, long n)
      throws InterruptedException {
    BlockingQueue<List<LedgerEntry>> queue = new ArrayBlockingQueue<>(4);
    List<LedgerEntry> end = List.of();
    AtomicReference<Throwable> failed = new AtomicReference<>();
    Thread producer =
        Thread.ofPlatform()
            .name("ledger-fill-generator")
            .start(() -> produce(events, batch, queue, end, failed));
    long t0 = System.nanoTime();
    long done = 0;
    long nextReport = 1_000_000;
    for (List<LedgerEntry> b = queue.take(); b != end; b = queue.take()) {
      store.ledger().append(b);
      done += b.size();
      if (done >= nextReport || done == n) {
        System.out.printf(
            "%,12d events  %6.0f s  %,8.0f events/s%n",
            done, (System.nanoTime() - t0) / 1e9, done / ((System.nanoTime() - t0) / 1e9));
        nextReport += 1_000_000;
      }
    }
    producer.join();
    if (failed.get() != null) {
      throw new IllegalStateException("generating events failed", failed.get());
    }
    System.out.printf("filled %,d events in %.0f s%n", done, (System.nanoTime() - t0) / 1e9);
  }

  private static void produce(
      EventGenerator events,
      int batch,
      BlockingQueue<List<LedgerEntry>> queue,
      List<LedgerEntry> end,
      AtomicReference<Throwable> failed) {
    try {
      List<UsageEvent> hour = new ArrayList<>();
      List<LedgerEntry> next = new ArrayList<>(batch);
      while (events.nextHour(hour)) {
        for (UsageEvent e : hour) {
          next.add(e);
          if (next.size() == batch) {
            queue.put(next);
            next = new ArrayList<>(batch);
          }
        }
        hour.clear();
      }
      if (!next.isEmpty()) {
        queue.put(next);
      }
    } catch (RuntimeException | Error e) {
      failed.set(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } finally {
      try {
        queue.put(end);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
  }

  /** The bundled catalog's pricer, refusing unknown models. */
  static Pricer pricer() {
    CatalogFile catalog = CatalogReader.bundled();
    return new Pricer(
        Catalog.of(catalog.models(), catalog.localProviders()), UnknownModelPolicy.REFUSE);
  }

  /**
   * The population of {@code seed} over the catalog models that {@code pricer} prices under their
   * own provider (a bare id listed under two providers resolves to the first).
   */
  static Population people(long seed, Pricer pricer) {
    Usage probe = Usage.builder().set(UsageKind.INPUT, 100).set(UsageKind.OUTPUT, 10).build();
    PriceOptions at = PriceOptions.at(Instant.parse("2026-11-01T00:00:00Z"));
    return Population.of(
        seed,
        Population.DEFAULT,
        CatalogReader.bundled(),
        m ->
            pricer.price(m.id(), probe, at) instanceof PriceResult.Priced p
                && p.cost().provider().equals(m.provider()));
  }

  static long ms(long t0) {
    return (System.nanoTime() - t0) / 1_000_000;
  }
}

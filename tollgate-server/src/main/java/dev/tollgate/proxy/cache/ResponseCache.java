package dev.tollgate.proxy.cache;

import dev.tollgate.config.TollgateConfig;
import dev.tollgate.keys.VirtualKey;
import dev.tollgate.money.Money;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.InstantSource;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Optional;
import java.util.function.Predicate;

/**
 * An in-memory exact-match cache of provider answers, bounded in entries and in bytes (least
 * recently used first out), each answer served for the configured time to live, measured on the
 * injected clock. Keys come from {@link CacheKey}. Thread-safe: one lock around a map, held for a
 * lookup or an insert only (no I/O under it).
 */
public final class ResponseCache {

  /** An answer as it was first served, and what it cost then. */
  public record Entry(String body, Money cost, Instant storedAt) {}

  /** An entry and the bytes it counts for, measured once, outside the lock. */
  private record Stored(Entry entry, long bytes) {}

  private final TollgateConfig.Cache settings;
  private final InstantSource clock;
  private final Predicate<VirtualKey> optIn;
  private final LinkedHashMap<String, Stored> entries = new LinkedHashMap<>(64, 0.75f, true);
  private long bytes;

  /**
   * A cache within {@code settings}' bounds, timed by {@code clock}, which the keys that {@code
   * optIn} accepts use by default.
   */
  public ResponseCache(
      TollgateConfig.Cache settings, InstantSource clock, Predicate<VirtualKey> optIn) {
    this.settings = settings;
    this.clock = clock;
    this.optIn = optIn;
  }

  /** A cache that stores nothing. */
  public static ResponseCache off() {
    return new ResponseCache(TollgateConfig.Cache.off(), InstantSource.system(), k -> false);
  }

  /** Whether requests with {@code key} use the cache unless they say otherwise. */
  public boolean optedIn(VirtualKey key) {
    return key != null && optIn.test(key);
  }

  /** Whether anything is ever cached. */
  public boolean enabled() {
    return settings.enabled();
  }

  /** The live answer stored under {@code key}, if any; an expired one is dropped. */
  public synchronized Optional<Entry> get(String key) {
    Stored s = entries.get(key);
    if (s == null) {
      return Optional.empty();
    }
    if (!clock.instant().isBefore(s.entry().storedAt().plus(settings.ttl()))) {
      entries.remove(key);
      bytes -= s.bytes();
      return Optional.empty();
    }
    return Optional.of(s.entry());
  }

  /**
   * Stores {@code body}, which cost {@code cost}, under {@code key}, evicting the least recently
   * used answers until both bounds hold. An answer larger than the byte bound is not stored.
   */
  public void put(String key, String body, Money cost) {
    if (!enabled()) {
      return;
    }
    // Encoding a body of up to 4 MB is the costly part: done before taking the lock.
    long size = key.length() + (long) body.getBytes(StandardCharsets.UTF_8).length;
    if (size > settings.maxBytes()) {
      return;
    }
    Stored stored = new Stored(new Entry(body, cost, clock.instant()), size);
    synchronized (this) {
      Stored old = entries.put(key, stored);
      if (old != null) {
        bytes -= old.bytes();
      }
      bytes += size;
      Iterator<Stored> eldest = entries.values().iterator();
      while ((entries.size() > settings.maxEntries() || bytes > settings.maxBytes())
          && eldest.hasNext()) {
        bytes -= eldest.next().bytes();
        eldest.remove();
      }
    }
  }

  /** How many answers are stored, expired or not. */
  public synchronized int size() {
    return entries.size();
  }

  /** The bytes the stored answers and their keys take, as the byte bound counts them. */
  public synchronized long bytes() {
    return bytes;
  }
}

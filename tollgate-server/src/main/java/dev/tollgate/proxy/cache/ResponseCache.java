package dev.tollgate.proxy.cache;

import dev.tollgate.config.TollgateConfig;
import dev.tollgate.keys.VirtualKey;
import dev.tollgate.money.Money;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.InstantSource;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
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

  private final TollgateConfig.Cache settings;
  private final InstantSource clock;
  private final Predicate<VirtualKey> optIn;
  private final LinkedHashMap<String, Entry> entries = new LinkedHashMap<>(64, 0.75f, true);
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
    Entry e = entries.get(key);
    if (e == null) {
      return Optional.empty();
    }
    if (!clock.instant().isBefore(e.storedAt().plus(settings.ttl()))) {
      remove(key, e);
      return Optional.empty();
    }
    return Optional.of(e);
  }

  /**
   * Stores {@code body}, which cost {@code cost}, under {@code key}, evicting the least recently
   * used answers until both bounds hold. An answer larger than the byte bound is not stored.
   */
  public synchronized void put(String key, String body, Money cost) {
    if (!enabled()) {
      return;
    }
    long size = size(key, body);
    if (size > settings.maxBytes()) {
      return;
    }
    Entry old = entries.put(key, new Entry(body, cost, clock.instant()));
    if (old != null) {
      bytes -= size(key, old.body());
    }
    bytes += size;
    Iterator<Map.Entry<String, Entry>> eldest = entries.entrySet().iterator();
    while ((entries.size() > settings.maxEntries() || bytes > settings.maxBytes())
        && eldest.hasNext()) {
      Map.Entry<String, Entry> e = eldest.next();
      eldest.remove();
      bytes -= size(e.getKey(), e.getValue().body());
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

  private void remove(String key, Entry e) {
    entries.remove(key);
    bytes -= size(key, e.body());
  }

  /** UTF-8 bytes of the key and the body: what the byte bound limits. */
  private static long size(String key, String body) {
    return key.length() + (long) body.getBytes(StandardCharsets.UTF_8).length;
  }
}

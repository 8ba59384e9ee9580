package dev.tollgate.budget;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Iterator;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.locks.ReentrantLock;

/**
 * A budget's counters, one per period (or per clock hour for a rolling window), and the lock that
 * guards them. Every method but {@link #lock} must be called with the lock held.
 */
final class BudgetState {

  /**
   * What an override without a ceiling leaves available: far above any limit, yet far enough from
   * Long's maximum that the engine's sums (an input cost subtracted, a reserve added) never wrap.
   */
  static final long UNLIMITED = Long.MAX_VALUE / 4;

  final BudgetSpec spec;

  /** Position in the engine's lock order: locks are always taken in ascending order. */
  final int order;

  final ReentrantLock lock = new ReentrantLock();
  private final TreeMap<Instant, Counter> counters = new TreeMap<>();

  /**
   * The calendar window and the counter that {@link #window} and {@link #current} returned last.
   * Calendar periods, and a rolling window's hours, partition time, so the one that contains an
   * instant is the only one that can: each is reused while the instant stays inside it. A calendar
   * window costs several {@code ZonedDateTime}s to work out, and an uncontended reserve + settle
   * over five budgets used to work out fifteen.
   */
  private Period.Window lastWindow;

  private Counter lastCounter;

  /**
   * An admin's emergency override, or null; it may have expired (see {@link #override(Instant)}).
   * Volatile, so that it can be read and carried to a redefined budget without this lock.
   */
  private volatile EmergencyOverride override;

  BudgetState(BudgetSpec spec, int order) {
    this.spec = spec;
    this.order = order;
  }

  /** The counter that a request made at {@code now} reserves and spends in. */
  Counter current(Instant now) {
    Counter last = lastCounter;
    if (last != null && !now.isBefore(last.start) && now.isBefore(last.end)) {
      return last;
    }
    Instant start;
    Instant end;
    if (spec.period().kind() == Period.Kind.ROLLING) {
      start = now.truncatedTo(ChronoUnit.HOURS);
      end = start.plus(Duration.ofHours(1));
    } else {
      Period.Window w = window(now);
      start = w.start();
      end = w.end();
    }
    Counter c = counters.get(start);
    if (c == null) {
      c = new Counter(start, end);
      counters.put(start, c);
      prune(now);
    }
    lastCounter = c;
    return c;
  }

  /** The counter of the period containing {@code at}, if it is still kept. */
  Counter at(Instant at) {
    Map.Entry<Instant, Counter> e = counters.floorEntry(at);
    return e != null && at.isBefore(e.getValue().end) ? e.getValue() : null;
  }

  /** Spent in the window containing {@code now}. */
  long spent(Instant now) {
    return sum(now, true);
  }

  /** Reserved in the window containing {@code now}. */
  long reserved(Instant now) {
    return sum(now, false);
  }

  /**
   * What a request may still take: limit − spent − reserved − the reserve unless critical, plus the
   * extra allowance of an emergency override in force ({@link #UNLIMITED} for one without a
   * ceiling).
   */
  long available(Instant now, boolean critical) {
    long free = spec.limit() - spent(now) - reserved(now);
    long available = critical ? free : free - spec.emergencyReserve();
    EmergencyOverride o = override;
    if (o == null || !o.activeAt(now)) {
      return available;
    }
    long extra = Math.min(o.extra().orElse(UNLIMITED), UNLIMITED);
    return available > UNLIMITED - extra ? UNLIMITED : available + extra;
  }

  /** The emergency override in force at {@code now}, or null. */
  EmergencyOverride override(Instant now) {
    EmergencyOverride o = override;
    return o != null && o.activeAt(now) ? o : null;
  }

  /** Puts {@code o} in force (null ends it); the one it replaces, even if expired, or null. */
  EmergencyOverride override(EmergencyOverride o) {
    EmergencyOverride before = override;
    override = o;
    return before;
  }

  /** The window in force at {@code now}. */
  Period.Window window(Instant now) {
    if (spec.period().kind() == Period.Kind.ROLLING) {
      // Rolling windows overlap: the last one may contain an earlier instant whose window starts
      // an hour before. They are cheap to work out: no calendar.
      return spec.period().windowAt(now, spec.zone());
    }
    Period.Window w = lastWindow;
    if (w == null || !w.contains(now)) {
      w = spec.period().windowAt(now, spec.zone());
      lastWindow = w;
    }
    return w;
  }

  /** Puts a counter rebuilt from the ledger in place. */
  void restore(Counter c) {
    counters.put(c.start, c);
    lastCounter = null;
  }

  /** Every kept counter of the window containing {@code now}. */
  Iterable<Counter> inWindow(Instant now) {
    Period.Window w = window(now);
    return counters.subMap(w.start(), true, w.end(), false).values();
  }

  private long sum(Instant now, boolean spent) {
    if (spec.period().kind() != Period.Kind.ROLLING) {
      Counter c = current(now);
      return spent ? c.spent : c.reserved;
    }
    long total = 0;
    for (Counter c : inWindow(now)) {
      total += spent ? c.spent : c.reserved;
    }
    return total;
  }

  private void prune(Instant now) {
    // Keep the window in force and the one before it; older periods are queried from the ledger.
    Instant keepFrom = window(now).start().minus(window(now).length());
    for (Iterator<Map.Entry<Instant, Counter>> it = counters.entrySet().iterator();
        it.hasNext(); ) {
      Counter c = it.next().getValue();
      if (c.end.isBefore(keepFrom) && c.reserved == 0) {
        it.remove();
        if (c == lastCounter) {
          lastCounter = null;
        }
      }
    }
  }
}

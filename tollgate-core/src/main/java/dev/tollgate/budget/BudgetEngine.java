package dev.tollgate.budget;

import dev.tollgate.budget.Evaluation.Result;
import dev.tollgate.budget.Evaluation.Verdict;
import dev.tollgate.ledger.Adjustment;
import dev.tollgate.ledger.Attribution;
import dev.tollgate.money.Money;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Reserves, settles and releases spend across every budget that applies to a request. In-memory
 * counters are authoritative on a single node; {@link BudgetLedger} rebuilds them from the ledger
 * at start-up.
 *
 * <p>Atomicity: a reservation takes the locks of every budget it may touch in one global order,
 * decides, applies all its holds or none, and unlocks. So two requests can never both take the last
 * of a hard budget, and a request denied by one budget takes nothing from the others. Settling
 * never raises spent + reserved above the reservation, so a hard limit holds exactly whenever the
 * actual cost stays within the worst case that was reserved.
 */
public final class BudgetEngine {

  private final InstantSource clock;
  private final Duration reservationTimeout;
  private final BudgetListener listener;

  /**
   * Replaced whole, never changed, by {@link #redefine}: a request reads it once, so it sees one
   * consistent set of budgets and locks exactly those it decides on.
   */
  private volatile BudgetIndex index;

  private final Set<Reservation> active = ConcurrentHashMap.newKeySet();
  private final AtomicLong sequence = new AtomicLong();

  /**
   * An engine over {@code specs}.
   *
   * @param reservationTimeout how long a reservation may stay unsettled before it expires
   * @throws IllegalArgumentException if two specs share an id, or overlap (the same scope, metric
   *     and period), naming them
   */
  public BudgetEngine(
      List<BudgetSpec> specs,
      InstantSource clock,
      Duration reservationTimeout,
      BudgetListener listener) {
    this.clock = clock;
    this.reservationTimeout = reservationTimeout;
    this.listener = listener;
    this.index = new BudgetIndex(specs);
  }

  /** Every budget's spec, in definition order. */
  public List<BudgetSpec> specs() {
    return index.states().stream().map(b -> b.spec).toList();
  }

  /** Decides the request and, if it is allowed, reserves its worst case in every budget. */
  public Decision reserve(BudgetRequest request) {
    Instant now = clock.instant();
    BudgetIndex idx = index;
    List<BudgetState> budgets = idx.applicable(request.who(), request.estimate());
    List<Estimate> candidates = candidates(request, budgets);
    // Without fallback models the budgets to lock are exactly those of the model asked for.
    List<BudgetState> all = candidates.size() == 1 ? budgets : idx.union(request.who(), candidates);
    for (int i = 0; i < all.size(); i++) {
      all.get(i).lock.lock();
    }
    try {
      return decide(idx, request, candidates, budgets, now);
    } finally {
      for (int i = all.size() - 1; i >= 0; i--) {
        all.get(i).lock.unlock();
      }
    }
  }

  private Decision decide(
      BudgetIndex idx,
      BudgetRequest request,
      List<Estimate> candidates,
      List<BudgetState> budgets,
      Instant now) {
    Estimate first = candidates.getFirst();
    Result r = Evaluation.evaluate(budgets, first, request.critical(), now);
    if (r.verdict() == Verdict.OK) {
      return new Decision.Allow(
          hold(request, first, budgets, now), "within every budget", List.of());
    }
    if (r.verdict() != Verdict.FORBIDDEN) {
      Optional<Decision> fallback = fallback(idx, request, candidates, r, now);
      if (fallback.isPresent()) {
        return fallback.get();
      }
    }
    if (r.verdict() == Verdict.FALLBACK_WANTED) {
      return new Decision.Allow(
          hold(request, first, budgets, now),
          "past the fallback threshold of "
              + r.budget().spec.id()
              + ", but no cheaper model of its chain fits",
          List.of());
    }
    if (r.verdict() == Verdict.OVER_LIMIT && request.override().isPresent()) {
      BudgetRequest.Override o = request.override().get();
      listener.overridden(request.requestId(), o, r.budget().spec.id());
      String note = "emergency override by " + o.actor() + ": " + o.reason();
      Reservation held = hold(request, first, budgets, now);
      held.audit(
          List.of(
              new Adjustment(
                  "override-" + held.id(),
                  now,
                  r.budget().spec.id(),
                  r.budget().current(now).start,
                  Adjustment.Kind.EMERGENCY_OVERRIDE,
                  0,
                  o.actor(),
                  request.requestId() + ": " + o.reason())));
      return new Decision.Allow(
          held, "past " + r.budget().spec.id() + " by " + note, List.of(note));
    }
    if (r.verdict() == Verdict.OVER_LIMIT && capsOutput(budgets, first, request.critical(), now)) {
      long tokens = Evaluation.affordableOutput(budgets, first, request.critical(), now);
      if (tokens >= 1) {
        Estimate capped = first.withMaxOutput(tokens);
        if (Evaluation.evaluate(budgets, capped, request.critical(), now).verdict() == Verdict.OK) {
          return new Decision.AllowCapped(
              tokens,
              hold(request, capped, budgets, now),
              "max_tokens capped from "
                  + first.maxOutputTokens()
                  + " to "
                  + tokens
                  + " to fit "
                  + r.budget().spec.id());
        }
      }
    }
    return Denials.deny(r, now, request.critical());
  }

  private Optional<Decision> fallback(
      BudgetIndex idx,
      BudgetRequest request,
      List<Estimate> candidates,
      Result first,
      Instant now) {
    for (Estimate e : candidates.subList(1, candidates.size())) {
      List<BudgetState> budgets = idx.applicable(request.who(), e);
      Verdict v = Evaluation.evaluate(budgets, e, request.critical(), now).verdict();
      if (v == Verdict.OK || v == Verdict.FALLBACK_WANTED) {
        return Optional.of(
            new Decision.AllowFallback(
                e.model(),
                hold(request, e, budgets, now),
                "routed from "
                    + candidates.getFirst().model()
                    + " to "
                    + e.model()
                    + ": "
                    + first.budget().spec.id()
                    + (first.verdict() == Verdict.FALLBACK_WANTED
                        ? " is past its fallback threshold"
                        : " cannot cover it")));
      }
    }
    return Optional.empty();
  }

  private boolean capsOutput(List<BudgetState> budgets, Estimate e, boolean critical, Instant now) {
    for (BudgetState b : budgets) {
      // A budget refuses by its limit or by its max cost per request; either way, only its own
      // capOutput may turn the refusal into a cap.
      boolean overLimit =
          b.spec.enforcement().denies() && e.worst(b.spec.metric()) > b.available(now, critical);
      boolean overMax =
          b.spec.maxCostPerRequest().isPresent()
              && e.worstCost().compareTo(b.spec.maxCostPerRequest().get()) > 0;
      if ((overLimit || overMax) && !b.spec.capOutput()) {
        return false;
      }
    }
    return true;
  }

  private Reservation hold(
      BudgetRequest request, Estimate e, List<BudgetState> budgets, Instant now) {
    List<Reservation.Hold> holds = new ArrayList<>(budgets.size());
    long worstCost = e.worstCost().nanos();
    for (BudgetState b : budgets) {
      Counter c = b.current(now);
      long amount = Evaluation.worst(e, b.spec.metric(), worstCost);
      c.reserved += amount;
      holds.add(new Reservation.Hold(b, c, amount));
    }
    Reservation r =
        new Reservation(
            sequence.incrementAndGet(),
            request.requestId(),
            e,
            now,
            now.plus(reservationTimeout),
            holds);
    active.add(r);
    return r;
  }

  /**
   * Replaces the reservation with what the request really used. Does nothing if the reservation was
   * already settled, released or expired.
   *
   * @return whether this call settled it
   */
  public boolean settle(Reservation reservation, Actual actual) {
    if (!reservation.finish(Reservation.State.SETTLED)) {
      return false;
    }
    active.remove(reservation);
    for (Reservation.Hold h : reservation.holds()) {
      h.budget().lock.lock();
      try {
        h.counter().reserved -= h.amount();
        long amount = actual.amount(h.budget().spec.metric());
        h.counter().spent += amount;
        h.counter().addByProvider(reservation.estimate().provider(), amount);
        Thresholds.check(h.budget(), h.counter(), amount, listener);
      } finally {
        h.budget().lock.unlock();
      }
    }
    return true;
  }

  /** Gives the reservation back, e.g. when the provider call failed. */
  public boolean release(Reservation reservation) {
    return undo(reservation, Reservation.State.RELEASED);
  }

  /**
   * Releases every reservation past its expiry (a crashed or hung request) and tells the listener.
   *
   * @return how many expired
   */
  public int expireOverdue() {
    Instant now = clock.instant();
    int expired = 0;
    for (Reservation r : active) {
      if (!now.isBefore(r.expiresAt()) && undo(r, Reservation.State.EXPIRED)) {
        listener.reservationExpired(r);
        expired++;
      }
    }
    return expired;
  }

  /**
   * Whether a request of {@code cost} would fit every hard or adaptive cost budget of exactly
   * {@code scope} now, taking the emergency reserve into account unless it is critical. Reserves
   * nothing: a later {@link #reserve} may still be denied.
   */
  public boolean canAfford(Scope scope, Money cost, boolean critical) {
    Instant now = clock.instant();
    for (BudgetState b : statesFor(scope)) {
      if (b.spec.metric() == Metric.COST && b.spec.enforcement().denies()) {
        b.lock.lock();
        try {
          if (cost.nanos() > b.available(now, critical)) {
            return false;
          }
        } finally {
          b.lock.unlock();
        }
      }
    }
    return true;
  }

  /** The status of one budget now. */
  public BudgetStatus status(String budgetId) {
    return status(budgetId, clock.instant());
  }

  /** The status of one budget at {@code now}. */
  BudgetStatus status(String budgetId, Instant now) {
    BudgetState b = state(budgetId);
    b.lock.lock();
    try {
      return BudgetStatus.of(b, now);
    } finally {
      b.lock.unlock();
    }
  }

  /**
   * Puts an admin's emergency override in force on its budget, replacing the one there: from now
   * until it expires, requests may pass that budget's limit ({@link EmergencyOverride}).
   *
   * @return the override it replaced, if one was in force
   * @throws IllegalArgumentException if the budget does not exist or never refuses (track, soft)
   */
  public Optional<EmergencyOverride> grant(EmergencyOverride o) {
    BudgetState b = state(o.budgetId());
    if (!b.spec.enforcement().denies()) {
      throw new IllegalArgumentException(
          o.budgetId() + " never refuses a request, so there is no limit to override");
    }
    return swapOverride(b, o);
  }

  /**
   * Ends the emergency override of {@code budgetId} before it expires.
   *
   * @return the override that was in force, if any
   * @throws IllegalArgumentException if the budget does not exist
   */
  public Optional<EmergencyOverride> endOverride(String budgetId) {
    return swapOverride(state(budgetId), null);
  }

  /** The emergency override in force on {@code budgetId} now, if any. */
  public Optional<EmergencyOverride> override(String budgetId) {
    BudgetState b = state(budgetId);
    b.lock.lock();
    try {
      return Optional.ofNullable(b.override(clock.instant()));
    } finally {
      b.lock.unlock();
    }
  }

  private Optional<EmergencyOverride> swapOverride(BudgetState b, EmergencyOverride o) {
    b.lock.lock();
    try {
      Instant now = clock.instant();
      EmergencyOverride before = b.override(now);
      b.override(o);
      return Optional.ofNullable(before);
    } finally {
      b.lock.unlock();
    }
  }

  /** The status of every budget of {@code scope}. */
  public List<BudgetStatus> status(Scope scope) {
    return statesFor(scope).stream().map(b -> status(b.spec.id())).toList();
  }

  /**
   * What is left of the tightest cost budget over a request by {@code who} on {@code provider}'s
   * {@code model}: the least {@link BudgetStatus#remaining()} (limit − spent − reserved in the
   * current period, never below zero) among the soft, hard and adaptive cost budgets that apply to
   * it. Empty when none applies: a track-only budget has no limit to report against.
   */
  public Optional<Money> remainingCost(Attribution who, String provider, String model) {
    Estimate any = new Estimate(provider, model, 0, 0, Money.ZERO, BigDecimal.ZERO);
    Instant now = clock.instant();
    long least = Long.MAX_VALUE;
    for (BudgetState b : applicable(who, any)) {
      if (b.spec.metric() != Metric.COST || b.spec.enforcement() == Enforcement.TRACK) {
        continue;
      }
      b.lock.lock();
      try {
        least = Math.min(least, Math.max(0, b.spec.limit() - b.spent(now) - b.reserved(now)));
      } finally {
        b.lock.unlock();
      }
    }
    return least == Long.MAX_VALUE ? Optional.empty() : Optional.of(Money.ofNanos(least));
  }

  /** How many reservations are active. */
  public int activeReservations() {
    return active.size();
  }

  private boolean undo(Reservation reservation, Reservation.State state) {
    if (!reservation.finish(state)) {
      return false;
    }
    active.remove(reservation);
    for (Reservation.Hold h : reservation.holds()) {
      h.budget().lock.lock();
      try {
        h.counter().reserved -= h.amount();
      } finally {
        h.budget().lock.unlock();
      }
    }
    return true;
  }

  /**
   * The request's estimates: the model asked for, then the cheaper models of its own chain if it
   * has one, else the adaptive budgets' fallback models that can serve it.
   */
  private List<Estimate> candidates(BudgetRequest request, List<BudgetState> budgets) {
    if (!anyAdaptive(budgets)) {
      return List.of(request.estimate());
    }
    List<Estimate> out = new ArrayList<>();
    out.add(request.estimate());
    Set<String> seen = new LinkedHashSet<>();
    seen.add(request.estimate().model());
    if (!request.chain().isEmpty()) {
      // The request's own chain says where it may go; only its cheaper models save anything.
      Money first = request.estimate().worstCost();
      for (String model : request.chain()) {
        if (seen.add(model)) {
          request
              .alternatives()
              .apply(model)
              .filter(e -> e.worstCost().compareTo(first) < 0)
              .ifPresent(out::add);
        }
      }
      return out;
    }
    for (BudgetState b : budgets) {
      if (b.spec.enforcement() == Enforcement.ADAPTIVE) {
        for (String model : b.spec.fallbackModels()) {
          if (seen.add(model)) {
            request.alternatives().apply(model).ifPresent(out::add);
          }
        }
      }
    }
    return out;
  }

  private static boolean anyAdaptive(List<BudgetState> budgets) {
    for (int i = 0; i < budgets.size(); i++) {
      if (budgets.get(i).spec.enforcement() == Enforcement.ADAPTIVE) {
        return true;
      }
    }
    return false;
  }

  /** The budgets that apply to a request on {@code e}'s provider and model, in lock order. */
  List<BudgetState> applicable(Attribution who, Estimate e) {
    return index.applicable(who, e);
  }

  /**
   * Adds the budgets {@code add} and removes those with the ids {@code remove}, as one change: the
   * new set is validated whole (unique ids, no overlaps), each added budget's counters are set by
   * {@code prepare} (from the ledger) before any request can see it, then the set is published.
   * Budgets that stay keep their counters and reservations. A request already past its reservation
   * settles into the budget it reserved in, even if that budget was removed meanwhile.
   *
   * @throws IllegalArgumentException if the new set is invalid, naming the budgets; nothing changes
   */
  synchronized void redefine(
      List<BudgetSpec> add,
      java.util.Set<String> remove,
      java.util.function.Consumer<BudgetState> prepare) {
    BudgetIndex before = index;
    BudgetIndex next = before.with(add, remove);
    for (BudgetState b : next.states()) {
      if (add.contains(b.spec)) {
        prepare.accept(b);
        if (remove.contains(b.spec.id())) {
          // A budget redefined under the same id (a new limit) keeps its emergency override.
          swapOverride(b, before.state(b.spec.id()).override(clock.instant()));
        }
      }
    }
    index = next;
  }

  BudgetState state(String budgetId) {
    return index.state(budgetId);
  }

  List<BudgetState> states() {
    return index.states();
  }

  List<BudgetState> statesFor(Scope scope) {
    return index.statesFor(scope);
  }

  InstantSource clock() {
    return clock;
  }

  BudgetListener listener() {
    return listener;
  }
}

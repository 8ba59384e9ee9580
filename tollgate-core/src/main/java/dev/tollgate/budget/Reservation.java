package dev.tollgate.budget;

import java.time.Instant;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Budget held for one request between its decision and its end. It is settled with the actual cost,
 * or released on failure, exactly once; one left alone past {@link #expiresAt()} (a crashed or hung
 * request) is released by {@link BudgetEngine#expireOverdue()}.
 */
public final class Reservation {

  /** Where a reservation stands. */
  public enum State {
    ACTIVE,
    SETTLED,
    RELEASED,
    EXPIRED
  }

  /** An amount held in one budget's counter. */
  record Hold(BudgetState budget, Counter counter, long amount) {}

  private final long sequence;
  private final String requestId;
  private final Estimate estimate;
  private final Instant createdAt;
  private final Instant expiresAt;
  private final List<Hold> holds;
  private final AtomicReference<State> state = new AtomicReference<>(State.ACTIVE);

  /** The id, built when first asked for: most reservations are settled without anyone asking. */
  private String id;

  private volatile List<dev.tollgate.ledger.Adjustment> audit = List.of();

  Reservation(
      long sequence,
      String requestId,
      Estimate estimate,
      Instant createdAt,
      Instant expiresAt,
      List<Hold> holds) {
    this.sequence = sequence;
    this.requestId = requestId;
    this.estimate = estimate;
    this.createdAt = createdAt;
    this.expiresAt = expiresAt;
    this.holds = List.copyOf(holds);
  }

  /**
   * Ledger entries that record how this reservation was allowed, e.g. the emergency override that
   * let it past a hard limit. The caller appends them to the ledger with the request's event.
   */
  public List<dev.tollgate.ledger.Adjustment> auditEntries() {
    return audit;
  }

  void audit(List<dev.tollgate.ledger.Adjustment> entries) {
    audit = List.copyOf(entries);
  }

  /** A unique id: the request's id and the engine's sequence number, {@code req-1#42}. */
  public String id() {
    String s = id;
    if (s == null) {
      // Racing threads build equal strings; a String is safe to publish without a lock.
      s = requestId + "#" + sequence;
      id = s;
    }
    return s;
  }

  /** The request it was made for. */
  public String requestId() {
    return requestId;
  }

  /** The estimate that was reserved: on the model that will serve, with the output bound used. */
  public Estimate estimate() {
    return estimate;
  }

  /** When it was made. */
  public Instant createdAt() {
    return createdAt;
  }

  /** When it expires if not settled or released. */
  public Instant expiresAt() {
    return expiresAt;
  }

  /** Where it stands now. */
  public State state() {
    return state.get();
  }

  /** The ids of the budgets it holds amounts in. */
  public List<String> budgetIds() {
    return holds.stream().map(h -> h.budget().spec.id()).toList();
  }

  List<Hold> holds() {
    return holds;
  }

  /**
   * Spreads the engine's sequence number. Equality stays identity, which is consistent with this:
   * the engine keys its set of active reservations on the reservation itself, so a reserve needs
   * neither the id string nor an identity hash.
   */
  @Override
  public int hashCode() {
    return Long.hashCode(sequence * 0x9E3779B97F4A7C15L);
  }

  /** Moves from ACTIVE to {@code next}; false if it had already left ACTIVE. */
  boolean finish(State next) {
    return state.compareAndSet(State.ACTIVE, next);
  }
}

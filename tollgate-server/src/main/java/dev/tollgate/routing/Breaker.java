package dev.tollgate.routing;

import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.Objects;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One deployment's circuit breaker. Closed, it lets every call through and counts consecutive
 * failures; at the threshold it opens and refuses calls for the cool-down; then it is half-open and
 * lets exactly one trial call through: a success closes it, a failure opens it again. Opening and
 * closing are logged at WARN. Thread-safe: requests on every event loop share it.
 */
public final class Breaker {

  private static final Logger LOG = LoggerFactory.getLogger(Breaker.class);

  /** Where a breaker stands. */
  public enum State {
    CLOSED,
    OPEN,
    HALF_OPEN
  }

  /**
   * What a breaker looks like now, for {@code /healthz}.
   *
   * @param name the deployment's name
   * @param state its state; OPEN only while the cool-down runs
   * @param until when an open breaker lets a trial through, if open
   * @param failures the consecutive failures counted so far
   */
  public record Snapshot(String name, State state, Optional<Instant> until, int failures) {}

  private final String name;
  private final int threshold;
  private final Duration coolDown;
  private final InstantSource clock;

  private State state = State.CLOSED;
  private int failures;
  private Instant openUntil = Instant.MIN;
  private boolean trialInFlight;

  /** A closed breaker named {@code name} that opens after {@code threshold} failures in a row. */
  public Breaker(String name, int threshold, Duration coolDown, InstantSource clock) {
    if (threshold < 1) {
      throw new IllegalArgumentException("threshold must be at least 1, got " + threshold);
    }
    this.name = Objects.requireNonNull(name, "name");
    this.threshold = threshold;
    this.coolDown = Objects.requireNonNull(coolDown, "coolDown");
    this.clock = Objects.requireNonNull(clock, "clock");
  }

  /** The deployment's name. */
  public String name() {
    return name;
  }

  /**
   * Asks to send one call. Every {@code true} must be followed by {@link #success}, {@link
   * #failure} or {@link #abandon}, so that a half-open breaker's trial is not held forever.
   */
  public synchronized boolean tryAcquire() {
    switch (state) {
      case CLOSED -> {
        return true;
      }
      case OPEN -> {
        if (clock.instant().isBefore(openUntil)) {
          return false;
        }
        state = State.HALF_OPEN;
        trialInFlight = true;
        return true;
      }
      default -> {
        if (trialInFlight) {
          return false;
        }
        trialInFlight = true;
        return true;
      }
    }
  }

  /** The call reached a working upstream: the breaker closes and the count starts again. */
  public synchronized void success() {
    if (state != State.CLOSED) {
      LOG.warn("circuit breaker of deployment {} closed: the trial request succeeded", name);
    }
    state = State.CLOSED;
    failures = 0;
    trialInFlight = false;
  }

  /** The call failed (timeout, 5xx, 429, no answer). */
  public synchronized void failure() {
    failures++;
    trialInFlight = false;
    if (state == State.HALF_OPEN || (state == State.CLOSED && failures >= threshold)) {
      state = State.OPEN;
      openUntil = clock.instant().plus(coolDown);
      LOG.warn(
          "circuit breaker of deployment {} opened after {} consecutive failures; no requests"
              + " until {}",
          name,
          failures,
          openUntil);
    }
  }

  /** The call ended without telling whether the upstream works (e.g. the client left). */
  public synchronized void abandon() {
    trialInFlight = false;
  }

  /** When this breaker will let a call through again, if it refuses now. */
  public synchronized Optional<Instant> refusesUntil() {
    return state == State.OPEN && clock.instant().isBefore(openUntil)
        ? Optional.of(openUntil)
        : Optional.empty();
  }

  /** The state now; an open breaker past its cool-down reports HALF_OPEN. */
  public synchronized Snapshot snapshot() {
    if (state == State.OPEN && !clock.instant().isBefore(openUntil)) {
      return new Snapshot(name, State.HALF_OPEN, Optional.empty(), failures);
    }
    return new Snapshot(
        name, state, state == State.OPEN ? Optional.of(openUntil) : Optional.empty(), failures);
  }
}

package dev.tollgate.budget;

import dev.tollgate.budget.BudgetForecast.Outlook;
import dev.tollgate.ledger.LedgerStore;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.math.RoundingMode;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * Forecasts each budget's spend to the end of its period from its recent burn rate: what its scope
 * spent in a recent window (from the ledger), per unit of time, times the time left, added to what
 * the period has spent so far. Linear on purpose: it is easy to check by hand, and the window is
 * chosen per period so that daily and weekly cycles neither inflate nor hide the rate.
 *
 * <p>The window ends now and may reach back into the previous period: early in a month, the last
 * seven days say more about the rate than the first few hours of the month do. A scope whose use
 * started inside the window has its rate understated until the window has passed.
 */
public final class Forecasts {

  private static final BigInteger NANOS_PER_SECOND = BigInteger.valueOf(1_000_000_000L);
  private static final BigDecimal NANOS_PER_DAY = BigDecimal.valueOf(86_400_000_000_000L);

  private final BudgetEngine engine;
  private final LedgerStore store;

  /** Forecasts of {@code engine}'s budgets, their recent spend summed from {@code store}. */
  public Forecasts(BudgetEngine engine, LedgerStore store) {
    this.engine = engine;
    this.store = store;
  }

  /**
   * The forecast of {@code budgetId} now, by the engine's clock.
   *
   * @throws IllegalArgumentException if there is no such budget
   */
  public BudgetForecast of(String budgetId) {
    Instant now = engine.clock().instant();
    BudgetStatus st = engine.status(budgetId, now);
    Period period = engine.state(budgetId).spec.period();
    Duration window = lookback(period);
    Period.Window lookback = new Period.Window(now.minus(window), now);
    long recent =
        BudgetLedger.pick(
            st.metric(),
            store.totals(st.scope().dimension(), st.scope().value(), lookback.start(), now));
    BigInteger windowNanos = nanos(window);
    BigDecimal perDay =
        new BigDecimal(BigInteger.valueOf(recent))
            .multiply(NANOS_PER_DAY)
            .divide(new BigDecimal(windowNanos), 6, RoundingMode.HALF_EVEN);
    boolean ends = period.kind() != Period.Kind.TOTAL && period.kind() != Period.Kind.ROLLING;
    OptionalLong projected = OptionalLong.empty();
    if (ends) {
      BigInteger more = ceilDiv(mul(recent, nanos(now, st.window().end())), windowNanos);
      projected = OptionalLong.of(more.add(BigInteger.valueOf(st.spent())).longValueExact());
    }
    Optional<Instant> hit =
        period.kind() == Period.Kind.ROLLING
            ? Optional.empty()
            : limitHit(st, recent, windowNanos, now);
    Outlook outlook =
        st.spent() >= st.allocated()
            ? Outlook.EXCEEDED
            : hit.isPresent() ? Outlook.OVER_LIMIT : Outlook.UNDER_LIMIT;
    return new BudgetForecast(
        st, now, lookback, recent, perDay, projected, hit, outlook, method(period));
  }

  /**
   * When spend reaches the limit at {@code recent} per {@code windowNanos}, if before the period's
   * end. Exactly when the projection passes the limit: both compare recent × time with (limit −
   * spent) × window, without rounding.
   */
  private static Optional<Instant> limitHit(
      BudgetStatus st, long recent, BigInteger windowNanos, Instant now) {
    long left = st.allocated() - st.spent();
    if (left <= 0 || recent == 0) {
      return Optional.empty();
    }
    BigInteger needed = mul(left, windowNanos);
    if (needed.compareTo(mul(recent, nanos(now, st.window().end()))) >= 0) {
      return Optional.empty();
    }
    BigInteger[] seconds =
        ceilDiv(needed, BigInteger.valueOf(recent)).divideAndRemainder(NANOS_PER_SECOND);
    long whole = seconds[0].longValueExact() + (seconds[1].signum() > 0 ? 1 : 0);
    Instant at = now.plusSeconds(whole);
    return Optional.of(at.isAfter(st.window().end()) ? st.window().end() : at);
  }

  /** How far back the burn rate is measured, per period. */
  static Duration lookback(Period p) {
    return switch (p.kind()) {
      case HOURLY -> Duration.ofHours(1);
      case DAILY -> Duration.ofHours(24);
      case WEEKLY, MONTHLY -> Duration.ofDays(7);
      case YEARLY, TOTAL -> Duration.ofDays(30);
      case ROLLING -> Duration.ofHours(p.hours());
    };
  }

  /** The method in words: the window, and why that window. */
  static String method(Period p) {
    String window =
        switch (p.kind()) {
          case HOURLY -> "the last hour";
          case DAILY -> "the last 24 hours";
          case WEEKLY, MONTHLY -> "the last 7 days";
          case YEARLY, TOTAL -> "the last 30 days";
          case ROLLING -> "the last " + p.hours() + " hours";
        };
    String why =
        switch (p.kind()) {
          case HOURLY -> "that is as long as the period itself";
          case DAILY -> "a whole day counts busy and quiet hours once each";
          case WEEKLY, MONTHLY ->
              "a whole week counts weekdays and weekends once each and is recent enough to follow"
                  + " a change in use";
          case YEARLY, TOTAL -> "a month evens out weekly cycles and still follows a change in use";
          case ROLLING -> "that is the window itself";
        };
    return switch (p.kind()) {
      case TOTAL ->
          "linear: the burn rate over "
              + window
              + ", to the date the limit is reached (a lifetime budget has no end to project spend"
              + " to); "
              + window
              + " because "
              + why;
      case ROLLING ->
          "none: a rolling window has no end to project to (old spend leaves it as new spend"
              + " comes); the burn rate is over "
              + window
              + " because "
              + why;
      default ->
          "linear: spent so far + the burn rate over "
              + window
              + " × the time left in the period; "
              + window
              + " because "
              + why
              + " (the window may reach into the period before)";
    };
  }

  private static BigInteger nanos(Duration d) {
    return BigInteger.valueOf(d.getSeconds())
        .multiply(NANOS_PER_SECOND)
        .add(BigInteger.valueOf(d.getNano()));
  }

  private static BigInteger nanos(Instant from, Instant to) {
    return to.isAfter(from) ? nanos(Duration.between(from, to)) : BigInteger.ZERO;
  }

  private static BigInteger mul(long a, BigInteger b) {
    return BigInteger.valueOf(a).multiply(b);
  }

  private static BigInteger ceilDiv(BigInteger a, BigInteger b) {
    BigInteger[] qr = a.divideAndRemainder(b);
    return qr[1].signum() > 0 ? qr[0].add(BigInteger.ONE) : qr[0];
  }
}

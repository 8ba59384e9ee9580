package dev.tollgate.pricing;

import java.time.Instant;
import java.time.LocalTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The prices of a model from one instant on, until the next schedule of the same model starts.
 *
 * @param from the first instant these prices apply, inclusive; {@link Instant#MIN} for "always"
 * @param rates the standard prices
 * @param longContext a tier that replaces the standard prices for a whole request whose prompt is
 *     longer than its threshold, if the provider has one
 * @param windows daily windows (in UTC) in which other prices apply, such as DeepSeek's off-peak
 *     discount; the first window that contains the instant wins
 */
public record PriceSchedule(
    Instant from, Rates rates, Optional<LongContextTier> longContext, List<TimeWindow> windows) {

  public PriceSchedule {
    Objects.requireNonNull(from, "from");
    Objects.requireNonNull(rates, "rates");
    Objects.requireNonNull(longContext, "longContext");
    windows = List.copyOf(windows);
  }

  /** Standard prices only, valid always. */
  public static PriceSchedule always(Rates rates) {
    return new PriceSchedule(Instant.MIN, rates, Optional.empty(), List.of());
  }

  /**
   * A long-context tier: when a request's prompt (every input token, cached or not) is strictly
   * greater than {@code aboveInputTokens}, every token of the request is billed at {@code rates},
   * as Anthropic and Google bill it. Its time windows are not applied on top.
   */
  public record LongContextTier(long aboveInputTokens, Rates rates) {
    public LongContextTier {
      if (aboveInputTokens <= 0) {
        throw new IllegalArgumentException("long-context threshold must be positive");
      }
    }
  }

  /**
   * A daily window, in UTC, with its own prices. {@code start} is inclusive and {@code end}
   * exclusive; a window whose end is not after its start wraps past midnight (16:30–00:30).
   */
  public record TimeWindow(String name, LocalTime start, LocalTime end, Rates rates) {
    public TimeWindow {
      if (start.equals(end)) {
        throw new IllegalArgumentException("time window '" + name + "' is empty");
      }
    }

    /** Whether {@code at} falls inside the window. */
    public boolean contains(Instant at) {
      LocalTime t = LocalTime.ofInstant(at, ZoneOffset.UTC);
      if (start.isBefore(end)) {
        return !t.isBefore(start) && t.isBefore(end);
      }
      return !t.isBefore(start) || t.isBefore(end);
    }
  }
}

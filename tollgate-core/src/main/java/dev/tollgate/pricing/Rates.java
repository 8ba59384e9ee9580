package dev.tollgate.pricing;

import dev.tollgate.money.Money;
import dev.tollgate.usage.UsageKind;
import java.math.BigDecimal;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.Map;
import java.util.Optional;

/**
 * One set of prices: for each token kind a price in nano-dollars per million tokens, for each unit
 * kind (images, web searches, tool calls) a fee in nano-dollars per unit, and a fee per request.
 *
 * <p>A kind that the price list does not name falls back to a related kind, the way providers bill
 * it when they publish no separate price: cache reads and writes and input audio at the input
 * price, the 1-hour cache write at the 5-minute one, reasoning and output audio at the output
 * price. A unit kind without a fee costs nothing. {@link #source(UsageKind)} says which kind a
 * price really came from, so a breakdown can show the fallback.
 */
public final class Rates {

  private static final long UNLISTED = -1;
  private static final BigDecimal NANOS_PER_USD = BigDecimal.valueOf(Money.NANOS_PER_USD);

  private final long[] listed;
  private final long perRequestNanos;

  private Rates(long[] listed, long perRequestNanos) {
    this.listed = listed;
    this.perRequestNanos = perRequestNanos;
  }

  /** A builder with nothing listed. */
  public static Builder builder() {
    return new Builder();
  }

  /** The effective price of {@code kind}: nanos per million tokens, or per unit. */
  public long nanos(UsageKind kind) {
    return source(kind).map(k -> listed[k.ordinal()]).orElse(0L);
  }

  /**
   * The kind whose listed price applies to {@code kind}: itself if listed, else its fallback, or
   * empty for an unlisted unit kind (which costs nothing).
   */
  public Optional<UsageKind> source(UsageKind kind) {
    UsageKind k = kind;
    while (k != null) {
      if (listed[k.ordinal()] != UNLISTED) {
        return Optional.of(k);
      }
      k = fallback(k);
    }
    return Optional.empty();
  }

  /** Whether the price list names {@code kind} itself. */
  public boolean lists(UsageKind kind) {
    return listed[kind.ordinal()] != UNLISTED;
  }

  /** The fee charged once per request, in nano-dollars. */
  public long perRequestNanos() {
    return perRequestNanos;
  }

  /** The listed prices in USD (per million tokens, or per unit), for display and export. */
  public Map<UsageKind, BigDecimal> listedUsd() {
    Map<UsageKind, BigDecimal> out = new EnumMap<>(UsageKind.class);
    for (UsageKind kind : UsageKind.values()) {
      if (lists(kind)) {
        out.put(kind, BigDecimal.valueOf(listed[kind.ordinal()], 9).stripTrailingZeros());
      }
    }
    return out;
  }

  /** Every price multiplied by {@code factor} and rounded up to a nano-dollar (for overrides). */
  public Rates scaled(BigDecimal factor) {
    long[] copy = listed.clone();
    for (int i = 0; i < copy.length; i++) {
      if (copy[i] != UNLISTED) {
        copy[i] = Money.ceilNanos(BigDecimal.valueOf(copy[i]).multiply(factor)).nanos();
      }
    }
    long request = Money.ceilNanos(BigDecimal.valueOf(perRequestNanos).multiply(factor)).nanos();
    return new Rates(copy, request);
  }

  private static UsageKind fallback(UsageKind kind) {
    return switch (kind) {
      case CACHE_READ, CACHE_WRITE_5M, INPUT_AUDIO -> UsageKind.INPUT;
      case CACHE_WRITE_1H -> UsageKind.CACHE_WRITE_5M;
      case REASONING, OUTPUT_AUDIO -> UsageKind.OUTPUT;
      default -> null;
    };
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Rates r
        && Arrays.equals(listed, r.listed)
        && perRequestNanos == r.perRequestNanos;
  }

  @Override
  public int hashCode() {
    return Arrays.hashCode(listed) * 31 + Long.hashCode(perRequestNanos);
  }

  @Override
  public String toString() {
    return "Rates"
        + listedUsd()
        + (perRequestNanos > 0 ? " +" + perRequestNanos + "n/request" : "");
  }

  /** Builds {@link Rates} from prices in USD. */
  public static final class Builder {
    private final long[] listed = new long[UsageKind.values().length];
    private long perRequestNanos;

    private Builder() {
      Arrays.fill(listed, UNLISTED);
    }

    /**
     * Lists a price in USD: per million tokens for a token kind, per unit for a unit kind.
     *
     * @throws IllegalArgumentException if negative or finer than a nano-dollar
     */
    public Builder usd(UsageKind kind, BigDecimal usd) {
      listed[kind.ordinal()] = toNanos(usd, kind.label());
      return this;
    }

    /** Lists a price given as text, as in {@link #usd(UsageKind, BigDecimal)}. */
    public Builder usd(UsageKind kind, String usd) {
      return usd(kind, new BigDecimal(usd));
    }

    /** Sets the fee charged once per request, in USD. */
    public Builder perRequestUsd(BigDecimal usd) {
      perRequestNanos = toNanos(usd, "per request");
      return this;
    }

    /** The rates. */
    public Rates build() {
      return new Rates(listed.clone(), perRequestNanos);
    }

    private static long toNanos(BigDecimal usd, String what) {
      if (usd.signum() < 0) {
        throw new IllegalArgumentException(what + " price must not be negative: " + usd);
      }
      try {
        return usd.multiply(NANOS_PER_USD).stripTrailingZeros().longValueExact();
      } catch (ArithmeticException e) {
        throw new IllegalArgumentException(
            what + " price " + usd.toPlainString() + " is finer than a nano-dollar");
      }
    }
  }
}

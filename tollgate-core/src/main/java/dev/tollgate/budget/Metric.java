package dev.tollgate.budget;

import dev.tollgate.money.Money;
import java.util.Locale;

/** What a budget limits: dollars (counted in nano-dollars), tokens, or requests. */
public enum Metric {
  COST,
  TOKENS,
  REQUESTS;

  /**
   * An amount of this metric for people: {@code $12.50}, {@code 1,000 tokens}, {@code 3 requests}.
   */
  public String format(long amount) {
    return switch (this) {
      case COST -> Money.ofNanos(amount).format(6);
      case TOKENS -> String.format(Locale.ROOT, "%,d tokens", amount);
      case REQUESTS -> String.format(Locale.ROOT, "%,d requests", amount);
    };
  }
}

package dev.tollgate.budget;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * What the budget engine decided for a request, with the reason. Every Allow variant carries the
 * {@link Reservation} that the caller must settle or release.
 */
public sealed interface Decision {

  /** The reason, for logs and error bodies. */
  String reason();

  /** Allowed as asked. {@code notes} records anything notable, e.g. an emergency override. */
  record Allow(Reservation reservation, String reason, List<String> notes) implements Decision {}

  /** Allowed on a cheaper model, because an adaptive budget passed its fallback threshold. */
  record AllowFallback(String model, Reservation reservation, String reason) implements Decision {}

  /** Allowed with {@code max_tokens} lowered to what the remaining budget pays for. */
  record AllowCapped(long maxOutputTokens, Reservation reservation, String reason)
      implements Decision {}

  /**
   * Denied.
   *
   * @param budgetId the budget that denied it (the tightest, when several would)
   * @param scope that budget's scope
   * @param metric its unit
   * @param limit its limit
   * @param spent spent in the period
   * @param reserved held for requests in flight
   * @param remaining what the request could have taken (after the emergency reserve, unless
   *     critical)
   * @param needed what the request needed
   * @param reason a sentence naming all of the above
   * @param retryAfter when the period rolls over, if it ever does
   */
  record Deny(
      String budgetId,
      Scope scope,
      Metric metric,
      long limit,
      long spent,
      long reserved,
      long remaining,
      long needed,
      String reason,
      Optional<Instant> retryAfter)
      implements Decision {}
}

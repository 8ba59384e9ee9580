package dev.tollgate.keys;

import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * What a virtual key may do, beyond who it belongs to.
 *
 * @param allowedModels the models it may use: names or aliases as the catalog knows them, {@code
 *     provider/*} for every model of a catalog provider, or {@code prefix*}; empty means every
 *     model
 * @param rpm its own requests per minute, instead of the gateway's {@code rate_limits.rpm}
 * @param tpm its own tokens per minute, instead of the gateway's {@code rate_limits.tpm}
 * @param expiresAt when it stops working, if ever
 * @param responseCache whether its requests may be answered from the response cache
 * @param budgets its own spend budgets, registered in the budget engine with scope {@code key:<id>}
 */
public record KeyLimits(
    List<String> allowedModels,
    OptionalLong rpm,
    OptionalLong tpm,
    Optional<Instant> expiresAt,
    boolean responseCache,
    List<KeyBudget> budgets) {

  public KeyLimits {
    allowedModels = allowedModels == null ? List.of() : List.copyOf(allowedModels);
    Objects.requireNonNull(rpm, "rpm");
    Objects.requireNonNull(tpm, "tpm");
    Objects.requireNonNull(expiresAt, "expiresAt");
    budgets = budgets == null ? List.of() : List.copyOf(budgets);
  }

  /** No limit of the key's own: every model, the gateway's rate limits, no expiry, no budget. */
  public static KeyLimits none() {
    return new KeyLimits(
        List.of(), OptionalLong.empty(), OptionalLong.empty(), Optional.empty(), false, List.of());
  }

  /** Whether the key has expired at {@code now}: its expiry is not after it. */
  public boolean expiredAt(Instant now) {
    return expiresAt.isPresent() && !now.isBefore(expiresAt.get());
  }

  /**
   * Whether a request for {@code requested}, which the catalog knows as {@code canonical} of {@code
   * provider} (both null when it is not in the catalog), may use this key.
   */
  public boolean allows(String requested, String canonical, String provider) {
    if (allowedModels.isEmpty()) {
      return true;
    }
    for (String pattern : allowedModels) {
      if (matches(pattern, requested)
          || (canonical != null && matches(pattern, canonical))
          || (canonical != null
              && provider != null
              && matches(pattern, provider + "/" + canonical))) {
        return true;
      }
    }
    return false;
  }

  private static boolean matches(String pattern, String model) {
    if (pattern.endsWith("*")) {
      return model.startsWith(pattern.substring(0, pattern.length() - 1));
    }
    return pattern.equals(model);
  }
}

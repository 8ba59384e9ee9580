package dev.tollgate.pricing;

import java.util.Locale;
import java.util.Optional;

/**
 * What a model can do beyond plain text chat, as the catalog states it ({@code capabilities:
 * [tools, vision]}); used to route a request to the cheapest model that meets its needs. A
 * capability the catalog does not state counts as absent.
 */
public enum Capability {
  /** Function / tool calling. */
  TOOLS,
  /** Images in the input. */
  VISION;

  /** The name in the catalog, e.g. {@code tools}. */
  public String key() {
    return name().toLowerCase(Locale.ROOT);
  }

  /** The capability named {@code key} in the catalog, if there is one. */
  public static Optional<Capability> of(String key) {
    for (Capability c : values()) {
      if (c.key().equals(key)) {
        return Optional.of(c);
      }
    }
    return Optional.empty();
  }
}

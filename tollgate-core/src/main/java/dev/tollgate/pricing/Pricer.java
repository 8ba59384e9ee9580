package dev.tollgate.pricing;

import dev.tollgate.usage.Usage;
import java.util.Objects;

/** Prices requests by model name: the catalog's matching, the calculator, and the policy. */
public final class Pricer {

  private final Catalog catalog;
  private final UnknownModelPolicy unknownModels;

  /** A pricer over {@code catalog} that treats unknown models by {@code unknownModels}. */
  public Pricer(Catalog catalog, UnknownModelPolicy unknownModels) {
    this.catalog = Objects.requireNonNull(catalog, "catalog");
    this.unknownModels = Objects.requireNonNull(unknownModels, "unknownModels");
  }

  /** The catalog in use. */
  public Catalog catalog() {
    return catalog;
  }

  /** The policy for models without a price. */
  public UnknownModelPolicy unknownModels() {
    return unknownModels;
  }

  /** Prices {@code usage} of {@code model} under {@code options}. */
  public PriceResult price(String model, Usage usage, PriceOptions options) {
    return switch (catalog.resolve(model)) {
      case Resolution.Known k ->
          new PriceResult.Priced(
              model, k.matchedBy(), PriceCalculator.price(k.model(), usage, options));
      case Resolution.Unknown u ->
          unknownModels == UnknownModelPolicy.REFUSE
              ? new PriceResult.Refused(model, u.reason())
              : new PriceResult.Unpriced(model, u.reason());
    };
  }
}

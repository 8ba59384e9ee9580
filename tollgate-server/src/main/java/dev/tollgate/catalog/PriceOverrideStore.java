package dev.tollgate.catalog;

import java.time.Instant;
import java.util.List;

/**
 * Where the price overrides set over the admin API are kept, so that they outlive a restart. Keyed
 * by provider, model and start. Every method is thread-safe.
 */
public interface PriceOverrideStore {

  /** Every stored override, by provider, model and start. */
  List<PriceOverride> all();

  /** Inserts {@code override}, or replaces the one of the same model and start. */
  void put(PriceOverride override);

  /** Deletes the override of {@code provider/model} from {@code from}; whether there was one. */
  boolean delete(String provider, String model, Instant from);
}

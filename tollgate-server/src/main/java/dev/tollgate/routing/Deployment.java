package dev.tollgate.routing;

import dev.tollgate.pricing.ModelPrice;
import dev.tollgate.provider.Provider;
import java.util.Objects;

/**
 * One place a model can be served: a provider, the model id sent to it, and the catalog entry whose
 * prices apply.
 *
 * @param name how logs and {@code /healthz} name it: {@code <provider entry>/<upstream model>}
 * @param provider the provider, as {@link dev.tollgate.provider.Providers} resolved it
 * @param upstreamModel the model id sent upstream
 * @param price the price card; null when the model is unpriced ({@code unknown_model: record})
 * @param pricedAs the name the pricer resolves to that price card
 * @param breaker its circuit breaker, shared by every model that names the same deployment
 */
public record Deployment(
    String name,
    Provider provider,
    String upstreamModel,
    ModelPrice price,
    String pricedAs,
    Breaker breaker) {

  public Deployment {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(provider, "provider");
    Objects.requireNonNull(upstreamModel, "upstreamModel");
    Objects.requireNonNull(pricedAs, "pricedAs");
    Objects.requireNonNull(breaker, "breaker");
  }

  /** This deployment with {@code card} as its price card (the same model in a newer book). */
  public Deployment pricedBy(ModelPrice card) {
    return card == price
        ? this
        : new Deployment(name, provider, upstreamModel, card, pricedAs, breaker);
  }
}

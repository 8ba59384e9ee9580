package dev.tollgate.proxy;

import dev.tollgate.pricing.Pricer;
import dev.tollgate.pricing.Resolution;
import dev.tollgate.pricing.UnknownModelPolicy;
import dev.tollgate.provider.Providers;
import io.vertx.core.Future;
import java.util.OptionalLong;

/**
 * Looks the model up in the catalog. An unknown model is refused with OpenAI's 404 {@code
 * model_not_found} under {@code pricing.unknown_model: refuse}, and goes on unpriced under {@code
 * record}. The model's catalog provider then picks the provider that serves it ({@link
 * Providers#route}); a model no enabled provider serves is refused with 400.
 */
final class RouteStep implements Interceptor {

  private final Pricer pricer;
  private final Providers providers;

  RouteStep(Pricer pricer, Providers providers) {
    this.pricer = pricer;
    this.providers = providers;
  }

  @Override
  public Future<Void> before(Exchange x) {
    String requested = x.request.model();
    x.servedModel = requested;
    switch (pricer.catalog().resolve(requested)) {
      case Resolution.Known k -> x.model = k.model();
      case Resolution.Unknown u -> {
        if (pricer.unknownModels() == UnknownModelPolicy.REFUSE) {
          throw new ProxyException(
              404,
              "invalid_request_error",
              "model_not_found",
              "model",
              "The model '"
                  + requested
                  + "' does not exist or has no price ("
                  + u.reason()
                  + "; pricing.unknown_model is refuse).",
              OptionalLong.empty());
        }
        x.model = null;
      }
    }
    x.provider = providers.route(requested, x.model);
    return Future.succeededFuture();
  }
}

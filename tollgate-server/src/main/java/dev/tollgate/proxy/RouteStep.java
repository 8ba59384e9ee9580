package dev.tollgate.proxy;

import dev.tollgate.routing.Deployment;
import dev.tollgate.routing.Router;
import dev.tollgate.routing.Target;
import io.vertx.core.Future;

/**
 * Finds where the model is served ({@link Router#plan}): the deployments of a model {@code models}
 * lists, then those of its fallbacks; for any other model, the provider of its catalog entry. An
 * unknown model is refused with OpenAI's 404 {@code model_not_found} under {@code
 * pricing.unknown_model: refuse}, and goes on unpriced under {@code record}; a model no enabled
 * provider serves is refused with 400. The first deployment is the one reserved for; the call may
 * move on to others ({@link Attempts}).
 */
final class RouteStep implements Interceptor {

  private final Router router;

  RouteStep(Router router) {
    this.router = router;
  }

  @Override
  public Future<Void> before(Exchange x) {
    x.plan = router.plan(x.request.model(), x.pricer);
    Deployment first =
        x.plan.stream()
            .flatMap(t -> t.deployments().stream())
            .findFirst()
            .orElseThrow(() -> noDeployment(x.request.model(), x.plan));
    x.use(first);
    return Future.succeededFuture();
  }

  private static ProxyException noDeployment(String requested, java.util.List<Target> plan) {
    return ProxyException.badRequest(
        "model",
        "The model '"
            + requested
            + "' has no enabled deployment: the provider entries its models.*.deployments name"
            + " have no key set (chain: "
            + plan.stream().map(Target::model).toList()
            + ").");
  }
}

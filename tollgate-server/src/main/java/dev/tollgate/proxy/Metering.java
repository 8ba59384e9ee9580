package dev.tollgate.proxy;

import dev.tollgate.budget.BudgetEngine;
import dev.tollgate.keys.VirtualKeys;
import dev.tollgate.ledger.LedgerWriter;
import dev.tollgate.pricing.Pricer;
import dev.tollgate.provider.Providers;
import dev.tollgate.proxy.openai.ChatRequest;
import dev.tollgate.usage.ApiFormat;
import io.vertx.core.Future;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/**
 * The services every metered endpoint runs its requests through, and the one place the metered path
 * is put together: decode, auth, rate limit, route, the endpoint's own check of the routed
 * provider, denial, reserve and meter, around the provider call. No endpoint that reaches a
 * provider builds its chain any other way, so none can skip a step.
 */
record Metering(
    VirtualKeys keys,
    Pricer pricer,
    BudgetEngine engine,
    LedgerWriter writer,
    Providers providers,
    RateLimiter limiter) {

  /**
   * The metered chain of an endpoint.
   *
   * @param format the wire format of its requests and of the provider's answers
   * @param decode reads the body, failing with a 400 that names the field
   * @param check what the endpoint needs of the provider routing chose (e.g. that it serves the
   *     endpoint at all), run before anything is reserved; null for none
   * @param call the provider call; a budget fallback to a model of another provider has already
   *     been routed again when it runs
   */
  Chain chain(
      ApiFormat format,
      Function<byte[], ChatRequest> decode,
      Interceptor check,
      Function<Exchange, Future<Void>> call) {
    List<Interceptor> steps = new ArrayList<>();
    steps.add(
        new Interceptor() {
          @Override
          public Future<Void> before(Exchange x) {
            x.format = format;
            x.request = decode.apply(x.rawBody);
            return Future.succeededFuture();
          }
        });
    steps.add(new AuthStep(keys, pricer));
    steps.add(new RateLimitStep(limiter, pricer));
    steps.add(new RouteStep(pricer, providers));
    if (check != null) {
      steps.add(check);
    }
    steps.add(new DenialStep(writer));
    steps.add(new ReserveStep(engine, pricer));
    steps.add(new MeterStep(writer, pricer));
    return new Chain(
        steps,
        x -> {
          if (!x.fallbackFrom.isEmpty()) {
            // A budget fallback may name a model another provider serves.
            x.provider = providers.route(x.servedModel, x.model);
            if (check != null) {
              return check.before(x).compose(v -> call.apply(x));
            }
          }
          return call.apply(x);
        });
  }
}

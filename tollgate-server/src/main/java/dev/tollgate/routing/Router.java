package dev.tollgate.routing;

import dev.tollgate.config.Routing;
import dev.tollgate.config.Routing.Alias;
import dev.tollgate.config.Routing.Deployments;
import dev.tollgate.config.Routing.ModelRoute;
import dev.tollgate.config.TollgateConfig.ProviderEntry;
import dev.tollgate.pricing.ModelPrice;
import dev.tollgate.pricing.Pricer;
import dev.tollgate.pricing.Resolution;
import dev.tollgate.provider.Provider;
import dev.tollgate.provider.Providers;
import dev.tollgate.proxy.ProxyException;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Where a model name is served: the models {@code models} lists resolve to their deployments and
 * then their fallbacks' deployments; every other model to one implicit deployment, the provider of
 * its catalog entry ({@link Providers#route}). Each deployment has one circuit breaker, shared by
 * every model naming the same provider entry and upstream model. A fallback contributes its own
 * deployments, not its own fallbacks, so chains never loop. A {@code cheapest} route is resolved
 * once at start-up to a catalog model ({@link CheapestModel}) and then served like that model.
 *
 * <p>Every plan is priced by the pricer its request carries ({@link #plan(String, Pricer)}): the
 * configured deployments' price cards are looked up again in a newer book the first time a request
 * brings one, so a price change reaches them without a restart, and a request never mixes books.
 */
public final class Router {

  private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(Router.class);

  /** Implicit deployments of unpriced models beyond this share one breaker per provider. */
  private static final int MAX_BREAKERS = 10_000;

  private final Routing routing;
  private final Pricer pricer;
  private final Providers providers;
  private final InstantSource clock;
  private final Map<String, List<Deployment>> configured;

  /** The configured deployments with their price cards from one pricer. */
  private record Priced(Pricer pricer, Map<String, List<Deployment>> deployments) {}

  /** The last pricing of the configured deployments: replaced whole, never changed. */
  private volatile Priced priced;

  /** The catalog model each {@code cheapest} route chose at start-up, as {@code provider/id}. */
  private final Map<String, String> cheapest = new LinkedHashMap<>();

  private final Map<String, Breaker> breakers = new ConcurrentHashMap<>();

  private Router(Routing routing, Pricer pricer, Providers providers, InstantSource clock) {
    this.routing = routing;
    this.pricer = pricer;
    this.providers = providers;
    this.clock = clock;
    this.configured = new LinkedHashMap<>();
  }

  /**
   * The router of {@code routing}, checking every name against the catalog.
   *
   * @param entries the configured provider entries, enabled or not
   * @param display how messages name the configuration file
   * @throws dev.tollgate.config.ConfigException naming the field whose model the catalog lacks
   */
  public static Router of(
      Routing routing,
      List<ProviderEntry> entries,
      Pricer pricer,
      Providers providers,
      InstantSource clock,
      String display) {
    Router router = new Router(routing, pricer, providers, clock);
    RouterChecks checks = new RouterChecks(routing, entries, pricer, display);
    for (Map.Entry<String, ModelRoute> e : routing.models().entrySet()) {
      if (e.getValue() instanceof Deployments d) {
        router.configured.put(e.getKey(), router.deployments(e.getKey(), d, checks));
      }
    }
    checks.checkNames();
    for (Map.Entry<String, ModelRoute> e : routing.models().entrySet()) {
      if (e.getValue() instanceof Routing.Cheapest c) {
        router.cheapest.put(e.getKey(), router.choose(e.getKey(), c, display));
      }
    }
    router.priced = new Priced(pricer, Map.copyOf(router.configured));
    return router;
  }

  /** The cheapest model for {@code needs} that an enabled provider serves, logged at INFO. */
  private String choose(String name, Routing.Cheapest needs, String display) {
    java.time.Instant now = clock.instant();
    ModelPrice chosen =
        CheapestModel.pick(needs, pricer.catalog(), this::served, now)
            .orElseThrow(
                () ->
                    new dev.tollgate.config.ConfigException(
                        display
                            + ": models."
                            + name
                            + ".cheapest: no catalog model served by an enabled provider has"
                            + " a context window of at least "
                            + needs.minContext()
                            + (needs.tools() ? ", tools" : "")
                            + (needs.vision() ? ", vision" : "")));
    LOG.info(
        "models.{}: the cheapest model meeting its needs is {} ({} USD for {} input and output"
            + " tokens)",
        name,
        chosen.qualifiedId(),
        CheapestModel.typicalCost(chosen, now).toUsd().toPlainString(),
        CheapestModel.TYPICAL_TOKENS);
    return chosen.qualifiedId();
  }

  private boolean served(ModelPrice m) {
    try {
      providers.route(m.qualifiedId(), m);
      return true;
    } catch (ProxyException e) {
      return false;
    }
  }

  /** A router with the defaults and no {@code models}: every model has its implicit deployment. */
  public static Router implicit(Pricer pricer, Providers providers, InstantSource clock) {
    Router router = new Router(Routing.defaults(), pricer, providers, clock);
    router.priced = new Priced(pricer, Map.of());
    return router;
  }

  /**
   * Checks that {@code candidate} can price every route: each configured deployment's price card
   * and each {@code cheapest} route's model is still in its catalog.
   *
   * @throws IllegalArgumentException naming the route whose model it lacks
   */
  public void check(Pricer candidate) {
    for (Map.Entry<String, List<Deployment>> e : configured.entrySet()) {
      for (Deployment d : e.getValue()) {
        if (d.price() != null
            && !(candidate.catalog().resolve(d.pricedAs()) instanceof Resolution.Known)) {
          throw new IllegalArgumentException(
              "models."
                  + e.getKey()
                  + ": the deployment "
                  + d.name()
                  + " is priced as "
                  + d.pricedAs()
                  + ", which the new prices lack");
        }
      }
    }
    cheapest.forEach(
        (name, chosen) -> {
          if (!(candidate.catalog().resolve(chosen) instanceof Resolution.Known)) {
            throw new IllegalArgumentException(
                "models."
                    + name
                    + ": the cheapest route chose "
                    + chosen
                    + ", which the new prices lack");
          }
        });
  }

  /** The clock breakers and cool-downs are measured by. */
  public InstantSource clock() {
    return clock;
  }

  /** The retry and breaker settings. */
  public Routing settings() {
    return routing;
  }

  private List<Deployment> deployments(String model, Deployments d, RouterChecks checks) {
    List<Deployment> out = new ArrayList<>();
    for (int i = 0; i < d.deployments().size(); i++) {
      Routing.Deployment spec = d.deployments().get(i);
      ModelPrice price = checks.priceCard(model, i, spec);
      Optional<Provider> provider = providers.named(spec.provider());
      if (provider.isEmpty()) {
        RouterChecks.disabled(model, i, spec);
        continue;
      }
      String name = spec.provider() + "/" + spec.model();
      out.add(
          new Deployment(
              name,
              provider.get(),
              spec.model(),
              price,
              price != null ? price.qualifiedId() : spec.model(),
              breaker(name)));
    }
    return List.copyOf(out);
  }

  /** The name {@code requested} stands for once its {@code models} aliases are followed. */
  public String canonical(String requested) {
    String name = requested;
    for (int hops = 0; routing.models().get(name) instanceof Alias a && hops < 64; hops++) {
      name = a.target();
    }
    return cheapest.getOrDefault(name, name);
  }

  /**
   * The route of {@code requested}: its own model first, then its fallbacks. A model {@code models}
   * does not list is looked up in the catalog and served by its implicit deployment. Every price
   * card in it comes from {@code prices}, the pricer the request carries.
   *
   * @throws ProxyException 404 for an unknown model under {@code unknown_model: refuse}, 400 if no
   *     enabled provider serves it
   */
  public List<Target> plan(String requested, Pricer prices) {
    String name = canonical(requested);
    Map<String, List<Deployment>> deployments = configured(prices);
    List<Deployment> own = deployments.get(name);
    if (own == null) {
      return List.of(new Target(name, List.of(implicit(name, prices))));
    }
    List<Target> plan = new ArrayList<>();
    plan.add(new Target(name, own));
    if (routing.models().get(name) instanceof Deployments d) {
      for (String fallback : d.fallbacks()) {
        String f = canonical(fallback);
        List<Deployment> theirs = deployments.get(f);
        if (theirs != null) {
          plan.add(new Target(f, theirs));
        } else {
          try {
            plan.add(new Target(f, List.of(implicit(f, prices))));
          } catch (ProxyException e) {
            // No enabled provider serves this fallback today; the chain goes on without it.
          }
        }
      }
    }
    return List.copyOf(plan);
  }

  /** The configured deployments priced by {@code prices}, looked up again for a new pricer. */
  private Map<String, List<Deployment>> configured(Pricer prices) {
    Priced last = priced;
    if (last.pricer() == prices) {
      return last.deployments();
    }
    // Requests of the old and the new book may alternate for a moment; each gets its own cards.
    Map<String, List<Deployment>> out = new LinkedHashMap<>();
    configured.forEach(
        (model, list) -> out.put(model, list.stream().map(d -> repriced(d, prices)).toList()));
    Priced fresh = new Priced(prices, out);
    priced = fresh;
    return fresh.deployments();
  }

  private static Deployment repriced(Deployment d, Pricer prices) {
    if (d.price() != null && prices.catalog().resolve(d.pricedAs()) instanceof Resolution.Known k) {
      return d.pricedBy(k.model());
    }
    // Unpriced by design (unknown_model: record), or a card check() kept from being swapped out.
    return d;
  }

  /** One implicit deployment: the catalog entry's provider, pricing by the name as sent. */
  private Deployment implicit(String name, Pricer pricer) {
    ModelPrice model =
        switch (pricer.catalog().resolve(name)) {
          case Resolution.Known k -> k.model();
          case Resolution.Unknown u -> {
            if (pricer.unknownModels() == dev.tollgate.pricing.UnknownModelPolicy.REFUSE) {
              throw ProxyException.modelNotFound(name, u.reason());
            }
            yield null;
          }
        };
    Provider provider = providers.route(name, model);
    String key = provider.id() + "/" + (model != null ? model.id() : name);
    if (model == null && breakers.size() >= MAX_BREAKERS && !breakers.containsKey(key)) {
      key = provider.id() + "/*";
    }
    return new Deployment(key, provider, name, model, name, breaker(key));
  }

  private Breaker breaker(String name) {
    return breakers.computeIfAbsent(
        name, n -> new Breaker(n, routing.breakerFailures(), routing.breakerOpen(), clock));
  }

  /** Every breaker's state, by name, for {@code /healthz}. */
  public List<Breaker.Snapshot> health() {
    return breakers.values().stream()
        .map(Breaker::snapshot)
        .sorted(Comparator.comparing(Breaker.Snapshot::name))
        .toList();
  }
}

package dev.tollgate.config;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * The {@code routing} and {@code models} sections: how failed upstream calls are retried, when a
 * deployment's circuit breaker opens, and which deployments, aliases and fallbacks a model name
 * has. A model that {@code models} does not list has one implicit deployment (the provider of its
 * catalog entry) and no fallback.
 *
 * @param retries further attempts on the same deployment after a retryable failure (timeout, 5xx,
 *     429), before moving on ({@code TOLLGATE_ROUTING_RETRIES})
 * @param backoffInitial the wait before the first retry; doubled each time, with jitter
 * @param backoffMax the longest wait, also the cap on an upstream's {@code retry-after}
 * @param breakerFailures consecutive failures that open a deployment's breaker
 * @param breakerOpen how long an open breaker refuses before one trial request is let through
 * @param models the {@code models} entries, by the name clients send, in the file's order
 */
public record Routing(
    int retries,
    Duration backoffInitial,
    Duration backoffMax,
    int breakerFailures,
    Duration breakerOpen,
    Map<String, ModelRoute> models) {

  /** Retries by default: two, as the OpenAI SDKs do. */
  public static final int DEFAULT_RETRIES = 2;

  public Routing {
    Objects.requireNonNull(backoffInitial, "backoffInitial");
    Objects.requireNonNull(backoffMax, "backoffMax");
    Objects.requireNonNull(breakerOpen, "breakerOpen");
    models = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(models));
  }

  /** The defaults: 2 retries, 100 ms to 2 s backoff, breakers open for 30 s after 5 failures. */
  public static Routing defaults() {
    return new Routing(
        DEFAULT_RETRIES,
        Duration.ofMillis(100),
        Duration.ofMillis(2_000),
        5,
        Duration.ofSeconds(30),
        Map.of());
  }

  /** What a name in {@code models} stands for. */
  public sealed interface ModelRoute {}

  /**
   * A model served by its own deployments, tried in order, then by its fallbacks.
   *
   * @param deployments at least one
   * @param fallbacks model names (of {@code models} or the catalog) tried in order when every
   *     deployment failed
   */
  public record Deployments(List<Deployment> deployments, List<String> fallbacks)
      implements ModelRoute {
    public Deployments {
      deployments = List.copyOf(deployments);
      fallbacks = List.copyOf(fallbacks);
    }
  }

  /** Another name for {@code target}, which {@code models} or the catalog knows. */
  public record Alias(String target) implements ModelRoute {
    public Alias {
      Objects.requireNonNull(target, "target");
    }
  }

  /**
   * The cheapest catalog model, served by an enabled provider, that meets these needs.
   *
   * @param minContext the smallest context window in tokens, 0 for any
   * @param tools whether it must support tool calls
   * @param vision whether it must accept images
   */
  public record Cheapest(long minContext, boolean tools, boolean vision) implements ModelRoute {}

  /**
   * One deployment.
   *
   * @param provider the {@code providers} entry that serves it
   * @param model the model id sent upstream
   * @param price the catalog model whose prices apply; empty means {@code model} itself
   */
  public record Deployment(String provider, String model, Optional<String> price) {
    public Deployment {
      Objects.requireNonNull(provider, "provider");
      Objects.requireNonNull(model, "model");
      Objects.requireNonNull(price, "price");
    }
  }
}

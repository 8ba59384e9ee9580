package dev.tollgate.config;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tollgate.config.Routing.Alias;
import dev.tollgate.config.Routing.Cheapest;
import dev.tollgate.config.Routing.Deployment;
import dev.tollgate.config.Routing.Deployments;
import dev.tollgate.config.Routing.ModelRoute;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Turns the {@code routing} and {@code models} sections into a {@link Routing}. Checks what can be
 * checked without the catalog: shapes, ranges, that every deployment names a {@code providers}
 * entry, that no alias chain loops and no chain is empty. Whether price and fallback models exist
 * in the catalog is checked when the gateway starts. Every failure names the field.
 */
final class RoutingDefinitions {

  /** The environment variable that overrides {@code routing.retries}. */
  static final String RETRIES_ENV = "TOLLGATE_ROUTING_RETRIES";

  private RoutingDefinitions() {}

  static Routing parse(
      JsonNode routing,
      JsonNode models,
      Map<String, String> env,
      Set<String> providerNames,
      String display) {
    Routing d = Routing.defaults();
    int retries = d.retries();
    Duration initial = d.backoffInitial();
    Duration max = d.backoffMax();
    int failures = d.breakerFailures();
    Duration open = d.breakerOpen();
    if (routing != null) {
      Fields f = new Fields(display + ": routing", routing);
      retries = range(f, "retries", f.integer("retries").orElse(retries), 0, 10);
      JsonNode backoff = f.raw("backoff");
      if (backoff != null) {
        Fields b = new Fields(display + ": routing.backoff", backoff);
        initial = ms(b, "initial_ms", b.integer("initial_ms").orElse((int) initial.toMillis()));
        max = ms(b, "max_ms", b.integer("max_ms").orElse((int) max.toMillis()));
        if (max.compareTo(initial) < 0) {
          throw b.fail("max_ms", "must be at least initial_ms (" + initial.toMillis() + ")");
        }
        b.rejectUnknown();
      }
      JsonNode breaker = f.raw("circuit_breaker");
      if (breaker != null) {
        Fields b = new Fields(display + ": routing.circuit_breaker", breaker);
        failures = range(b, "failures", b.integer("failures").orElse(failures), 1, 1_000);
        open =
            Duration.ofSeconds(
                range(
                    b,
                    "open_seconds",
                    b.integer("open_seconds").orElse((int) open.toSeconds()),
                    1,
                    86_400));
        b.rejectUnknown();
      }
      f.rejectUnknown();
    }
    String fromEnv = env.get(RETRIES_ENV);
    if (fromEnv != null && !fromEnv.isBlank()) {
      retries = new Setting(RETRIES_ENV, fromEnv.strip()).asInt(0, 10, "retries per deployment");
    }
    Map<String, ModelRoute> routes = models(models, providerNames, display + ": models");
    return new Routing(retries, initial, max, failures, open, routes);
  }

  private static int range(Fields f, String field, int value, int min, int max) {
    if (value < min || value > max) {
      throw f.fail(field, "must be between " + min + " and " + max + ", got " + value);
    }
    return value;
  }

  private static Duration ms(Fields f, String field, int value) {
    return Duration.ofMillis(range(f, field, value, 1, 600_000));
  }

  private static Map<String, ModelRoute> models(
      JsonNode section, Set<String> providerNames, String where) {
    Map<String, ModelRoute> routes = new LinkedHashMap<>();
    if (section == null) {
      return routes;
    }
    if (!section.isObject()) {
      throw new ConfigException(where + ": must be a mapping of model names to their routes");
    }
    section
        .properties()
        .forEach(
            e ->
                routes.put(
                    e.getKey(),
                    route(where + "." + e.getKey(), e.getKey(), e.getValue(), providerNames)));
    for (String name : routes.keySet()) {
      checkNoCycle(name, routes, where);
    }
    return routes;
  }

  private static ModelRoute route(
      String where, String name, JsonNode node, Set<String> providerNames) {
    if (name.isBlank()) {
      throw new ConfigException(where + ": the model name must not be empty");
    }
    Fields f = new Fields(where, node);
    int kinds =
        (node.has("deployments") ? 1 : 0)
            + (node.has("alias") ? 1 : 0)
            + (node.has("cheapest") ? 1 : 0);
    if (kinds != 1) {
      throw new ConfigException(
          where + ": must have exactly one of deployments, alias or cheapest");
    }
    ModelRoute route;
    if (node.has("alias")) {
      String target = f.text("alias", null).strip();
      if (target.isEmpty()) {
        throw f.fail("alias", "must name a model");
      }
      route = new Alias(target);
    } else if (node.has("cheapest")) {
      Fields c = new Fields(where + ".cheapest", f.raw("cheapest"));
      int min = c.integer("min_context").orElse(0);
      if (min < 0) {
        throw c.fail("min_context", "must be 0 or more tokens, got " + min);
      }
      route = new Cheapest(min, c.bool("tools").orElse(false), c.bool("vision").orElse(false));
      c.rejectUnknown();
    } else {
      route = deployments(f, where, node, providerNames);
    }
    f.rejectUnknown();
    return route;
  }

  private static Deployments deployments(
      Fields f, String where, JsonNode node, Set<String> providerNames) {
    JsonNode list = f.raw("deployments");
    if (list == null || !list.isArray() || list.isEmpty()) {
      throw f.fail("deployments", "must be a non-empty list of {provider, model, price}");
    }
    List<Deployment> out = new ArrayList<>();
    for (int i = 0; i < list.size(); i++) {
      Fields d = new Fields(where + ".deployments[" + i + "]", list.get(i));
      String provider = d.text("provider", null).strip();
      if (!providerNames.contains(provider)) {
        throw d.fail(
            "provider",
            "no providers entry named '" + provider + "' (entries: " + providerNames + ")");
      }
      String model = d.text("model", null).strip();
      if (model.isEmpty()) {
        throw d.fail("model", "must not be empty");
      }
      Optional<String> price = Optional.ofNullable(d.text("price", "")).map(String::strip);
      d.rejectUnknown();
      out.add(new Deployment(provider, model, price.filter(p -> !p.isEmpty())));
    }
    List<String> fallbacks = f.textList("fallbacks").orElse(List.of());
    for (int i = 0; i < fallbacks.size(); i++) {
      if (fallbacks.get(i).isBlank()) {
        throw f.fail("fallbacks[" + i + "]", "must name a model");
      }
    }
    return new Deployments(out, fallbacks.stream().map(String::strip).toList());
  }

  private static void checkNoCycle(String start, Map<String, ModelRoute> routes, String where) {
    Set<String> seen = new LinkedHashSet<>();
    String name = start;
    while (routes.get(name) instanceof Alias a) {
      if (!seen.add(name)) {
        throw new ConfigException(
            where
                + "."
                + start
                + ".alias: the aliases loop: "
                + String.join(" -> ", seen)
                + " -> "
                + name);
      }
      name = a.target();
    }
  }
}

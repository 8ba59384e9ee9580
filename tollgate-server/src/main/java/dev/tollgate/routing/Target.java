package dev.tollgate.routing;

import java.util.List;

/**
 * One model of a request's route: its deployments, tried in order.
 *
 * @param model the model's name, as the ledger's fallback fields and errors name it
 * @param deployments the deployments that can serve it; possibly empty when none is enabled
 */
public record Target(String model, List<Deployment> deployments) {
  public Target {
    deployments = List.copyOf(deployments);
  }
}

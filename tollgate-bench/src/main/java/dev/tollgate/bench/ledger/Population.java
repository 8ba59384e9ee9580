package dev.tollgate.bench.ledger;

import dev.tollgate.pricing.CatalogFile;
import dev.tollgate.pricing.ModelPrice;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.SplittableRandom;
import java.util.TreeSet;

/**
 * A made-up organisation that calls the gateway, drawn from a seed: teams, their users and
 * projects, services, tags, and the virtual keys through which everything is attributed. A key
 * belongs to one user (so one team), and usually one project and service, like a key issued to an
 * application; its traffic goes to a few models. Keys, models and end users are drawn with
 * Zipf-like weights: a few keys and models carry most requests, as in a real gateway.
 *
 * @param models the catalog models in use (chat models, not embeddings), most popular first
 * @param keys every key, most active first
 * @param keyWeights the cumulative weights of {@link #keys}
 * @param endUsers how many distinct end users exist across all keys
 */
record Population(List<ModelPrice> models, List<Key> keys, double[] keyWeights, int endUsers) {

  /** How many of each; {@link #DEFAULT} is a mid-sized company. */
  record Sizes(
      int teams, int projects, int users, int services, int keys, int tags, int endUsers) {}

  static final Sizes DEFAULT = new Sizes(120, 400, 600, 60, 900, 250, 50_000);

  /** The tags any request may carry besides its key's (a batch job, a retry, an evaluation run). */
  static final List<String> REQUEST_TAGS =
      List.of("batch", "retry", "eval", "canary", "backfill", "experiment", "debug", "replay");

  /**
   * One virtual key and the attribution of its requests.
   *
   * @param models indexes into {@link Population#models}, the key's main model first
   * @param modelWeights the cumulative weights of {@code models}
   * @param endUserBase where this key's end users start in the shared pool, or -1 if the key's
   *     client sends none
   */
  record Key(
      String id,
      String user,
      String team,
      String project,
      String service,
      List<String> tags,
      int[] models,
      double[] modelWeights,
      int endUserBase) {}

  /** Draws the organisation from {@code seed} over {@code catalog}'s {@code usable} models. */
  static Population of(
      long seed,
      Sizes sizes,
      CatalogFile catalog,
      java.util.function.Predicate<ModelPrice> usable) {
    Random random = new Random(seed);
    List<ModelPrice> models = new ArrayList<>();
    for (ModelPrice m : catalog.models()) {
      if (!m.id().contains("embed") && usable.test(m)) {
        models.add(m);
      }
    }
    // A fixed shuffle decides popularity, so the favourite model is not simply the catalog's first.
    java.util.Collections.shuffle(models, random);
    double[] modelWeights = Zipf.cumulative(models.size(), 1.1);
    double[] teamWeights = Zipf.cumulative(sizes.teams(), 0.8);
    int[] userTeam = new int[sizes.users()];
    for (int u = 0; u < userTeam.length; u++) {
      userTeam[u] = Zipf.draw(random, teamWeights);
    }
    int[] projectTeam = new int[sizes.projects()];
    for (int p = 0; p < projectTeam.length; p++) {
      projectTeam[p] = p < sizes.teams() ? p : random.nextInt(sizes.teams());
    }
    Draws draws =
        new Draws(userTeam, projectTeam, modelWeights, Zipf.cumulative(sizes.tags(), 0.9));
    List<Key> keys = new ArrayList<>(sizes.keys());
    for (int k = 0; k < sizes.keys(); k++) {
      keys.add(key(random, k, sizes, draws));
    }
    return new Population(
        List.copyOf(models), List.copyOf(keys), Zipf.cumulative(keys.size(), 1.05), sizes.endUsers);
  }

  /** What keys are drawn from. */
  private record Draws(
      int[] userTeam, int[] projectTeam, double[] modelWeights, double[] tagWeights) {}

  private static Key key(Random random, int k, Sizes sizes, Draws d) {
    int[] projectTeam = d.projectTeam();
    int user = random.nextInt(d.userTeam().length);
    int team = d.userTeam()[user];
    String project = "";
    if (random.nextInt(10) > 0) {
      // One of the team's projects if it has any (the first team-many projects are one a team).
      int p = random.nextInt(projectTeam.length);
      project = "project-%03d".formatted(projectTeam[p] == team ? p : team);
    }
    String service =
        random.nextInt(5) > 0 ? "svc-%02d".formatted(random.nextInt(sizes.services())) : "";
    TreeSet<String> tags = new TreeSet<>();
    int tagCount = random.nextInt(4);
    while (tags.size() < tagCount) {
      tags.add("tag-%03d".formatted(Zipf.draw(random, d.tagWeights())));
    }
    int[] models = new int[1 + random.nextInt(4)];
    for (int m = 0; m < models.length; m++) {
      models[m] = Zipf.draw(random, d.modelWeights());
    }
    boolean endUsers = random.nextInt(5) < 2;
    return new Key(
        "key-%04d".formatted(k),
        "user-%03d".formatted(user),
        "team-%03d".formatted(team),
        project,
        service,
        List.copyOf(tags),
        models,
        Zipf.cumulative(models.length, 1.5),
        endUsers ? random.nextInt(sizes.endUsers()) : -1);
  }

  /** A key, by weight. */
  Key key(SplittableRandom random) {
    return keys.get(Zipf.draw(random, keyWeights));
  }

  /** How many end users one key's client has (its own slice of the shared pool, wrapping). */
  static final int END_USERS_PER_KEY = 5_000;
}

package dev.tollgate.budget;

import dev.tollgate.ledger.Attribution;
import dev.tollgate.ledger.Dimension;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** The engine's budgets, found by id, by scope, and for a request. Immutable. */
final class BudgetIndex {

  static final Comparator<BudgetState> LOCK_ORDER = Comparator.comparingInt(b -> b.order);

  private final List<BudgetState> inOrder;

  /** The lock order the next added budget gets: above every existing one. */
  private final int nextOrder;

  private final Map<String, BudgetState> byId;
  private final Map<Scope, List<BudgetState>> byScope;

  /**
   * The same budgets by dimension, then value, so that finding a request's budgets needs no Scope
   * built per request: building and hashing the 9 or so scopes of a request, three times per
   * reserve, was the largest cost of an uncontended reserve + settle.
   */
  private final Map<Dimension, Map<String, List<BudgetState>>> byDimension =
      new EnumMap<>(Dimension.class);

  /**
   * @throws IllegalArgumentException if two specs share an id, or overlap, naming them
   */
  BudgetIndex(List<BudgetSpec> specs) {
    this(fresh(specs, 0), specs.size());
    BudgetSpecs.validate(specs);
  }

  private BudgetIndex(List<BudgetState> states, int nextOrder) {
    Map<String, BudgetState> ids = new HashMap<>();
    Map<Scope, List<BudgetState>> scopes = new HashMap<>();
    for (BudgetState state : states) {
      ids.put(state.spec.id(), state);
      scopes.computeIfAbsent(state.spec.scope(), k -> new ArrayList<>()).add(state);
    }
    scopes.replaceAll((k, v) -> List.copyOf(v));
    this.inOrder = List.copyOf(states);
    this.nextOrder = nextOrder;
    this.byId = Map.copyOf(ids);
    this.byScope = Map.copyOf(scopes);
    byScope.forEach(
        (scope, found) ->
            byDimension
                .computeIfAbsent(scope.dimension(), d -> new HashMap<>())
                .put(scope.value(), found));
  }

  private static List<BudgetState> fresh(List<BudgetSpec> specs, int firstOrder) {
    List<BudgetState> states = new ArrayList<>();
    for (int i = 0; i < specs.size(); i++) {
      states.add(new BudgetState(specs.get(i), firstOrder + i));
    }
    return states;
  }

  /**
   * A new index without the budgets {@code remove} names and with {@code add}; the budgets kept are
   * the same objects, counters and all, and the added ones come after them in lock order.
   *
   * @throws IllegalArgumentException if the result has a duplicate id or an overlap
   */
  BudgetIndex with(List<BudgetSpec> add, Set<String> remove) {
    List<BudgetState> kept = inOrder.stream().filter(b -> !remove.contains(b.spec.id())).toList();
    List<BudgetSpec> all = new ArrayList<>(kept.stream().map(b -> b.spec).toList());
    all.addAll(add);
    BudgetSpecs.validate(all);
    List<BudgetState> states = new ArrayList<>(kept);
    states.addAll(fresh(add, nextOrder));
    return new BudgetIndex(states, nextOrder + add.size());
  }

  /** The budgets that apply to a request on {@code e}'s provider and model, in lock order. */
  List<BudgetState> applicable(Attribution who, Estimate e) {
    List<BudgetState> out = new ArrayList<>(8);
    collect(out, Dimension.GLOBAL, "");
    collect(out, Dimension.TEAM, who.team());
    collect(out, Dimension.PROJECT, who.project());
    collect(out, Dimension.USER, who.user());
    collect(out, Dimension.END_USER, who.endUser());
    collect(out, Dimension.KEY, who.virtualKey());
    collect(out, Dimension.SERVICE, who.service());
    for (String tag : who.tags()) {
      collect(out, Dimension.TAG, tag);
    }
    collect(out, Dimension.PROVIDER, e.provider());
    collect(out, Dimension.MODEL, e.model());
    out.sort(LOCK_ORDER);
    return out;
  }

  /** Adds the budgets of the scope {@code d:value}; a value that is not known means no scope. */
  private void collect(List<BudgetState> out, Dimension d, String value) {
    if (d != Dimension.GLOBAL && value.isEmpty()) {
      return;
    }
    Map<String, List<BudgetState>> values = byDimension.get(d);
    if (values == null) {
      return;
    }
    String v = value.trim();
    if (v.isEmpty() && d != Dimension.GLOBAL) {
      new Scope(d, value); // throws, naming the dimension, as building the scope always did
    }
    List<BudgetState> found = values.get(v);
    if (found != null) {
      out.addAll(found);
    }
  }

  /** Every budget any of {@code candidates} may touch, in lock order. */
  List<BudgetState> union(Attribution who, List<Estimate> candidates) {
    Set<BudgetState> all = new LinkedHashSet<>();
    candidates.forEach(e -> all.addAll(applicable(who, e)));
    return all.stream().sorted(LOCK_ORDER).toList();
  }

  BudgetState state(String budgetId) {
    BudgetState s = byId.get(budgetId);
    if (s == null) {
      throw new IllegalArgumentException("no budget with id '" + budgetId + "'");
    }
    return s;
  }

  /** Every budget, in definition (and lock) order. */
  List<BudgetState> states() {
    return inOrder;
  }

  List<BudgetState> statesFor(Scope scope) {
    return byScope.getOrDefault(scope, List.of());
  }
}

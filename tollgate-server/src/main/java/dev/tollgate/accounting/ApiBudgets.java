package dev.tollgate.accounting;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tollgate.budget.BudgetLedger;
import dev.tollgate.budget.BudgetSpec;
import dev.tollgate.config.BudgetDefinitions;
import dev.tollgate.config.ConfigException;
import java.time.Instant;
import java.time.InstantSource;
import java.time.ZoneId;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * The budgets defined through the admin API: stored as the JSON of a {@code budgets.define} entry,
 * parsed by the same rules as the file's, and registered in the engine at runtime. Each change is
 * applied to the engine first (which validates the whole set: unique ids, no overlaps) and then
 * stored; a store failure undoes the engine change, so the two never disagree.
 */
public final class ApiBudgets {

  /** How messages name a definition sent to the API: {@code budget.limit_usd: …}. */
  public static final String WHERE = "budget";

  private static final ObjectMapper JSON = new ObjectMapper();

  private final BudgetStore store;
  private final BudgetLedger ledger;
  private final ZoneId zone;
  private final InstantSource clock;

  ApiBudgets(BudgetStore store, BudgetLedger ledger, ZoneId zone, InstantSource clock) {
    this.store = store;
    this.ledger = ledger;
    this.zone = zone;
    this.clock = clock;
  }

  /**
   * Registers every stored budget, its counters rebuilt from the ledger.
   *
   * @throws IllegalArgumentException naming the stored budget that no longer fits (its definition
   *     or a clash with one added to the file since)
   */
  void registerAll() {
    for (BudgetStore.Stored s : store.all()) {
      try {
        ledger.redefine(List.of(parse(read(s.definition()))), Set.of());
      } catch (ConfigException | IllegalArgumentException e) {
        throw new IllegalArgumentException(
            "the budget '"
                + s.id()
                + "' stored through the admin API: "
                + e.getMessage()
                + " (delete it with DELETE /admin/v1/budgets/"
                + s.id()
                + " or rename the clashing one in the file)");
      }
    }
  }

  /** Whether {@code id} was defined through the admin API. */
  public boolean has(String id) {
    return store.get(id).isPresent();
  }

  /** The stored definition of {@code id}. */
  public Optional<ObjectNode> definition(String id) {
    return store.get(id).map(s -> read(s.definition()));
  }

  /**
   * Validates {@code definition}, registers and stores it.
   *
   * @throws ConfigException naming the field, or IllegalArgumentException if it clashes
   */
  public BudgetSpec create(ObjectNode definition) {
    BudgetSpec spec = parse(definition);
    ledger.redefine(List.of(spec), Set.of());
    Instant now = clock.instant();
    try {
      store.put(new BudgetStore.Stored(spec.id(), definition.toString(), now, now));
    } catch (RuntimeException e) {
      ledger.redefine(List.of(), Set.of(spec.id()));
      throw e;
    }
    return spec;
  }

  /**
   * Replaces the budget {@code before} by {@code definition} (same id). Its counters are rebuilt
   * from the ledger, adjustments included, so a new limit applies to what the period already spent.
   */
  public BudgetSpec update(BudgetSpec before, ObjectNode definition) {
    BudgetSpec spec = parse(definition);
    BudgetStore.Stored old = store.get(before.id()).orElseThrow();
    ledger.redefine(List.of(spec), Set.of(before.id()));
    try {
      store.put(
          new BudgetStore.Stored(spec.id(), definition.toString(), old.created(), clock.instant()));
    } catch (RuntimeException e) {
      ledger.redefine(List.of(before), Set.of(spec.id()));
      throw e;
    }
    return spec;
  }

  /** Unregisters and deletes {@code spec}; its ledger entries stay. */
  public void delete(BudgetSpec spec) {
    ledger.redefine(List.of(), Set.of(spec.id()));
    try {
      store.delete(spec.id());
    } catch (RuntimeException e) {
      ledger.redefine(List.of(spec), Set.of());
      throw e;
    }
  }

  private BudgetSpec parse(ObjectNode definition) {
    return BudgetDefinitions.parse(WHERE, definition, zone);
  }

  private static ObjectNode read(String json) {
    try {
      return (ObjectNode) JSON.readTree(json);
    } catch (JsonProcessingException | ClassCastException e) {
      throw new IllegalArgumentException("its stored definition is not a JSON object");
    }
  }
}

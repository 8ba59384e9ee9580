package dev.tollgate.admin;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tollgate.accounting.Accounting;
import dev.tollgate.accounting.ApiBudgets;
import dev.tollgate.audit.Audit;
import dev.tollgate.budget.BudgetSpec;
import dev.tollgate.budget.Scope;
import dev.tollgate.config.ConfigException;
import java.util.List;
import java.util.Set;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * Creating, changing and deleting budgets over {@code /admin/v1/budgets}: a definition has the
 * fields of a {@code budgets.define} entry in tollgate.yaml, validated by the same rules. Only the
 * budgets created here can be changed here: those of the file are read-only (change the file),
 * those of virtual keys belong to the key ({@code PATCH /admin/v1/keys/{id}}), and an id taken by
 * either is refused with a 409. A team-manager defines budgets of its own team only ({@link
 * BudgetAccess}); one that gives no scope gets {@code team:<its team>}.
 */
final class BudgetWrites {

  /** The prefix of the ids of virtual keys' budgets, reserved for them. */
  private static final String KEY_PREFIX = "key-";

  private final Accounting accounting;
  private final ApiBudgets budgets;
  private final Audit audit;
  private final BudgetAccess access;
  private final Function<BudgetSpec, ObjectNode> render;

  /** {@code render} answers a budget: its definition and status. */
  BudgetWrites(
      Accounting accounting,
      Audit audit,
      BudgetAccess access,
      Function<BudgetSpec, ObjectNode> render) {
    this.accounting = accounting;
    this.audit = audit;
    this.budgets = accounting.apiBudgets();
    this.access = access;
    this.render = render;
  }

  void register(AdminRouter router) {
    router
        .post(
            "/budgets",
            Access.WRITE,
            AdminRouter.Doc.takes("BudgetDefinition", "Budget"),
            this::create)
        .patch(
            "/budgets/{id}",
            Access.WRITE,
            AdminRouter.Doc.takes("BudgetDefinition", "Budget"),
            this::update)
        .delete("/budgets/{id}", Access.WRITE, this::delete);
  }

  private AdminResponse create(AdminRequest r) {
    Principal who = r.principal();
    if (who.scoped() && !r.body().has("scope")) {
      r.body().put("scope", "team:" + who.team());
    }
    checkScope(r);
    JsonNode id = r.field("id");
    if (id == null || !id.isTextual() || id.asText().isBlank()) {
      throw AdminException.invalid("id", "required, e.g. \"team-ml-monthly\"");
    }
    String given = id.asText().strip();
    if (given.startsWith(KEY_PREFIX)) {
      throw AdminException.invalid(
          "id", "'" + KEY_PREFIX + "…' is reserved for the budgets of virtual keys");
    }
    if (accounting.engine().specs().stream().anyMatch(s -> s.id().equals(given))) {
      throw new AdminException(
          409,
          "budget_exists",
          "id",
          "id: a budget '"
              + given
              + "' already exists"
              + (accounting.fromConfig(given)
                  ? " in the configuration file (read-only here)"
                  : ""));
    }
    BudgetSpec spec =
        audit.atomically(
            () -> {
              BudgetSpec created = apply(given, () -> budgets.create(r.body()));
              audit.record(who.actor(), "budget.create", "budget:" + given, null, r.body());
              return created;
            },
            () -> engine().redefine(List.of(), Set.of(given)));
    return AdminResponse.created(render.apply(spec));
  }

  private AdminResponse update(AdminRequest r) {
    BudgetSpec before = writable(r);
    checkScope(r);
    if (r.body().has("id") && !r.body().get("id").asText().equals(before.id())) {
      throw AdminException.invalid("id", "cannot be changed; create a new budget instead");
    }
    ObjectNode merged = budgets.definition(before.id()).orElseThrow();
    r.body().fields().forEachRemaining(f -> merged.set(f.getKey(), f.getValue()));
    ObjectNode old = budgets.definition(before.id()).orElseThrow();
    BudgetSpec spec =
        audit.atomically(
            () -> {
              BudgetSpec updated = apply(before.id(), () -> budgets.update(before, merged));
              audit.record(
                  r.principal().actor(), "budget.update", "budget:" + updated.id(), old, merged);
              return updated;
            },
            () -> engine().redefine(List.of(before), Set.of(before.id())));
    return AdminResponse.ok(render.apply(spec));
  }

  private AdminResponse delete(AdminRequest r) {
    BudgetSpec spec = writable(r);
    ObjectNode old = budgets.definition(spec.id()).orElseThrow();
    audit.atomically(
        () -> {
          budgets.delete(spec);
          audit.record(r.principal().actor(), "budget.delete", "budget:" + spec.id(), old, null);
          return spec;
        },
        () -> engine().redefine(List.of(spec), Set.of()));
    // The engine dropped the override with the budget; a new budget of that id starts without.
    accounting.overrides().forget(spec.id());
    ObjectNode body = BudgetJson.spec(spec, "api");
    body.put("deleted", true);
    return AdminResponse.ok(body);
  }

  /**
   * The budget engine, for putting back a definition whose change was rolled back: {@link
   * ApiBudgets} changes the engine first and the store second, so after a rollback of the store
   * (its audit row failed) the engine must be told too.
   */
  private dev.tollgate.budget.BudgetLedger engine() {
    return accounting.budgetLedger();
  }

  /** A team-manager's budget must keep a scope of its own team; a wrong scope is left to parse. */
  private void checkScope(AdminRequest r) {
    JsonNode scope = r.field("scope");
    if (!r.principal().scoped() || scope == null || !scope.isTextual()) {
      return;
    }
    Scope parsed;
    try {
      parsed = Scope.parse(scope.asText());
    } catch (IllegalArgumentException e) {
      return;
    }
    access.mayDefine(r.principal(), parsed);
  }

  private BudgetSpec writable(AdminRequest r) {
    String id = r.param("id");
    BudgetSpec spec = access.find(r.principal(), id);
    if (!budgets.has(id)) {
      throw new AdminException(
          409,
          "budget_read_only",
          "id",
          "the budget '"
              + id
              + "' "
              + (accounting.fromConfig(id)
                  ? "is defined in the configuration file: change it there"
                  : "belongs to a virtual key: change it with PATCH /admin/v1/keys/{id}"));
    }
    return spec;
  }

  /** Runs a change, turning a definition's error into a 400 naming its field. */
  private static BudgetSpec apply(String id, Supplier<BudgetSpec> change) {
    try {
      return change.get();
    } catch (ConfigException | IllegalArgumentException e) {
      // "budget.limit_usd: …" from the reader, "budget: <id>: limit: …" from the spec.
      String m = e.getMessage();
      for (String prefix : List.of(ApiBudgets.WHERE + ".", ApiBudgets.WHERE + ": ", id + ": ")) {
        if (m.startsWith(prefix)) {
          m = m.substring(prefix.length());
        }
      }
      int colon = m.indexOf(": ");
      String field = colon > 0 ? m.substring(0, colon) : "";
      throw new AdminException(400, "invalid_budget", field.matches("[a-z_]+") ? field : null, m);
    }
  }
}

package dev.tollgate.admin;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tollgate.accounting.KeyBudgets;
import dev.tollgate.audit.Audit;
import dev.tollgate.keys.KeyLimits;
import dev.tollgate.keys.VirtualKey;
import dev.tollgate.keys.VirtualKeys;
import java.security.SecureRandom;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * {@code /admin/v1/keys}: create (the secret is in this answer and nowhere else, ever), list by
 * cursor, inspect, change limits, rotate, revoke. A key's budgets are registered in the budget
 * engine before the key is written, so a budget that clashes refuses the change with nothing
 * applied. The key's row and its audit row are one transaction ({@link Audit#atomically}); if it
 * fails, the budgets are put back and the keys re-read from the database.
 */
final class KeysResource {

  /** The fields of a new key: its schema's, so the document and this check agree. */
  private static final Set<String> CREATE_FIELDS = ApiSchemas.KEY_CREATE.names();

  private static final SecureRandom RANDOM = new SecureRandom();

  private final VirtualKeys keys;
  private final KeyBudgets budgets;
  private final InstantSource clock;
  private final Audit audit;

  KeysResource(VirtualKeys keys, KeyBudgets budgets, InstantSource clock, Audit audit) {
    this.keys = keys;
    this.budgets = budgets;
    this.clock = clock;
    this.audit = audit;
  }

  void register(AdminRouter router) {
    router
        .post("/keys", Access.WRITE, AdminRouter.Doc.takes("KeyCreate", "KeyIssued"), this::create)
        .list("/keys", Access.READ, "Key", this::list)
        .get("/keys/{id}", Access.READ, AdminRouter.Doc.answers("Key"), this::show)
        .patch("/keys/{id}", Access.WRITE, AdminRouter.Doc.takes("KeyUpdate", "Key"), this::update)
        .post("/keys/{id}/rotate", Access.WRITE, AdminRouter.Doc.answers("KeyIssued"), this::rotate)
        .post("/keys/{id}/revoke", Access.WRITE, AdminRouter.Doc.answers("Key"), this::revoke);
  }

  private AdminResponse create(AdminRequest r) {
    only(r.body(), CREATE_FIELDS);
    String team = KeyJson.text(r.body(), "team");
    Principal who = r.principal();
    if (who.scoped() && team.isEmpty()) {
      team = who.team();
    } else if (!who.sees(team)) {
      throw new AdminException(
          403,
          "team_forbidden",
          "team",
          "team: a team-manager of '" + who.team() + "' creates keys of that team only");
    }
    String id = KeyJson.text(r.body(), "id");
    if (id.isEmpty()) {
      id = "key-" + HexFormat.of().formatHex(bytes(6));
    } else if (!VirtualKeys.ID.matcher(id).matches()) {
      throw AdminException.invalid(
          "id",
          "must be 1 to 64 letters, digits, '_', '.' or '-', starting with a letter or digit");
    }
    if (keys.byId(id).isPresent()) {
      throw new AdminException(409, "key_exists", "id", "id: a key '" + id + "' already exists");
    }
    KeyLimits limits = KeyJson.limits(r.body(), KeyLimits.none(), now());
    String keyId = id;
    String keyTeam = team;
    registerBudgets(keyId, KeyLimits.none(), limits);
    try {
      return audit.atomically(
          () -> {
            VirtualKeys.Issued issued =
                keys.create(
                    keyId,
                    KeyJson.text(r.body(), "name"),
                    KeyJson.text(r.body(), "user"),
                    keyTeam,
                    KeyJson.text(r.body(), "project"),
                    KeyJson.text(r.body(), "service"),
                    KeyJson.tags(r.body()),
                    limits);
            ObjectNode body = KeyJson.render(issued.key(), now());
            audit.record(
                who.actor(), "key.create", target(keyId), null, withSecret(body, "issued"));
            body.put("key", issued.secret());
            return AdminResponse.created(body);
          },
          keys::reload);
    } catch (RuntimeException e) {
      budgets.replace(keyId, limits.budgets(), List.of());
      throw e;
    }
  }

  private AdminResponse list(AdminRequest r) {
    int limit = Pages.limit(r.query());
    List<VirtualKey> page = visiblePage(r.principal(), Pages.after(r.query()), limit + 1);
    Instant now = now();
    return AdminResponse.ok(Pages.of(page, limit, k -> KeyJson.render(k, now), VirtualKey::id));
  }

  /** Up to {@code n} keys after {@code after} that {@code who} may see, by id. */
  private List<VirtualKey> visiblePage(Principal who, Optional<String> after, int n) {
    if (!who.scoped()) {
      return keys.page(after, n);
    }
    List<VirtualKey> out = new ArrayList<>(n);
    Optional<String> cursor = after;
    while (out.size() < n) {
      List<VirtualKey> chunk = keys.page(cursor, Pages.MAX);
      for (VirtualKey k : chunk) {
        if (out.size() < n && who.sees(k.team())) {
          out.add(k);
        }
      }
      if (chunk.size() < Pages.MAX) {
        break;
      }
      cursor = Optional.of(chunk.getLast().id());
    }
    return out;
  }

  private AdminResponse show(AdminRequest r) {
    return AdminResponse.ok(KeyJson.render(find(r), now()));
  }

  private AdminResponse update(AdminRequest r) {
    VirtualKey key = find(r);
    r.body()
        .fieldNames()
        .forEachRemaining(
            f -> {
              if (!KeyJson.LIMIT_FIELDS.contains(f)) {
                throw AdminException.invalid(
                    f,
                    CREATE_FIELDS.contains(f)
                        ? "cannot be changed on an existing key; create a new key instead"
                        : "unknown field (allowed: "
                            + String.join(", ", KeyJson.LIMIT_FIELDS)
                            + ")");
              }
            });
    KeyLimits limits = KeyJson.limits(r.body(), key.limits(), now());
    registerBudgets(key.id(), key.limits(), limits);
    try {
      return audit.atomically(
          () -> {
            VirtualKey updated = keys.update(key.id(), limits).orElseThrow();
            ObjectNode after = KeyJson.render(updated, now());
            ObjectNode before = KeyJson.render(key, now());
            audit.record(r.principal().actor(), "key.update", target(key.id()), before, after);
            return AdminResponse.ok(after);
          },
          keys::reload);
    } catch (RuntimeException e) {
      budgets.replace(key.id(), limits.budgets(), key.limits().budgets());
      throw e;
    }
  }

  private AdminResponse rotate(AdminRequest r) {
    VirtualKey key = find(r);
    if (key.isRevoked()) {
      throw new AdminException(409, "key_revoked", null, "the key '" + key.id() + "' is revoked");
    }
    return audit.atomically(
        () -> {
          VirtualKeys.Issued issued = keys.rotate(key.id()).orElseThrow();
          ObjectNode body = KeyJson.render(issued.key(), now());
          audit.record(
              r.principal().actor(),
              "key.rotate",
              target(key.id()),
              KeyJson.render(key, now()),
              withSecret(body, "rotated"));
          body.put("key", issued.secret());
          return AdminResponse.ok(body);
        },
        keys::reload);
  }

  private AdminResponse revoke(AdminRequest r) {
    VirtualKey key = find(r);
    return audit.atomically(
        () -> {
          ObjectNode after = KeyJson.render(keys.revoke(key.id()).orElseThrow(), now());
          ObjectNode before = KeyJson.render(key, now());
          audit.record(r.principal().actor(), "key.revoke", target(key.id()), before, after);
          return AdminResponse.ok(after);
        },
        keys::reload);
  }

  private static String target(String keyId) {
    return "key:" + keyId;
  }

  /** What the audit log keeps of a key: its JSON, and that its secret changed, never the value. */
  private static ObjectNode withSecret(ObjectNode key, String change) {
    return key.deepCopy().put("secret", change);
  }

  private void registerBudgets(String keyId, KeyLimits before, KeyLimits after) {
    if (before.budgets().equals(after.budgets())) {
      return;
    }
    try {
      budgets.replace(keyId, before.budgets(), after.budgets());
    } catch (IllegalArgumentException e) {
      throw AdminException.invalid("budgets", e.getMessage());
    }
  }

  /**
   * The key of the path's {@code id}, if the caller may see it. A team-manager asking for another
   * team's key gets the same 404 as for a key that does not exist: the answer does not tell it the
   * key is there.
   */
  private VirtualKey find(AdminRequest r) {
    String id = r.param("id");
    return keys.byId(id)
        .filter(k -> r.principal().sees(k.team()))
        .orElseThrow(() -> AdminException.notFound("the key '" + id + "'"));
  }

  private static void only(ObjectNode body, Set<String> allowed) {
    body.fieldNames()
        .forEachRemaining(
            f -> {
              if (!allowed.contains(f)) {
                throw AdminException.invalid(f, "unknown field");
              }
            });
  }

  private Instant now() {
    return clock.instant();
  }

  private static byte[] bytes(int n) {
    byte[] b = new byte[n];
    RANDOM.nextBytes(b);
    return b;
  }
}

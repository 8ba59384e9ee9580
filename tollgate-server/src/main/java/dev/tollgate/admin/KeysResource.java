package dev.tollgate.admin;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tollgate.accounting.KeyBudgets;
import dev.tollgate.keys.KeyLimits;
import dev.tollgate.keys.VirtualKey;
import dev.tollgate.keys.VirtualKeys;
import io.vertx.core.http.HttpMethod;
import java.security.SecureRandom;
import java.time.Instant;
import java.time.InstantSource;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * {@code /admin/v1/keys}: create (the secret is in this answer and nowhere else, ever), list by
 * cursor, inspect, change limits, rotate, revoke. A key's budgets are registered in the budget
 * engine before the key is written, so a budget that clashes refuses the change with nothing
 * applied.
 */
final class KeysResource {

  private static final Set<String> CREATE_FIELDS =
      Set.of(
          "id",
          "name",
          "user",
          "team",
          "project",
          "service",
          "tags",
          "allowed_models",
          "rpm",
          "tpm",
          "expires_at",
          "response_cache",
          "budgets");

  private static final SecureRandom RANDOM = new SecureRandom();

  private final VirtualKeys keys;
  private final KeyBudgets budgets;
  private final InstantSource clock;

  KeysResource(VirtualKeys keys, KeyBudgets budgets, InstantSource clock) {
    this.keys = keys;
    this.budgets = budgets;
    this.clock = clock;
  }

  void register(AdminRouter router) {
    router
        .add(HttpMethod.POST, "/keys", this::create)
        .add(HttpMethod.GET, "/keys", this::list)
        .add(HttpMethod.GET, "/keys/{id}", this::show)
        .add(HttpMethod.PATCH, "/keys/{id}", this::update)
        .add(HttpMethod.POST, "/keys/{id}/rotate", this::rotate)
        .add(HttpMethod.POST, "/keys/{id}/revoke", this::revoke);
  }

  private AdminResponse create(AdminRequest r) {
    r.only(CREATE_FIELDS);
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
    registerBudgets(keyId, KeyLimits.none(), limits);
    try {
      VirtualKeys.Issued issued =
          keys.create(
              keyId,
              KeyJson.text(r.body(), "name"),
              KeyJson.text(r.body(), "user"),
              KeyJson.text(r.body(), "team"),
              KeyJson.text(r.body(), "project"),
              KeyJson.text(r.body(), "service"),
              KeyJson.tags(r.body()),
              limits);
      ObjectNode body = KeyJson.render(issued.key(), now());
      body.put("key", issued.secret());
      return AdminResponse.created(body);
    } catch (RuntimeException e) {
      budgets.replace(keyId, limits.budgets(), List.of());
      throw e;
    }
  }

  private AdminResponse list(AdminRequest r) {
    int limit = Paging.limit(r);
    Optional<String> after = Optional.ofNullable(r.query().get("after")).filter(a -> !a.isEmpty());
    List<VirtualKey> page = keys.page(after, limit + 1);
    boolean more = page.size() > limit;
    List<VirtualKey> shown = more ? page.subList(0, limit) : page;
    ObjectNode body = JsonNodeFactory.instance.objectNode().put("object", "list");
    var data = body.putArray("data");
    Instant now = now();
    shown.forEach(k -> data.add(KeyJson.render(k, now)));
    body.put("has_more", more);
    body.put("next_cursor", more ? shown.getLast().id() : null);
    return AdminResponse.ok(body);
  }

  private AdminResponse show(AdminRequest r) {
    return AdminResponse.ok(KeyJson.render(find(r.param("id")), now()));
  }

  private AdminResponse update(AdminRequest r) {
    VirtualKey key = find(r.param("id"));
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
      VirtualKey updated = keys.update(key.id(), limits).orElseThrow();
      return AdminResponse.ok(KeyJson.render(updated, now()));
    } catch (RuntimeException e) {
      budgets.replace(key.id(), limits.budgets(), key.limits().budgets());
      throw e;
    }
  }

  private AdminResponse rotate(AdminRequest r) {
    VirtualKey key = find(r.param("id"));
    if (key.isRevoked()) {
      throw new AdminException(409, "key_revoked", null, "the key '" + key.id() + "' is revoked");
    }
    VirtualKeys.Issued issued = keys.rotate(key.id()).orElseThrow();
    ObjectNode body = KeyJson.render(issued.key(), now());
    body.put("key", issued.secret());
    return AdminResponse.ok(body);
  }

  private AdminResponse revoke(AdminRequest r) {
    VirtualKey key = find(r.param("id"));
    return AdminResponse.ok(KeyJson.render(keys.revoke(key.id()).orElseThrow(), now()));
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

  private VirtualKey find(String id) {
    return keys.byId(id).orElseThrow(() -> AdminException.notFound("the key '" + id + "'"));
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

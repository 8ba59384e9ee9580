package dev.tollgate.keys;

import java.time.Instant;
import java.time.InstantSource;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Scoped admin tokens ({@code tgt-…}): each with a role and, for a team-manager, a team. Only the
 * SHA-256 of a secret is kept; the secret is in {@link Issued} once and nowhere else.
 */
public final class AdminTokens {

  /** Every token secret starts with this. */
  public static final String SECRET_PREFIX = "tgt-";

  private static final int SHOWN = 9;

  private final AdminTokenStore store;
  private final InstantSource clock;
  private final TreeMap<String, AdminToken> byId = new TreeMap<>();
  private final Map<String, AdminToken> byHash = new ConcurrentHashMap<>();

  private AdminTokens(AdminTokenStore store, InstantSource clock) {
    this.store = store;
    this.clock = clock;
    store.all().forEach(this::put);
  }

  /** The tokens in {@code store}. */
  public static AdminTokens load(AdminTokenStore store, InstantSource clock) {
    return new AdminTokens(store, clock);
  }

  /** A new token and its secret, which is not kept. */
  public record Issued(AdminToken token, String secret) {}

  /**
   * Creates a token.
   *
   * @throws IllegalArgumentException if a team-manager has no team, another role has one, or the id
   *     is taken
   */
  public synchronized Issued create(String id, String name, AdminRole role, String team) {
    if (role == AdminRole.TEAM_MANAGER && team.isEmpty()) {
      throw new IllegalArgumentException("a team-manager token needs a team");
    }
    if (role != AdminRole.TEAM_MANAGER && !team.isEmpty()) {
      throw new IllegalArgumentException("only a team-manager token has a team");
    }
    if (byId.containsKey(id)) {
      throw new IllegalArgumentException("a token '" + id + "' already exists");
    }
    String secret = Secrets.newSecret(SECRET_PREFIX);
    AdminToken token =
        new AdminToken(
            id,
            Secrets.hash(secret),
            secret.substring(0, SHOWN),
            name,
            role,
            team,
            Instant.ofEpochMilli(clock.millis()),
            Optional.empty());
    store.insert(token);
    put(token);
    return new Issued(token, secret);
  }

  /** Revokes the token {@code id}; empty if there is none. Revoking twice keeps the first time. */
  public synchronized Optional<AdminToken> revoke(String id) {
    AdminToken t = byId.get(id);
    if (t == null || t.isRevoked()) {
      return Optional.ofNullable(t);
    }
    AdminToken revoked =
        new AdminToken(
            t.id(),
            t.hash(),
            t.prefix(),
            t.name(),
            t.role(),
            t.team(),
            t.created(),
            Optional.of(Instant.ofEpochMilli(clock.millis())));
    store.revoke(revoked);
    put(revoked);
    return Optional.of(revoked);
  }

  /** The token {@code id}, if any. */
  public synchronized Optional<AdminToken> byId(String id) {
    return Optional.ofNullable(byId.get(id));
  }

  /** Up to {@code limit} tokens whose id comes after {@code after} (all, if empty), by id. */
  public synchronized List<AdminToken> page(Optional<String> after, int limit) {
    var rest = after.isPresent() ? byId.tailMap(after.get(), false) : byId;
    return rest.values().stream().limit(limit).toList();
  }

  /** The unrevoked token whose secret is {@code secret}, if any. */
  public Optional<AdminToken> authenticate(String secret) {
    if (secret == null || !secret.startsWith(SECRET_PREFIX)) {
      return Optional.empty();
    }
    return Optional.ofNullable(byHash.get(Secrets.hash(secret))).filter(t -> !t.isRevoked());
  }

  /**
   * Reads every token from the store again, after an admin change was rolled back, so that memory
   * holds what the database holds; entries are replaced in place, never cleared.
   */
  public synchronized void reload() {
    java.util.Set<String> hashes = new java.util.HashSet<>();
    java.util.Set<String> ids = new java.util.HashSet<>();
    for (AdminToken t : store.all()) {
      put(t);
      hashes.add(t.hash());
      ids.add(t.id());
    }
    byHash.keySet().retainAll(hashes);
    byId.keySet().retainAll(ids);
  }

  private void put(AdminToken t) {
    byId.put(t.id(), t);
    byHash.put(t.hash(), t);
  }
}

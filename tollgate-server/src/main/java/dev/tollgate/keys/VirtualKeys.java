package dev.tollgate.keys;

import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.regex.Pattern;

/**
 * The virtual keys of a running gateway: every key is loaded from the {@link KeyStore} at start-up
 * into a map by hash, so authenticating a request is one SHA-256 (about a microsecond for a 35-byte
 * secret) and one map lookup, with no database read. Changes (create, update, rotate, revoke) are
 * written to the store first, then to the maps, one at a time under this object's monitor.
 */
public final class VirtualKeys {

  /** Every secret starts with this, so people and secret scanners can tell what it is. */
  public static final String SECRET_PREFIX = "tg-";

  /** The id of the key created on first start. */
  public static final String DEMO_ID = "demo";

  /** What a key id may look like: it appears in URLs, budget ids and the ledger. */
  public static final Pattern ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_.-]{0,63}");

  /** Characters of the secret kept in clear, "tg-" and five more. */
  private static final int SHOWN = 8;

  private final KeyStore store;
  private final InstantSource clock;
  private final Map<String, VirtualKey> byHash = new ConcurrentHashMap<>();
  private final NavigableMap<String, VirtualKey> byId = new ConcurrentSkipListMap<>();

  private VirtualKeys(KeyStore store, InstantSource clock) {
    this.store = store;
    this.clock = clock;
    for (VirtualKey key : store.all()) {
      put(key);
    }
  }

  /** Loads every key of {@code store}. */
  public static VirtualKeys load(KeyStore store, InstantSource clock) {
    return new VirtualKeys(store, clock);
  }

  /** A key and its secret, which exists nowhere else: shown once, then only its hash remains. */
  public record Issued(VirtualKey key, String secret) {}

  /**
   * Creates the demo key ({@code id: demo}, team {@code demo}) if there is no key at all.
   *
   * @return its secret, which exists nowhere else: it is shown once and then only its hash remains
   */
  public synchronized Optional<String> createDemoKeyIfNone() {
    if (!byHash.isEmpty()) {
      return Optional.empty();
    }
    return Optional.of(
        create(DEMO_ID, "demo", "", "demo", "", "", List.of(), KeyLimits.none()).secret());
  }

  /**
   * Creates a key with a new secret.
   *
   * @throws IllegalArgumentException if {@code id} is malformed or taken
   */
  public synchronized Issued create(
      String id,
      String name,
      String user,
      String team,
      String project,
      String service,
      List<String> tags,
      KeyLimits limits) {
    if (!ID.matcher(id).matches()) {
      throw new IllegalArgumentException(
          "must be 1 to 64 letters, digits, '_', '.' or '-', starting with a letter or digit");
    }
    if (byId.containsKey(id)) {
      throw new IllegalArgumentException("a key with id '" + id + "' already exists");
    }
    String secret = Secrets.newSecret(SECRET_PREFIX);
    VirtualKey key =
        new VirtualKey(
            id,
            Secrets.hash(secret),
            secret.substring(0, SHOWN),
            name,
            user,
            team,
            project,
            service,
            tags,
            now(),
            Optional.empty(),
            limits);
    store.insert(key);
    put(key);
    return new Issued(key, secret);
  }

  /** Replaces the limits of the key {@code id}; empty if there is no such key. */
  public synchronized Optional<VirtualKey> update(String id, KeyLimits limits) {
    return replace(id, k -> k.withLimits(limits));
  }

  /** Gives the key {@code id} a new secret; the old one stops working at once. */
  public synchronized Optional<Issued> rotate(String id) {
    String secret = Secrets.newSecret(SECRET_PREFIX);
    return replace(id, k -> k.withSecret(Secrets.hash(secret), secret.substring(0, SHOWN)))
        .map(k -> new Issued(k, secret));
  }

  /** Revokes the key {@code id} (a revoked key stays revoked); empty if there is no such key. */
  public synchronized Optional<VirtualKey> revoke(String id) {
    VirtualKey key = byId.get(id);
    if (key != null && key.isRevoked()) {
      return Optional.of(key);
    }
    return replace(id, k -> k.revokedAt(now()));
  }

  private Optional<VirtualKey> replace(
      String id, java.util.function.UnaryOperator<VirtualKey> change) {
    VirtualKey old = byId.get(id);
    if (old == null) {
      return Optional.empty();
    }
    VirtualKey key = change.apply(old);
    store.update(key);
    byHash.remove(old.hash());
    put(key);
    return Optional.of(key);
  }

  /**
   * Reads every key from the store again, after an admin change was rolled back (its audit row
   * could not be written), so that the maps hold what the database holds. Entries are replaced in
   * place, never cleared, so a request authenticating meanwhile finds every key that stayed.
   */
  public synchronized void reload() {
    java.util.Set<String> hashes = new java.util.HashSet<>();
    java.util.Set<String> ids = new java.util.HashSet<>();
    for (VirtualKey key : store.all()) {
      put(key);
      hashes.add(key.hash());
      ids.add(key.id());
    }
    byHash.keySet().retainAll(hashes);
    byId.keySet().retainAll(ids);
  }

  private void put(VirtualKey key) {
    byHash.put(key.hash(), key);
    byId.put(key.id(), key);
  }

  /** The key with {@code id}, if any. */
  public Optional<VirtualKey> byId(String id) {
    return Optional.ofNullable(byId.get(id));
  }

  /** Every key, by id. */
  public List<VirtualKey> all() {
    return List.copyOf(byId.values());
  }

  /** Up to {@code limit} keys whose id comes after {@code after} (all, if empty), by id. */
  public List<VirtualKey> page(Optional<String> after, int limit) {
    List<VirtualKey> out = new ArrayList<>(limit);
    var rest = after.isPresent() ? byId.tailMap(after.get(), false) : byId;
    for (VirtualKey k : rest.values()) {
      if (out.size() == limit) {
        break;
      }
      out.add(k);
    }
    return out;
  }

  /** How many keys there are, revoked ones included. */
  public int size() {
    return byHash.size();
  }

  /** The live key whose secret is {@code secret}; empty if none, revoked or expired. */
  public Optional<VirtualKey> authenticate(String secret) {
    return check(secret) instanceof Authentication.Live l ? Optional.of(l.key()) : Optional.empty();
  }

  /** What {@code secret} (null when none was sent) stands for now. */
  public Authentication check(String secret) {
    if (secret == null || secret.isEmpty()) {
      return new Authentication.Missing();
    }
    if (!secret.startsWith(SECRET_PREFIX)) {
      return new Authentication.Unknown();
    }
    VirtualKey key = byHash.get(Secrets.hash(secret));
    if (key == null || key.isRevoked()) {
      return new Authentication.Unknown();
    }
    if (key.limits().expiredAt(clock.instant())) {
      return new Authentication.Expired(key, key.limits().expiresAt().orElseThrow());
    }
    return new Authentication.Live(key);
  }

  private Instant now() {
    return Instant.ofEpochMilli(clock.millis());
  }

  /** A new secret: {@code tg-} and 32 url-safe random characters. */
  static String newSecret() {
    return Secrets.newSecret(SECRET_PREFIX);
  }

  /** The SHA-256 of {@code secret}'s UTF-8 bytes, lower-case hex. */
  static String hash(String secret) {
    return Secrets.hash(secret);
  }
}

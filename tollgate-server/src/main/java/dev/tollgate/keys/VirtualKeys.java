package dev.tollgate.keys;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Instant;
import java.time.InstantSource;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The virtual keys of a running gateway: every key is loaded from the {@link KeyStore} at start-up
 * into a map by hash, so authenticating a request is one SHA-256 (about a microsecond for a 35-byte
 * secret) and one map lookup, with no database read.
 */
public final class VirtualKeys {

  /** Every secret starts with this, so people and secret scanners can tell what it is. */
  public static final String SECRET_PREFIX = "tg-";

  /** The id of the key created on first start. */
  public static final String DEMO_ID = "demo";

  /** Random characters after the prefix: 24 bytes of SecureRandom, base64url, 192 bits. */
  private static final int RANDOM_BYTES = 24;

  /** Characters of the secret kept in clear, "tg-" and five more. */
  private static final int SHOWN = 8;

  private static final SecureRandom RANDOM = new SecureRandom();

  private final KeyStore store;
  private final InstantSource clock;
  private final Map<String, VirtualKey> byHash = new ConcurrentHashMap<>();

  private VirtualKeys(KeyStore store, InstantSource clock) {
    this.store = store;
    this.clock = clock;
    for (VirtualKey key : store.all()) {
      byHash.put(key.hash(), key);
    }
  }

  /** Loads every key of {@code store}. */
  public static VirtualKeys load(KeyStore store, InstantSource clock) {
    return new VirtualKeys(store, clock);
  }

  /**
   * Creates the demo key ({@code id: demo}, team {@code demo}) if there is no key at all.
   *
   * @return its secret, which exists nowhere else: it is shown once and then only its hash remains
   */
  public synchronized Optional<String> createDemoKeyIfNone() {
    if (!byHash.isEmpty()) {
      return Optional.empty();
    }
    String secret = newSecret();
    VirtualKey key =
        new VirtualKey(
            DEMO_ID,
            hash(secret),
            secret.substring(0, SHOWN),
            "demo",
            "",
            "demo",
            "",
            "",
            List.of(),
            Instant.ofEpochMilli(clock.millis()),
            Optional.empty());
    store.insert(key);
    byHash.put(key.hash(), key);
    return Optional.of(secret);
  }

  /** The key with {@code id}, if any. */
  public Optional<VirtualKey> byId(String id) {
    return byHash.values().stream().filter(k -> k.id().equals(id)).findFirst();
  }

  /** How many keys there are, revoked ones included. */
  public int size() {
    return byHash.size();
  }

  /** The live key whose secret is {@code secret}; empty if none or revoked. */
  public Optional<VirtualKey> authenticate(String secret) {
    if (secret == null || !secret.startsWith(SECRET_PREFIX)) {
      return Optional.empty();
    }
    VirtualKey key = byHash.get(hash(secret));
    return key == null || key.isRevoked() ? Optional.empty() : Optional.of(key);
  }

  /** A new secret: {@code tg-} and 32 url-safe random characters. */
  static String newSecret() {
    byte[] bytes = new byte[RANDOM_BYTES];
    RANDOM.nextBytes(bytes);
    return SECRET_PREFIX + Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
  }

  /** The SHA-256 of {@code secret}'s UTF-8 bytes, lower-case hex. */
  static String hash(String secret) {
    try {
      MessageDigest sha = MessageDigest.getInstance("SHA-256");
      return HexFormat.of().formatHex(sha.digest(secret.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every JDK has SHA-256", e);
    }
  }
}

package dev.tollgate.keys;

import java.time.Instant;
import java.time.InstantSource;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * The keys that open the admin API: those in the store ({@code tga-…}, only their hashes kept), and
 * the operator's own master key from {@code TOLLGATE_ADMIN_KEY}, if set. A comparison takes the
 * same time wherever two hashes differ.
 */
public final class AdminKeys {

  /** Every stored admin secret starts with this. */
  public static final String SECRET_PREFIX = "tga-";

  /** The id of the admin key created on first start. */
  public static final String INITIAL_ID = "admin";

  private static final int SHOWN = 9;

  private final KeyStore store;
  private final InstantSource clock;
  private final List<AdminKey> keys;
  private final Optional<String> masterHash;

  private AdminKeys(KeyStore store, InstantSource clock, Optional<String> master) {
    this.store = store;
    this.clock = clock;
    this.keys = new CopyOnWriteArrayList<>(store.adminKeys());
    this.masterHash = master.filter(m -> !m.isBlank()).map(m -> Secrets.hash(m.strip()));
  }

  /**
   * The admin keys of {@code store}, plus {@code master} ({@code TOLLGATE_ADMIN_KEY}) if present.
   */
  public static AdminKeys load(KeyStore store, InstantSource clock, Optional<String> master) {
    return new AdminKeys(store, clock, master);
  }

  /**
   * Creates the first admin key if the store has none.
   *
   * @return its secret, shown once; empty if an admin key existed already
   */
  public synchronized Optional<String> createIfNone() {
    if (!keys.isEmpty()) {
      return Optional.empty();
    }
    String secret = Secrets.newSecret(SECRET_PREFIX);
    AdminKey key =
        new AdminKey(
            INITIAL_ID,
            Secrets.hash(secret),
            secret.substring(0, SHOWN),
            Instant.ofEpochMilli(clock.millis()),
            Optional.empty());
    store.insertAdmin(key);
    keys.add(key);
    return Optional.of(secret);
  }

  /** The id {@link #identify} gives the key from {@code TOLLGATE_ADMIN_KEY}. */
  public static final String MASTER_ID = "master";

  /** Whether {@code secret} (null when none was sent) opens the admin API. */
  public boolean accepts(String secret) {
    return identify(secret).isPresent();
  }

  /**
   * Which admin key {@code secret} is: {@value #MASTER_ID} for {@code TOLLGATE_ADMIN_KEY}, else the
   * stored key's id; empty if none (or null was sent).
   */
  public Optional<String> identify(String secret) {
    if (secret == null || secret.isEmpty()) {
      return Optional.empty();
    }
    String hash = Secrets.hash(secret);
    String found =
        masterHash.isPresent() && Secrets.sameHash(masterHash.get(), hash) ? MASTER_ID : null;
    for (AdminKey k : keys) {
      // Every key is compared, matched or not, so the time says nothing about which one.
      if (k.revoked().isEmpty() && Secrets.sameHash(k.hash(), hash) && found == null) {
        found = k.id();
      }
    }
    return Optional.ofNullable(found);
  }
}

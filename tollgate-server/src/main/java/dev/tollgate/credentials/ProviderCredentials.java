package dev.tollgate.credentials;

import java.time.Instant;
import java.time.InstantSource;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Provider API keys stored through the admin API, sealed at rest and open in memory for the
 * providers to send. A provider reads {@link #current} on every request, so a credential stored or
 * replaced while the gateway runs is used from the next request on. Keys are never logged, and
 * never leave through this class except to a provider: {@link #status} shows the last four
 * characters only.
 */
public final class ProviderCredentials {

  private static final Logger LOG = LoggerFactory.getLogger(ProviderCredentials.class);

  private final CredentialStore store;
  private final InstantSource clock;
  private final Optional<CredentialCipher> cipher;
  private final Map<String, String> open = new ConcurrentHashMap<>();
  private final Map<String, Sealed> sealed = new ConcurrentHashMap<>();

  private ProviderCredentials(
      CredentialStore store, InstantSource clock, Optional<CredentialCipher> cipher) {
    this.store = store;
    this.clock = clock;
    this.cipher = cipher;
    for (Sealed s : store.all()) {
      sealed.put(s.provider(), s);
      if (cipher.isEmpty()) {
        LOG.warn(
            "provider '{}' has a stored credential, but TOLLGATE_MASTER_KEY is not set: it is not"
                + " used",
            s.provider());
        continue;
      }
      open.put(s.provider(), cipher.get().open(s));
    }
  }

  /**
   * Reads the stored credentials again, after an admin change was rolled back, so that what
   * providers send is what the database holds; entries are replaced in place, never cleared.
   */
  public synchronized void reload() {
    java.util.Set<String> providers = new java.util.HashSet<>();
    for (Sealed s : store.all()) {
      providers.add(s.provider());
      sealed.put(s.provider(), s);
      cipher.ifPresent(c -> open.put(s.provider(), c.open(s)));
    }
    sealed.keySet().retainAll(providers);
    open.keySet().retainAll(providers);
  }

  /**
   * The credentials of {@code store}, opened with {@code masterKey} ({@code TOLLGATE_MASTER_KEY}).
   *
   * @throws IllegalArgumentException if the master key is too short, or a stored credential does
   *     not open with it
   */
  public static ProviderCredentials load(
      CredentialStore store, InstantSource clock, Optional<String> masterKey) {
    return new ProviderCredentials(store, clock, masterKey.map(CredentialCipher::of));
  }

  /** None, and none can be stored (for tests and one-shot commands). */
  public static ProviderCredentials none() {
    return new ProviderCredentials(new Memory(), InstantSource.system(), Optional.empty());
  }

  /** The key to send to {@code provider}, if one is stored and open. */
  public Optional<String> current(String provider) {
    return Optional.ofNullable(open.get(provider));
  }

  /** What may be shown of the stored credential of {@code provider}. */
  public record Status(boolean set, String last4, Optional<Instant> updated) {}

  /** Whether {@code provider} has a stored credential, its last four characters and its date. */
  public Status status(String provider) {
    Sealed s = sealed.get(provider);
    return s == null
        ? new Status(false, "", Optional.empty())
        : new Status(open.containsKey(provider), s.last4(), Optional.of(s.updated()));
  }

  /**
   * Seals and stores {@code apiKey} for {@code provider}, replacing the earlier one.
   *
   * @throws IllegalStateException if {@code TOLLGATE_MASTER_KEY} is not set
   */
  public synchronized Status put(String provider, String apiKey) {
    CredentialCipher c =
        cipher.orElseThrow(
            () ->
                new IllegalStateException(
                    "TOLLGATE_MASTER_KEY is not set, so provider credentials cannot be stored"
                        + " encrypted; set it (e.g. 'openssl rand -base64 32') and restart, or set"
                        + " the provider's key variable instead"));
    byte[][] nonceAndText = c.seal(provider, apiKey);
    String last4 = apiKey.length() <= 4 ? "" : apiKey.substring(apiKey.length() - 4);
    Sealed s =
        new Sealed(
            provider,
            nonceAndText[0],
            nonceAndText[1],
            last4,
            Instant.ofEpochMilli(clock.millis()));
    store.put(s);
    sealed.put(provider, s);
    open.put(provider, apiKey);
    return status(provider);
  }

  /** Removes the stored credential of {@code provider}; whether there was one. */
  public synchronized boolean delete(String provider) {
    boolean had = store.delete(provider);
    sealed.remove(provider);
    open.remove(provider);
    return had;
  }

  /** A store in memory, for {@link #none}. */
  private static final class Memory implements CredentialStore {
    @Override
    public java.util.List<Sealed> all() {
      return java.util.List.of();
    }

    @Override
    public void put(Sealed sealed) {
      throw new IllegalStateException("no store");
    }

    @Override
    public boolean delete(String provider) {
      return false;
    }
  }
}

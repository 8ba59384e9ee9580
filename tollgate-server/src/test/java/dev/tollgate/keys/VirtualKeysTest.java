package dev.tollgate.keys;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tollgate.store.Store;
import java.nio.file.Path;
import java.time.Instant;
import java.time.InstantSource;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class VirtualKeysTest {

  private static final InstantSource CLOCK =
      InstantSource.fixed(Instant.parse("2026-01-02T03:04:05Z"));

  @TempDir Path dir;

  @Test
  void theDemoKeyIsCreatedOnceAndOnlyItsHashIsStored() {
    String secret;
    try (Store store = Store.openSqlite(dir, CLOCK)) {
      VirtualKeys keys = VirtualKeys.load(store.keys(), CLOCK);
      secret = keys.createDemoKeyIfNone().orElseThrow();
      assertThat(secret).startsWith("tg-").hasSize(35).matches("tg-[A-Za-z0-9_-]{32}");
      VirtualKey stored = store.keys().all().getFirst();
      assertThat(stored.hash()).isEqualTo(VirtualKeys.hash(secret)).isNotEqualTo(secret);
      assertThat(stored.prefix()).isEqualTo(secret.substring(0, 8));
      assertThat(stored.team()).isEqualTo("demo");
    }
    try (Store store = Store.openSqlite(dir, CLOCK)) {
      VirtualKeys keys = VirtualKeys.load(store.keys(), CLOCK);
      assertThat(keys.createDemoKeyIfNone()).isEmpty();
      assertThat(keys.authenticate(secret)).map(VirtualKey::id).contains("demo");
      assertThat(keys.authenticate(secret + "x")).isEmpty();
      assertThat(keys.authenticate(null)).isEmpty();
    }
  }

  @Test
  void aRevokedKeyDoesNotAuthenticateAndTagsRoundTrip() {
    try (Store store = Store.openSqlite(dir, CLOCK)) {
      String live = VirtualKeys.newSecret();
      String revoked = VirtualKeys.newSecret();
      store
          .keys()
          .insert(
              new VirtualKey(
                  "k1",
                  VirtualKeys.hash(live),
                  "",
                  "",
                  "u",
                  "t",
                  "p",
                  "s",
                  List.of("x", "y"),
                  CLOCK.instant(),
                  Optional.empty()));
      store
          .keys()
          .insert(
              new VirtualKey(
                  "k2",
                  VirtualKeys.hash(revoked),
                  "",
                  "",
                  "",
                  "",
                  "",
                  "",
                  List.of(),
                  CLOCK.instant(),
                  Optional.of(CLOCK.instant())));
      VirtualKeys keys = VirtualKeys.load(store.keys(), CLOCK);

      assertThat(keys.authenticate(revoked)).isEmpty();
      VirtualKey key = keys.authenticate(live).orElseThrow();
      assertThat(key.tags()).containsExactly("x", "y");
      assertThat(key.attribution("bob", List.of("z")).tags()).containsExactly("x", "y", "z");
      assertThat(key.attribution("bob", List.of()).endUser()).isEqualTo("bob");
      assertThat(keys.createDemoKeyIfNone()).isEmpty();
    }
  }
}

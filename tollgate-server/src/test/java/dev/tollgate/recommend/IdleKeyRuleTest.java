package dev.tollgate.recommend;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tollgate.keys.KeyLimits;
import dev.tollgate.keys.VirtualKey;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Idle keys: live, older than the window, with no event in it. */
class IdleKeyRuleTest {

  private static final Instant NOW = Instant.parse("2026-05-01T00:00:00Z");

  private static VirtualKey key(String id, Duration age, Optional<Instant> revoked, KeyLimits l) {
    return new VirtualKey(
        id, "hash-" + id, "tg-ab", id, "", "web", "", "", List.of(), NOW.minus(age), revoked, l);
  }

  private static VirtualKey key(String id, Duration age) {
    return key(id, age, Optional.empty(), KeyLimits.none());
  }

  @Test
  void aLiveKeyOlderThanTheWindowWithNoEventInItIsIdle() {
    List<Recommendation> out =
        IdleKeyRule.apply(List.of(key("old", Duration.ofDays(31))), Set.of(), NOW);

    assertThat(out).hasSize(1);
    assertThat(out.getFirst().id()).isEqualTo("idle_key:old");
    assertThat(out.getFirst().subject()).containsEntry("team", "web");
    assertThat(out.getFirst().saving().isZero()).isTrue();
    assertThat(out.getFirst().explanation()).contains("old", "team web", "30 days");
  }

  @Test
  void usedNewRevokedAndExpiredKeysAreNotIdle() {
    KeyLimits expired =
        new KeyLimits(
            List.of(),
            OptionalLong.empty(),
            OptionalLong.empty(),
            Optional.of(NOW.minusSeconds(1)),
            false,
            List.of());
    List<VirtualKey> keys =
        List.of(
            key("used", Duration.ofDays(90)),
            key("new", Duration.ofDays(29)),
            key(
                "revoked",
                Duration.ofDays(90),
                Optional.of(NOW.minusSeconds(60)),
                KeyLimits.none()),
            key("expired", Duration.ofDays(90), Optional.empty(), expired),
            key("exactly-thirty", Duration.ofDays(30)));

    List<Recommendation> out = IdleKeyRule.apply(keys, Set.of("used"), NOW);

    assertThat(out).extracting(Recommendation::id).containsExactly("idle_key:exactly-thirty");
  }
}

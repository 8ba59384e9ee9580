package dev.tollgate.keys;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;

class KeyLimitsTest {

  private static KeyLimits allowing(String... models) {
    return new KeyLimits(
        List.of(models),
        OptionalLong.empty(),
        OptionalLong.empty(),
        Optional.empty(),
        false,
        List.of());
  }

  @Test
  void anEmptyListAllowsEveryModel() {
    assertThat(KeyLimits.none().allows("anything", null, null)).isTrue();
  }

  @Test
  void aModelIsAllowedByTheNameAskedForItsCatalogIdOrProviderSlashId() {
    KeyLimits l = allowing("gpt-4o-mini");
    assertThat(l.allows("gpt-4o-mini", "gpt-4o-mini", "openai")).isTrue();
    // An alias that resolves to an allowed catalog id.
    assertThat(l.allows("openai/gpt-4o-mini", "gpt-4o-mini", "openai")).isTrue();
    assertThat(l.allows("gpt-4o", "gpt-4o", "openai")).isFalse();
    assertThat(allowing("openai/gpt-4o").allows("gpt-4o", "gpt-4o", "openai")).isTrue();
  }

  @Test
  void aTrailingStarMatchesAPrefixAndProviderSlashStarAWholeProvider() {
    assertThat(allowing("openai/*").allows("gpt-4o", "gpt-4o", "openai")).isTrue();
    assertThat(allowing("openai/*").allows("claude-3-5-haiku", "claude-3-5-haiku", "anthropic"))
        .isFalse();
    assertThat(allowing("gpt-4o*").allows("gpt-4o-mini", "gpt-4o-mini", "openai")).isTrue();
    assertThat(allowing("gpt-4o*").allows("gpt-4.1", "gpt-4.1", "openai")).isFalse();
    // An unknown model is matched by the name asked for only.
    assertThat(allowing("local/*").allows("local/llama", null, null)).isTrue();
  }

  @Test
  void aKeyExpiresAtItsExpiryNotAfter() {
    Instant at = Instant.parse("2026-05-01T13:00:00Z");
    KeyLimits l =
        new KeyLimits(
            List.of(),
            OptionalLong.empty(),
            OptionalLong.empty(),
            Optional.of(at),
            false,
            List.of());
    assertThat(l.expiredAt(at.minusNanos(1))).isFalse();
    assertThat(l.expiredAt(at)).isTrue();
  }
}

package dev.tollgate.proxy.cache;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tollgate.config.TollgateConfig;
import dev.tollgate.money.Money;
import dev.tollgate.testkit.FakeClock;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class ResponseCacheTest {

  private final FakeClock clock = FakeClock.at("2026-11-25T10:00:00Z");

  private ResponseCache cache(int entries, long bytes) {
    return new ResponseCache(
        new TollgateConfig.Cache(Duration.ofSeconds(30), entries, bytes), clock, k -> false);
  }

  @Test
  void anAnswerIsServedUntilItsTimeToLiveOnTheInjectedClock() {
    ResponseCache cache = cache(10, 10_000);
    cache.put("k", "{\"a\":1}", Money.ofUsd("0.01"));

    clock.advance(Duration.ofSeconds(29));
    assertThat(cache.get("k")).hasValueSatisfying(e -> assertThat(e.body()).isEqualTo("{\"a\":1}"));
    clock.advance(Duration.ofSeconds(1));
    assertThat(cache.get("k")).isEmpty();
    assertThat(cache.size()).isZero();
    assertThat(cache.bytes()).isZero();
  }

  @Test
  void theLeastRecentlyUsedAnswerGoesWhenTheEntryBoundIsReached() {
    ResponseCache cache = cache(2, 10_000);
    cache.put("a", "1", Money.ZERO);
    cache.put("b", "2", Money.ZERO);
    cache.get("a");

    cache.put("c", "3", Money.ZERO);

    assertThat(cache.get("b")).isEmpty();
    assertThat(cache.get("a")).isPresent();
    assertThat(cache.get("c")).isPresent();
  }

  @Test
  void theByteBoundCountsKeyAndUtf8BodyAndRefusesAnAnswerLargerThanItAll() {
    ResponseCache cache = cache(100, 10);
    cache.put("a", "1234", Money.ZERO); // 1 + 4 bytes
    cache.put("b", "é", Money.ZERO); // 1 + 2 bytes
    assertThat(cache.bytes()).isEqualTo(8);

    cache.put("c", "xyz", Money.ZERO); // 4 more: 12 > 10, so "a" goes

    assertThat(cache.get("a")).isEmpty();
    assertThat(cache.bytes()).isEqualTo(7);
    cache.put("d", "x".repeat(10), Money.ZERO);
    assertThat(cache.get("d")).isEmpty();
    assertThat(cache.size()).isEqualTo(2);
  }

  @Test
  void replacingAnAnswerKeepsTheByteCountExact() {
    ResponseCache cache = cache(10, 100);
    cache.put("a", "12345", Money.ZERO);
    cache.put("a", "1", Money.ofUsd("1"));

    assertThat(cache.bytes()).isEqualTo(2);
    assertThat(cache.get("a"))
        .hasValueSatisfying(e -> assertThat(e.cost()).isEqualTo(Money.ofUsd("1")));
  }

  @Test
  void aCacheWithNoEntriesStoresNothing() {
    ResponseCache off = cache(0, 100);
    off.put("a", "1", Money.ZERO);

    assertThat(off.enabled()).isFalse();
    assertThat(off.get("a")).isEmpty();
    assertThat(ResponseCache.off().enabled()).isFalse();
  }
}

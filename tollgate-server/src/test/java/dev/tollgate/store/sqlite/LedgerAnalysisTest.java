package dev.tollgate.store.sqlite;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tollgate.ledger.Attribution;
import dev.tollgate.ledger.LedgerEntry;
import dev.tollgate.ledger.PromptPrefix;
import dev.tollgate.ledger.UsageEvent;
import dev.tollgate.money.Money;
import dev.tollgate.recommend.LedgerAnalysis;
import dev.tollgate.recommend.LedgerAnalysis.ModelKeyUsage;
import dev.tollgate.recommend.LedgerAnalysis.PrefixRepeats;
import dev.tollgate.store.Store;
import dev.tollgate.usage.Usage;
import dev.tollgate.usage.UsageKind;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The recommendations' SQL sums against the same sums worked out in Java from the events. */
class LedgerAnalysisTest {

  private static final Instant NOW = Instant.parse("2026-05-01T12:00:00Z");
  private static final Instant FROM = NOW.minus(Duration.ofDays(30));
  private static final Duration FIVE_MINUTES = Duration.ofMinutes(5);

  @TempDir Path dir;
  private Store store;
  private LedgerAnalysis analysis;

  @BeforeEach
  void open() {
    store = Store.openSqlite(dir, InstantSource.system());
    analysis = store.analysis();
  }

  @AfterEach
  void close() {
    store.close();
  }

  private void append(List<UsageEvent> events) {
    store.ledger().append(new ArrayList<LedgerEntry>(events));
  }

  private static UsageEvent event(
      String id, Instant time, String key, long output, long cacheRead, PromptPrefix prefix) {
    return new UsageEvent(
        id,
        time,
        new Attribution(key, "", "", "", "", "", List.of()),
        "openai",
        "gpt-4o",
        "gpt-4o",
        Usage.builder()
            .set(UsageKind.INPUT, 3_000)
            .set(UsageKind.CACHE_READ, cacheRead)
            .set(UsageKind.OUTPUT, output)
            .build(),
        Money.ofNanos(100),
        Money.ofNanos(7_000),
        UsageEvent.CostState.EXACT,
        10,
        UsageEvent.Outcome.SUCCESS,
        "",
        "",
        UsageEvent.Origin.GATEWAY,
        Money.ZERO,
        prefix);
  }

  private static boolean eligible(UsageEvent e) {
    return e.billable()
        && e.costState() == UsageEvent.CostState.EXACT
        && e.origin() == UsageEvent.Origin.GATEWAY;
  }

  private static long output(UsageEvent e) {
    Usage u = e.usage();
    return u.outputTokens() + u.reasoningTokens() + u.outputAudioTokens();
  }

  @Test
  void usageByModelAndKeyEqualsTheSumsOfTheEventsInTheWindow() {
    Random random = new Random(42);
    List<UsageEvent> events = new ArrayList<>();
    for (int i = 0; i < 3_000; i++) {
      Instant time = NOW.minus(Duration.ofMinutes(random.nextInt(60 * 24 * 40)));
      events.add(LedgerFixtures.randomEvent(random, "e" + i, time));
    }
    append(events);
    long threshold = 4_000;

    Map<String, long[]> expected = new TreeMap<>();
    for (UsageEvent e : events) {
      if (e.time().isBefore(FROM) || !e.time().isBefore(NOW)) {
        continue;
      }
      long[] sums =
          expected.computeIfAbsent(
              e.provider() + "|" + e.modelUsed() + "|" + e.who().virtualKey(), k -> new long[6]);
      boolean isShort = eligible(e) && output(e) <= threshold;
      sums[0]++;
      sums[1] += eligible(e) ? 1 : 0;
      sums[2] += isShort ? 1 : 0;
      sums[3] += isShort ? e.actualCost().nanos() : 0;
      sums[4] += isShort ? e.usage().count(UsageKind.CACHE_READ) : 0;
      sums[5] = Math.max(sums[5], isShort ? output(e) : 0);
    }
    Map<String, long[]> actual = new TreeMap<>();
    for (ModelKeyUsage u : analysis.usageByModelAndKey(FROM, NOW, threshold)) {
      actual.put(
          u.provider() + "|" + u.model() + "|" + u.key(),
          new long[] {
            u.events(),
            u.eligible(),
            u.shortRequests(),
            u.shortCostNanos(),
            u.shortUsage().count(UsageKind.CACHE_READ),
            u.maxOutputTokens()
          });
    }
    assertThat(actual).usingRecursiveComparison().isEqualTo(expected);
    assertThat(expected.values().stream().mapToLong(s -> s[2]).sum()).isPositive();
  }

  @Test
  void anAnswerOfExactlyTheThresholdIsShortAndOneMoreIsNot() {
    append(
        List.of(
            event("a", NOW.minusSeconds(60), "k", 256, 0, PromptPrefix.NONE),
            event("b", NOW.minusSeconds(60), "k", 257, 0, PromptPrefix.NONE)));

    ModelKeyUsage u = analysis.usageByModelAndKey(FROM, NOW, 256).getFirst();

    assertThat(u.eligible()).isEqualTo(2);
    assertThat(u.shortRequests()).isEqualTo(1);
    assertThat(u.maxOutputTokens()).isEqualTo(256);
    assertThat(u.maxPromptTokens()).isEqualTo(3_000);
  }

  @Test
  void repeatedPrefixesCountWarmRequestsWithinTheCacheLifetimeAndSkipCachedOnes() {
    PromptPrefix hot = new PromptPrefix("aa", 2_000);
    PromptPrefix cached = new PromptPrefix("bb", 3_000);
    PromptPrefix rare = new PromptPrefix("cc", 9_000);
    Instant t = NOW.minus(Duration.ofDays(2));
    append(
        List.of(
            event("h1", t, "k1", 10, 0, hot),
            event("h2", t.plus(FIVE_MINUTES), "k2", 10, 0, hot), // exactly 5 minutes: warm
            event("h3", t.plus(FIVE_MINUTES).plus(FIVE_MINUTES).plusMillis(1), "k1", 10, 0, hot),
            event("h4", t.plus(Duration.ofMinutes(11)), "k1", 10, 0, hot),
            event("h0", FROM.minusSeconds(1), "k1", 10, 0, hot), // before the window
            event("c1", t, "k1", 10, 0, cached),
            event("c2", t.plusSeconds(1), "k1", 10, 0, cached),
            event("c3", t.plusSeconds(2), "k1", 10, 500, cached),
            event("r1", t, "k1", 10, 0, rare),
            event("r2", t.plusSeconds(1), "k1", 10, 0, rare)));

    List<PrefixRepeats> three = analysis.repeatedPrefixes(FROM, NOW, 3, FIVE_MINUTES, 10);
    List<PrefixRepeats> two = analysis.repeatedPrefixes(FROM, NOW, 2, FIVE_MINUTES, 10);

    assertThat(three)
        .containsExactly(new PrefixRepeats("aa", "openai", "gpt-4o", 4, 2, 2_000, 2, 28_000));
    // Ordered by prefix tokens sent (rare: 2 × 9,000 before hot: 4 × 2,000), bounded by limit.
    assertThat(two).extracting(PrefixRepeats::fingerprint).containsExactly("cc", "aa");
    assertThat(analysis.repeatedPrefixes(FROM, NOW, 2, FIVE_MINUTES, 1)).hasSize(1);
  }

  @Test
  void keysWithUsageAreThoseWithBillableUsageOnTheDaysOfTheWindow() {
    UsageEvent denied =
        new UsageEvent(
            "d",
            NOW.minus(Duration.ofDays(3)),
            new Attribution("denied-only", "", "", "", "", "", List.of()),
            "openai",
            "gpt-4o",
            "gpt-4o",
            Usage.NONE,
            Money.ofNanos(100),
            Money.ZERO,
            UsageEvent.CostState.EXACT,
            1,
            UsageEvent.Outcome.DENIED,
            "",
            "",
            UsageEvent.Origin.GATEWAY);
    append(
        List.of(
            event("a", NOW.minus(Duration.ofDays(10)), "recent", 10, 0, PromptPrefix.NONE),
            event("b", NOW.minus(Duration.ofDays(40)), "old", 10, 0, PromptPrefix.NONE),
            denied));

    assertThat(analysis.keysWithUsage(FROM, NOW)).containsExactly("recent");
  }

  @Test
  void thePrefixIsStoredWithTheEvent() {
    PromptPrefix prefix = new PromptPrefix("0123456789abcdef0123456789abcdef", 1_234);
    append(List.of(event("p", NOW, "k", 1, 0, prefix)));

    assertThat(store.ledger().event("p").orElseThrow().prefix()).isEqualTo(prefix);
  }
}

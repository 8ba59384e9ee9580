package dev.tollgate.store.sqlite;

import dev.tollgate.ledger.Attribution;
import dev.tollgate.ledger.UsageEvent;
import dev.tollgate.money.Money;
import dev.tollgate.usage.Usage;
import dev.tollgate.usage.UsageKind;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/** Random but plausible usage events, shared by the ledger tests, the crash test and its child. */
public final class LedgerFixtures {

  static final List<String> TEAMS = List.of("payments", "search", "");
  static final List<String> PROJECTS = List.of("checkout", "refunds", "ranking");
  static final List<String> USERS = List.of("ann", "bob", "cho", "");
  static final List<String> END_USERS = List.of("u1", "u2", "u3", "u4", "");
  static final List<String> KEYS = List.of("key-1", "key-2", "key-3");
  static final List<String> SERVICES = List.of("api", "batch", "");
  static final List<String> TAGS = List.of("prod", "eu", "beta", "experiment");
  static final List<String> PROVIDERS = List.of("openai", "anthropic");
  static final List<String> MODELS = List.of("gpt-4o", "gpt-4o-mini", "claude-sonnet-4-5");

  private LedgerFixtures() {}

  /** An event at {@code time} whose every field is drawn from {@code random}. */
  public static UsageEvent randomEvent(Random random, String id, Instant time) {
    List<String> tags = new ArrayList<>();
    for (String tag : TAGS) {
      if (random.nextInt(3) == 0) {
        tags.add(tag);
      }
    }
    Usage.Builder usage = Usage.builder();
    for (UsageKind kind : UsageKind.values()) {
      if (random.nextInt(3) > 0) {
        usage.set(kind, kind.perMillionTokens() ? random.nextInt(5_000) : random.nextInt(3));
      }
    }
    usage.raw(random.nextBoolean() ? "" : "{\"prompt_tokens\":" + random.nextInt(100) + "}");
    UsageEvent.CostState state = pick(random, List.of(UsageEvent.CostState.values()));
    return new UsageEvent(
        id,
        time,
        new Attribution(
            pick(random, KEYS),
            pick(random, USERS),
            pick(random, END_USERS),
            pick(random, TEAMS),
            pick(random, PROJECTS),
            pick(random, SERVICES),
            tags),
        pick(random, PROVIDERS),
        pick(random, MODELS),
        pick(random, MODELS),
        usage.build(),
        Money.ofNanos(random.nextLong(1_000_000_000L)),
        state == UsageEvent.CostState.UNPRICED
            ? Money.ZERO
            : Money.ofNanos(random.nextLong(500_000_000L)),
        state,
        random.nextInt(60_000),
        pick(random, List.of(UsageEvent.Outcome.values())),
        "",
        "",
        pick(random, List.of(UsageEvent.Origin.values())));
  }

  static <T> T pick(Random random, List<T> values) {
    return values.get(random.nextInt(values.size()));
  }
}

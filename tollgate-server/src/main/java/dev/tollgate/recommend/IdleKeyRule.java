package dev.tollgate.recommend;

import dev.tollgate.keys.VirtualKey;
import dev.tollgate.money.Money;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Virtual keys that spent nothing in the window: live (neither revoked nor expired), created before
 * the window began (a newer key has not had the time), and with no event in the window: no billable
 * request in the rollups, and no request of any outcome (denied, answered from the cache) among the
 * raw events. Revoking one saves nothing by itself; it takes away a credential nobody uses, which
 * could be spent if it leaked.
 */
final class IdleKeyRule {

  private IdleKeyRule() {}

  /**
   * @param used the ids of the keys with any event in the window
   */
  static List<Recommendation> apply(List<VirtualKey> keys, Set<String> used, Instant now) {
    Instant windowStart = now.minus(Settings.WINDOW);
    List<Recommendation> out = new ArrayList<>();
    for (VirtualKey k : keys) {
      if (k.isRevoked()
          || k.limits().expiredAt(now)
          || k.created().isAfter(windowStart)
          || used.contains(k.id())) {
        continue;
      }
      out.add(recommend(k));
    }
    return out;
  }

  private static Recommendation recommend(VirtualKey k) {
    Map<String, String> subject = new LinkedHashMap<>();
    subject.put("type", "key");
    subject.put("key", k.id());
    subject.put("team", k.team());
    Map<String, Object> evidence = new LinkedHashMap<>();
    evidence.put("created_at", k.created().toString());
    evidence.put("requests", 0L);
    evidence.put("cost_usd", Money.ZERO);
    evidence.put("expires_at", k.limits().expiresAt().map(Instant::toString).orElse(null));
    String explanation =
        String.format(
            Locale.ROOT,
            "Key %s%s, created %s, made no request in the last %d days. Revoke it if nothing"
                + " needs it: an unused key that leaks can still be spent.",
            k.id(),
            k.team().isEmpty() ? "" : " (team " + k.team() + ")",
            k.created().toString().substring(0, 10),
            Settings.WINDOW.toDays());
    return new Recommendation(
        "idle_key:" + k.id(),
        Recommendation.Kind.IDLE_KEY,
        subject,
        "revoke the key",
        explanation,
        evidence,
        Money.ZERO,
        "none: the key spent nothing, so revoking it saves nothing by itself");
  }
}

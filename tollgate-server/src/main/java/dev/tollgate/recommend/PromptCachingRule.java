package dev.tollgate.recommend;

import dev.tollgate.money.Money;
import dev.tollgate.pricing.Catalog;
import dev.tollgate.pricing.ModelPrice;
import dev.tollgate.pricing.Rates;
import dev.tollgate.recommend.LedgerAnalysis.PrefixRepeats;
import dev.tollgate.usage.UsageKind;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * A long prompt prefix sent again and again without prompt caching ({@link
 * LedgerAnalysis#repeatedPrefixes}: at least {@link Settings#minRepeats} times in the window, no
 * request of them reading or writing the cache). With caching, each request that came within {@link
 * Settings#CACHE_LIFETIME} of the previous one (a warm one) would have read the prefix from the
 * cache at the cache-read price instead of the input price; each other one (cold) would have
 * written it, paying the cache-write price above the input price where the catalog lists one
 * (Anthropic: 1.25×). The saving is {@code warm × prefix tokens × (input − cache read) − cold ×
 * prefix tokens × (cache write − input)}, at the model's standard prices in force now, less its
 * negotiated discount, rounded down. A model whose catalog card lists no cache-read price (no
 * discount) or where the saving is not positive gets no recommendation.
 */
final class PromptCachingRule {

  private PromptCachingRule() {}

  static List<Recommendation> apply(
      List<PrefixRepeats> repeats, Catalog catalog, Instant now, Settings settings) {
    List<Recommendation> out = new ArrayList<>();
    for (PrefixRepeats p : repeats) {
      if (p.requests() < settings.minRepeats() || p.warm() == 0) {
        continue;
      }
      Optional<ModelPrice> model = Repricing.model(catalog, p.provider(), p.model());
      if (model.isEmpty() || model.get().local()) {
        continue;
      }
      Rates rates = model.get().scheduleAt(now).rates();
      if (!rates.lists(UsageKind.CACHE_READ)) {
        continue;
      }
      Money saving = saving(p, model.get(), rates);
      if (saving.nanos() > 0) {
        out.add(recommend(p, model.get(), rates, saving));
      }
    }
    return out;
  }

  /** The saving as in the class comment. */
  static Money saving(PrefixRepeats p, ModelPrice m, Rates rates) {
    long input = rates.nanos(UsageKind.INPUT);
    long discount = input - rates.nanos(UsageKind.CACHE_READ);
    long premium = Math.max(0, rates.nanos(UsageKind.CACHE_WRITE_5M) - input);
    BigDecimal tokens = BigDecimal.valueOf(p.prefixTokens());
    BigDecimal gained = Repricing.amount(p.warm(), discount, true).multiply(tokens);
    BigDecimal paid = Repricing.amount(p.requests() - p.warm(), premium, true).multiply(tokens);
    BigDecimal exact = Repricing.discounted(m, gained.subtract(paid));
    return exact.signum() <= 0 ? Money.ZERO : Repricing.floor(exact);
  }

  private static Recommendation recommend(
      PrefixRepeats p, ModelPrice m, Rates rates, Money saving) {
    Map<String, String> subject = new LinkedHashMap<>();
    subject.put("type", "prefix");
    subject.put("fingerprint", p.fingerprint());
    subject.put("provider", p.provider());
    subject.put("model", p.model());
    Map<String, Object> evidence = new LinkedHashMap<>();
    evidence.put("requests", p.requests());
    evidence.put("warm_requests", p.warm());
    evidence.put("cold_requests", p.requests() - p.warm());
    evidence.put("prefix_tokens", p.prefixTokens());
    evidence.put("cached_input_tokens", 0L);
    evidence.put("keys", p.keys());
    evidence.put("cost_usd", Money.ofNanos(p.costNanos()));
    evidence.put("input_price_per_mtok_usd", perMillion(rates, UsageKind.INPUT));
    evidence.put("cache_read_price_per_mtok_usd", perMillion(rates, UsageKind.CACHE_READ));
    evidence.put("cache_write_price_per_mtok_usd", perMillion(rates, UsageKind.CACHE_WRITE_5M));
    return new Recommendation(
        "prompt_caching:" + p.fingerprint() + ":" + p.provider() + "/" + p.model(),
        Recommendation.Kind.PROMPT_CACHING,
        subject,
        "cache this prompt prefix",
        explanation(p, m),
        evidence,
        saving,
        "warm requests × prefix tokens × (input − cache-read price), less cold requests × prefix"
            + " tokens × (cache-write − input price) where writing costs more, at "
            + m.qualifiedId()
            + "'s standard prices in force now and its negotiated discount, rounded down; prefix"
            + " tokens are estimated at four characters a token from at most the first 32,768"
            + " characters");
  }

  private static String explanation(PrefixRepeats p, ModelPrice m) {
    String how =
        m.provider().equals("anthropic")
            ? "mark the end of the prefix with a cache_control breakpoint"
            : "send the prefix unchanged at the very start of every prompt (the provider caches"
                + " such prefixes of 1,024 tokens or more by itself; nothing that varies may come"
                + " before it)";
    return String.format(
        Locale.ROOT,
        "A prompt prefix of about %s tokens (fingerprint %s, from %s key%s) went to %s/%s %s"
            + " times in the last %d days and no request read it from the prompt cache; %s of"
            + " them came within %d minutes of the previous one and would have been cache reads."
            + " To cache it, %s.",
        Repricing.count(p.prefixTokens()),
        p.fingerprint(),
        Repricing.count(p.keys()),
        p.keys() == 1 ? "" : "s",
        p.provider(),
        p.model(),
        Repricing.count(p.requests()),
        Settings.WINDOW.toDays(),
        Repricing.count(p.warm()),
        Settings.CACHE_LIFETIME.toMinutes(),
        how);
  }

  private static Money perMillion(Rates rates, UsageKind kind) {
    return Money.ofNanos(rates.nanos(kind));
  }
}

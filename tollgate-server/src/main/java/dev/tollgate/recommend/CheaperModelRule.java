package dev.tollgate.recommend;

import dev.tollgate.money.Money;
import dev.tollgate.pricing.Capability;
import dev.tollgate.pricing.Catalog;
import dev.tollgate.pricing.ModelPrice;
import dev.tollgate.recommend.LedgerAnalysis.ModelKeyUsage;
import dev.tollgate.usage.UsageKind;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Short answers from an expensive model: for each model and virtual key with at least {@link
 * Settings#MIN_SHORT_REQUESTS} short answers in the window, making up at least half of its
 * requests, the model of the same catalog provider that would have cost least for exactly those
 * requests. A candidate must be a chat model (it bills output), state in the catalog every
 * capability the model states (tools, vision), have a context window that held the longest of those
 * prompts with its answer and an output limit that held the longest answer (where the catalog
 * states them), cost less for those token counts at standard prices than the model itself, and less
 * than the requests really cost. The saving is their real cost less their cost re-priced on the
 * candidate ({@link Repricing#cost}). Whether the answers would be as good is not measured.
 */
final class CheaperModelRule {

  /** Further candidates listed besides the suggested one. */
  static final int MAX_ALTERNATIVES = 3;

  private CheaperModelRule() {}

  private record Option(ModelPrice model, Money cost, Money saving) {}

  static List<Recommendation> apply(
      List<ModelKeyUsage> usage, Catalog catalog, Instant now, Settings settings) {
    List<Recommendation> out = new ArrayList<>();
    for (ModelKeyUsage u : usage) {
      if (u.shortRequests() < Settings.MIN_SHORT_REQUESTS || u.shortRequests() * 2 < u.eligible()) {
        continue;
      }
      Optional<ModelPrice> model = Repricing.model(catalog, u.provider(), u.model());
      if (model.isEmpty() || model.get().local() || !Repricing.chats(model.get(), now)) {
        continue;
      }
      List<Option> options = options(model.get(), u, catalog, now);
      if (!options.isEmpty()) {
        out.add(recommend(u, model.get(), options, settings));
      }
    }
    return out;
  }

  private static List<Option> options(ModelPrice m, ModelKeyUsage u, Catalog catalog, Instant now) {
    Money actual = Money.ofNanos(u.shortCostNanos());
    Money own = cost(m, u, now);
    List<Option> out = new ArrayList<>();
    for (ModelPrice c : catalog.models()) {
      if (!adequate(c, m, u, now)) {
        continue;
      }
      Money cost = cost(c, u, now);
      Money saving = actual.minus(cost);
      if (cost.compareTo(own) < 0 && saving.nanos() > 0) {
        out.add(new Option(c, cost, saving));
      }
    }
    // Stable: among equal savings the model listed first in the catalog comes first.
    out.sort(Comparator.comparing(Option::saving).reversed());
    return out;
  }

  private static Money cost(ModelPrice m, ModelKeyUsage u, Instant now) {
    return Repricing.cost(m, u.shortUsage(), u.shortRequests(), u.maxPromptTokens(), now);
  }

  /** Whether {@code c} could have served the short requests {@code u} made of {@code m}. */
  static boolean adequate(ModelPrice c, ModelPrice m, ModelKeyUsage u, Instant now) {
    return c.provider().equals(m.provider())
        && !c.id().equals(m.id())
        && !c.local()
        && c.capabilities().containsAll(m.capabilities())
        && (c.contextWindow() == 0
            || c.contextWindow() >= u.maxPromptTokens() + u.maxOutputTokens())
        && (c.maxOutputTokens() == 0 || c.maxOutputTokens() >= u.maxOutputTokens())
        && Repricing.chats(c, now);
  }

  private static Recommendation recommend(
      ModelKeyUsage u, ModelPrice m, List<Option> options, Settings settings) {
    Option best = options.getFirst();
    Map<String, String> subject = new LinkedHashMap<>();
    subject.put("type", "model");
    subject.put("provider", u.provider());
    subject.put("model", u.model());
    subject.put("key", u.key());
    return new Recommendation(
        "cheaper_model:" + u.provider() + "/" + u.model() + ":" + u.key(),
        Recommendation.Kind.CHEAPER_MODEL,
        subject,
        "switch these requests to " + best.model().qualifiedId(),
        explanation(u, m, best, settings),
        evidence(u, m, options, settings),
        best.saving(),
        "what the short requests cost, less their token counts re-priced at "
            + best.model().qualifiedId()
            + "'s standard prices in force now (its long-context tier for all of them if the"
            + " longest prompt is above it; its negotiated discount; no time window or batch"
            + " discount), rounded up to a nano-dollar; the quality of its answers is not"
            + " measured");
  }

  private static Map<String, Object> evidence(
      ModelKeyUsage u, ModelPrice m, List<Option> options, Settings settings) {
    Map<String, Object> evidence = new LinkedHashMap<>();
    evidence.put("requests", u.eligible());
    evidence.put("short_requests", u.shortRequests());
    evidence.put("short_output_tokens", settings.shortOutputTokens());
    Map<String, Object> tokens = new LinkedHashMap<>();
    for (UsageKind k : UsageKind.values()) {
      if (u.shortUsage().count(k) > 0) {
        tokens.put(k.name().toLowerCase(Locale.ROOT), u.shortUsage().count(k));
      }
    }
    evidence.put("usage", tokens);
    evidence.put("max_prompt_tokens", u.maxPromptTokens());
    evidence.put("max_output_tokens", u.maxOutputTokens());
    evidence.put("capabilities", capabilities(m));
    evidence.put("cost_usd", Money.ofNanos(u.shortCostNanos()));
    evidence.put("suggested_model", options.getFirst().model().qualifiedId());
    evidence.put("repriced_cost_usd", options.getFirst().cost());
    List<Object> alternatives = new ArrayList<>();
    for (Option o : options.subList(1, Math.min(options.size(), 1 + MAX_ALTERNATIVES))) {
      Map<String, Object> a = new LinkedHashMap<>();
      a.put("model", o.model().qualifiedId());
      a.put("repriced_cost_usd", o.cost());
      a.put("estimated_saving_usd", o.saving());
      alternatives.add(a);
    }
    evidence.put("alternatives", alternatives);
    return evidence;
  }

  private static String explanation(ModelKeyUsage u, ModelPrice m, Option best, Settings settings) {
    return String.format(
        Locale.ROOT,
        "%s of %s requests from key %s to %s/%s in the last %d days produced at most %s output"
            + " tokens; %s, which the catalog gives %s and room for the longest of those prompts"
            + " (%s tokens), would have cost %s instead of %s.",
        Repricing.count(u.shortRequests()),
        Repricing.count(u.eligible()),
        u.key().isEmpty() ? "(none)" : u.key(),
        u.provider(),
        u.model(),
        Settings.WINDOW.toDays(),
        Repricing.count(settings.shortOutputTokens()),
        best.model().qualifiedId(),
        m.capabilities().isEmpty()
            ? "every capability of " + m.id() + " (it states none)"
            : "the same capabilities (" + String.join(", ", capabilities(m)) + ")",
        Repricing.count(u.maxPromptTokens()),
        Repricing.usd(best.cost()),
        Repricing.usd(Money.ofNanos(u.shortCostNanos())));
  }

  private static List<String> capabilities(ModelPrice m) {
    return m.capabilities().stream().map(Capability::key).sorted().toList();
  }
}

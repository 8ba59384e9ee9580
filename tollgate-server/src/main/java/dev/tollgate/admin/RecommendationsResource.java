package dev.tollgate.admin;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tollgate.money.Money;
import dev.tollgate.recommend.Recommendation;
import dev.tollgate.recommend.Recommender;
import dev.tollgate.recommend.Settings;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * {@code GET /admin/v1/recommendations}: what could be changed to spend less, over the last 30
 * days, highest estimated saving first, paged by {@code limit} and {@code after} (a
 * recommendation's id). Admin and finance only: its budgets and keys span every team. Money is an
 * exact decimal string of US dollars.
 */
final class RecommendationsResource {

  private static final Set<String> PARAMS =
      Set.of("limit", "after", "kind", "short_output_tokens", "min_repeats");

  private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

  private final Recommender recommender;

  RecommendationsResource(Recommender recommender) {
    this.recommender = recommender;
  }

  void register(AdminRouter router) {
    // Seconds over a busy month's ledger: beside the admin queue, not holding up its changes.
    router.longList("/recommendations", Access.READ_ALL, "Recommendation", this::list);
  }

  private AdminResponse list(AdminRequest r) {
    for (String name : r.query().names()) {
      if (!PARAMS.contains(name)) {
        throw AdminException.invalid(
            name,
            "unknown parameter (allowed: "
                + String.join(", ", PARAMS.stream().sorted().toList())
                + ")");
      }
    }
    int limit = Pages.limit(r.query());
    Set<Recommendation.Kind> kinds = kinds(r.query().get("kind"));
    Settings settings =
        new Settings(
            Paging.number(
                r, "short_output_tokens", (int) Settings.DEFAULT_SHORT_OUTPUT_TOKENS, 1, 1_000_000),
            Paging.number(r, "min_repeats", Settings.DEFAULT_MIN_REPEATS, 2, 1_000_000));
    Recommender.Report report = recommender.recommend(settings);
    List<Recommendation> shown =
        report.recommendations().stream().filter(x -> kinds.contains(x.kind())).toList();
    List<Recommendation> page = shown.subList(start(shown, Pages.after(r.query())), shown.size());
    ObjectNode body =
        Pages.of(
            page.subList(0, Math.min(page.size(), limit + 1)),
            limit,
            RecommendationsResource::render,
            Recommendation::id);
    body.put("from", report.from().toString());
    body.put("to", report.to().toString());
    body.put("currency", "USD");
    body.put("short_output_tokens", settings.shortOutputTokens());
    body.put("min_repeats", settings.minRepeats());
    body.put(
        "total_estimated_saving_usd",
        usd(shown.stream().map(Recommendation::saving).reduce(Money.ZERO, Money::plus)));
    return AdminResponse.ok(body);
  }

  private static Set<Recommendation.Kind> kinds(String list) {
    if (list == null || list.isBlank()) {
      return EnumSet.allOf(Recommendation.Kind.class);
    }
    Set<Recommendation.Kind> kinds = EnumSet.noneOf(Recommendation.Kind.class);
    for (String name : list.split(",")) {
      kinds.add(
          Recommendation.Kind.parse(name)
              .orElseThrow(
                  () ->
                      AdminException.invalid(
                          "kind",
                          "unknown kind '"
                              + name.strip()
                              + "' (known: cheaper_model, prompt_caching, idle_key,"
                              + " budget_always_exceeded, budget_unused)")));
    }
    return kinds;
  }

  /** The index after the recommendation {@code after}, or 0 without a cursor. */
  private static int start(List<Recommendation> all, Optional<String> after) {
    if (after.isEmpty()) {
      return 0;
    }
    for (int i = 0; i < all.size(); i++) {
      if (all.get(i).id().equals(after.get())) {
        return i + 1;
      }
    }
    throw AdminException.invalid(
        "after",
        "no recommendation has this id now (they are computed afresh on each request and have"
            + " changed since the page before); start again without after");
  }

  private static JsonNode render(Recommendation x) {
    ObjectNode o = NODES.objectNode();
    o.put("id", x.id());
    o.put("kind", x.kind().wire());
    ObjectNode subject = o.putObject("subject");
    x.subject().forEach(subject::put);
    o.put("suggestion", x.suggestion());
    o.put("explanation", x.explanation());
    o.set("evidence", value(x.evidence()));
    o.put("estimated_saving_usd", usd(x.saving()));
    o.put("saving_basis", x.savingBasis());
    return o;
  }

  /** Evidence as JSON: dollars as exact strings, counts as numbers, maps and lists as such. */
  private static JsonNode value(Object v) {
    return switch (v) {
      case null -> NODES.nullNode();
      case Money m -> NODES.textNode(usd(m));
      case Long n -> NODES.numberNode(n);
      case Integer n -> NODES.numberNode(n);
      case Boolean b -> NODES.booleanNode(b);
      case Map<?, ?> map -> {
        ObjectNode o = NODES.objectNode();
        map.forEach((k, x) -> o.set(k.toString(), value(x)));
        yield o;
      }
      case List<?> list -> {
        ArrayNode a = NODES.arrayNode();
        list.forEach(x -> a.add(value(x)));
        yield a;
      }
      default -> NODES.textNode(v.toString());
    };
  }

  private static String usd(Money m) {
    return UsageResource.usd(m.nanos());
  }
}

package dev.tollgate.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tollgate.money.Money;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code tollgate recommendations}: what a running gateway recommends changing, from {@code GET
 * /admin/v1/recommendations}, every page followed: an aligned table, highest saving first, then
 * each explanation; or the whole answer as JSON (exact amounts and the evidence).
 */
@Command(
    name = "recommendations",
    mixinStandardHelpOptions = true,
    versionProvider = VersionProvider.class,
    description = {
      "What to change to spend less, over the last 30 days, with the estimated saving of each.",
      "",
      "Example: tollgate recommendations --kind cheaper_model,prompt_caching"
    })
final class RecommendationsCommand extends AdminCommand {

  @Option(
      names = "--kind",
      paramLabel = "LIST",
      description =
          "Only these kinds, comma-separated: cheaper_model, prompt_caching, idle_key,"
              + " budget_always_exceeded, budget_unused.")
  String kind;

  @Option(
      names = "--short-output-tokens",
      paramLabel = "N",
      description = "An answer of at most N output tokens is short (default 256).")
  Integer shortOutputTokens;

  @Option(
      names = "--min-repeats",
      paramLabel = "N",
      description = "A prompt prefix sent at least N times is repeated (default 10).")
  Integer minRepeats;

  RecommendationsCommand(CliContext context) {
    super(context);
  }

  @Override
  public Integer call() {
    boolean json = json();
    StringBuilder query = new StringBuilder("limit=200");
    if (kind != null) {
      query.append("&kind=").append(AdminHttp.query(kind));
    }
    if (shortOutputTokens != null) {
      query.append("&short_output_tokens=").append(shortOutputTokens);
    }
    if (minRepeats != null) {
      query.append("&min_repeats=").append(minRepeats);
    }
    List<JsonNode> all = new ArrayList<>();
    JsonNode first = null;
    String cursor = null;
    do {
      String after = cursor == null ? "" : "&after=" + AdminHttp.query(cursor);
      JsonNode page = http.call(context, "GET", "/recommendations?" + query + after, null);
      first = first == null ? page : first;
      page.get("data").forEach(all::add);
      cursor = page.path("next_cursor").isTextual() ? page.get("next_cursor").asText() : null;
    } while (cursor != null);
    if (json) {
      ObjectNode out = ((ObjectNode) first).deepCopy();
      out.remove(List.of("has_more", "next_cursor"));
      ArrayNode data = out.putArray("data");
      all.forEach(data::add);
      context.out().println(out.toPrettyString());
    } else {
      table(first, all);
    }
    context.out().flush();
    return Errors.OK;
  }

  private void table(JsonNode first, List<JsonNode> all) {
    String window = first.path("from").asText() + " to " + first.path("to").asText();
    if (all.isEmpty()) {
      context.out().println("No recommendations for " + window + " (UTC).");
      return;
    }
    List<String[]> rows = new ArrayList<>();
    rows.add(new String[] {"#", "KIND", "SUBJECT", "SAVING", "SUGGESTION"});
    for (int i = 0; i < all.size(); i++) {
      JsonNode r = all.get(i);
      rows.add(
          new String[] {
            String.valueOf(i + 1),
            r.path("kind").asText(),
            subject(r.path("subject")),
            usd(r.path("estimated_saving_usd").asText()),
            r.path("suggestion").asText()
          });
    }
    rows.add(
        new String[] {"", "TOTAL", "", usd(first.path("total_estimated_saving_usd").asText()), ""});
    TextTable.print(context.out(), rows, true, false, false, true, false);
    context.out().println();
    for (int i = 0; i < all.size(); i++) {
      context.out().println((i + 1) + ". " + all.get(i).path("explanation").asText());
    }
    context.out().println();
    context
        .out()
        .println(
            "Savings in USD, estimated over "
                + window
                + " (UTC); --format json for the evidence and how each was estimated.");
  }

  private static String subject(JsonNode s) {
    return switch (s.path("type").asText()) {
      case "model" ->
          s.path("provider").asText()
              + "/"
              + s.path("model").asText()
              + ", key "
              + s.path("key").asText();
      case "prefix" ->
          "prefix "
              + s.path("fingerprint")
                  .asText()
                  .substring(0, Math.min(12, s.path("fingerprint").asText().length()))
              + " on "
              + s.path("provider").asText()
              + "/"
              + s.path("model").asText();
      case "key" -> "key " + s.path("key").asText();
      case "budget" ->
          "budget " + s.path("budget").asText() + " (" + s.path("scope").asText() + ")";
      default -> s.toString();
    };
  }

  /** An exact amount rounded half-even to the micro-dollar for reading, as tollgate report does. */
  private static String usd(String exact) {
    return Money.ofUsd(new BigDecimal(exact)).format(6);
  }
}

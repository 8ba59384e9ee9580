package dev.tollgate.cli;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code tollgate prices set|unset} and {@code tollgate prices import --gateway}: price changes in
 * a running gateway, through its admin API ({@code --url}/{@code TOLLGATE_URL}, {@code
 * --admin-key}/{@code TOLLGATE_ADMIN_KEY}), in force for the next request.
 */
final class PricesApiCommands {

  private static final ObjectMapper EXACT =
      new ObjectMapper()
          .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
          .setNodeFactory(JsonNodeFactory.withExactBigDecimals(true));

  private PricesApiCommands() {}

  /** Adds the subcommands to {@code prices}. */
  static CommandLine attach(CommandLine prices, CliContext context) {
    prices.addSubcommand(new SetPrice(context));
    prices.addSubcommand(new UnsetPrice(context));
    return prices;
  }

  /** The card's prices, in USD per million tokens, or per unit for the {@code --per-} ones. */
  static final class Card {
    @Option(names = "--input", required = true, paramLabel = "USD", description = "Uncached input.")
    String input;

    @Option(names = "--output", required = true, paramLabel = "USD", description = "Output.")
    String output;

    @Option(names = "--cache-read", paramLabel = "USD", description = "Cache reads.")
    String cacheRead;

    @Option(names = "--cache-write", paramLabel = "USD", description = "5-minute cache writes.")
    String cacheWrite;

    @Option(names = "--cache-write-1h", paramLabel = "USD", description = "1-hour cache writes.")
    String cacheWrite1h;

    @Option(names = "--reasoning", paramLabel = "USD", description = "Reasoning tokens.")
    String reasoning;

    @Option(names = "--input-audio", paramLabel = "USD", description = "Audio input.")
    String inputAudio;

    @Option(names = "--output-audio", paramLabel = "USD", description = "Audio output.")
    String outputAudio;

    @Option(names = "--per-image", paramLabel = "USD", description = "Each generated image.")
    String perImage;

    @Option(names = "--per-web-search", paramLabel = "USD", description = "Each web search.")
    String perWebSearch;

    @Option(names = "--per-tool-call", paramLabel = "USD", description = "Each server tool call.")
    String perToolCall;

    @Option(names = "--per-request", paramLabel = "USD", description = "A fee per request.")
    String perRequest;

    /** The card as the API takes it, in the catalog's keys. */
    ObjectNode json() {
      ObjectNode card = JsonNodeFactory.instance.objectNode();
      String[][] keys = {
        {"input", input},
        {"output", output},
        {"cache_read", cacheRead},
        {"cache_write_5m", cacheWrite},
        {"cache_write_1h", cacheWrite1h},
        {"reasoning", reasoning},
        {"input_audio", inputAudio},
        {"output_audio", outputAudio},
        {"per_image", perImage},
        {"per_web_search", perWebSearch},
        {"per_tool_call", perToolCall},
        {"per_request", perRequest}
      };
      for (String[] k : keys) {
        if (k[1] != null) {
          card.put(k[0], k[1]);
        }
      }
      return card;
    }
  }

  /** What set and unset print: the model's overrides. */
  abstract static class Base extends AdminCommand {
    Base(CliContext context) {
      super(context);
    }

    int model(JsonNode model, String said) {
      PrintWriter out = context.out();
      if (json()) {
        out.println(model.toPrettyString());
      } else {
        out.println(said);
        List<String[]> rows = new ArrayList<>();
        rows.add(new String[] {"FROM", "PRICES (USD per 1M, per_* each)", "SET BY", "REASON"});
        for (JsonNode o : model.path("overrides")) {
          List<String> prices = new ArrayList<>();
          o.path("prices").properties().forEach(e -> prices.add(e.getKey() + " " + text(e)));
          rows.add(
              new String[] {
                o.path("effective_from").asText(),
                String.join(", ", prices),
                o.path("created_by").asText(),
                o.path("reason").asText()
              });
        }
        if (rows.size() > 1) {
          TextTable.print(out, rows);
        }
      }
      out.flush();
      return Errors.OK;
    }

    private static String text(Map.Entry<String, JsonNode> e) {
      return e.getValue().isObject() || e.getValue().isArray()
          ? e.getValue().toString()
          : e.getValue().asText();
    }
  }

  @Command(
      name = "set",
      mixinStandardHelpOptions = true,
      description = {
        "Set a model's price card in a running gateway from an instant on (now by default): the",
        "requests that start from then on are priced by it; recorded ones keep their cost."
      })
  static final class SetPrice extends Base {
    @Parameters(paramLabel = "MODEL", description = "The model: provider/id, an id or an alias.")
    String model;

    @Mixin Card card;

    @Option(
        names = "--from",
        paramLabel = "WHEN",
        description = "A UTC date (2026-12-01) or an instant (2026-12-01T09:00:00Z); default now.")
    String from;

    @Option(names = "--reason", description = "Why; kept with the override and in the audit log.")
    String reason;

    SetPrice(CliContext context) {
      super(context);
    }

    @Override
    public Integer call() {
      json();
      ObjectNode body = JsonNodeFactory.instance.objectNode();
      body.set("prices", card.json());
      if (from != null) {
        body.put("effective_from", from);
      }
      if (reason != null) {
        body.put("reason", reason);
      }
      String path = "/models/" + AdminHttp.segment(model) + "/price";
      JsonNode answer = http.call(context, "PUT", path, body);
      return model(answer, answer.path("id").asText() + ": price overrides in force");
    }
  }

  @Command(
      name = "unset",
      mixinStandardHelpOptions = true,
      description = "Remove a price override from a running gateway; the catalog's price returns.")
  static final class UnsetPrice extends Base {
    @Parameters(paramLabel = "MODEL", description = "The model: provider/id, an id or an alias.")
    String model;

    @Option(
        names = "--from",
        paramLabel = "WHEN",
        description = "Which override, by its start; needed when the model has several.")
    String from;

    UnsetPrice(CliContext context) {
      super(context);
    }

    @Override
    public Integer call() {
      json();
      String query = from == null ? "" : "?effective_from=" + AdminHttp.query(from);
      String path = "/models/" + AdminHttp.segment(model) + "/price" + query;
      JsonNode answer = http.call(context, "DELETE", path, null);
      int left = answer.path("overrides").size();
      return model(
          answer, answer.path("id").asText() + ": override removed, " + left + " left in force");
    }
  }

  /**
   * Imports the feed at {@code location} into the running gateway: a file is read here and sent, an
   * {@code http(s)} URL is fetched by the gateway. Prints the changes as the offline import does.
   */
  static int importInto(AdminHttp http, CliContext context, String location, boolean dryRun) {
    ObjectNode body = JsonNodeFactory.instance.objectNode();
    if (location.startsWith("http://") || location.startsWith("https://")) {
      body.put("url", location);
    } else {
      body.set("feed", feed(context.workingDir().resolve(location)));
    }
    body.put("dry_run", dryRun);
    JsonNode answer = http.call(context, "POST", "/prices/import", body);
    PrintWriter out = context.out();
    out.println("Changes from the gateway's prices to " + location + ":");
    out.print(diff(answer));
    answer.path("notes").forEach(n -> out.println("  note: " + n.asText()));
    int models = answer.path("models").asInt();
    out.println(
        dryRun
            ? "dry run: nothing changed (" + models + " models would be in use)"
            : "imported: "
                + models
                + " models in force in the gateway now, saved there to "
                + answer.path("saved_to").asText());
    out.flush();
    return Errors.OK;
  }

  /** The answer's changes in the offline import's lines ({@code + - ~}). */
  private static String diff(JsonNode a) {
    StringBuilder out = new StringBuilder();
    out.append("price changes at ")
        .append(a.path("at").asText())
        .append(": ")
        .append(a.path("added").size())
        .append(" added, ")
        .append(a.path("removed").size())
        .append(" removed, ")
        .append(a.path("changed").size())
        .append(" changed\n");
    a.path("added").forEach(m -> out.append("+ ").append(m.asText()).append('\n'));
    a.path("removed").forEach(m -> out.append("- ").append(m.asText()).append('\n'));
    for (JsonNode c : a.path("changed")) {
      for (JsonNode f : c.path("fields")) {
        String unit = f.path("unit").asText();
        out.append("~ ").append(c.path("model").asText()).append(' ');
        out.append(f.path("field").asText()).append(' ').append(f.path("before").asText());
        out.append(" → ").append(f.path("after").asText());
        out.append(unit.isEmpty() ? "" : " " + unit).append('\n');
      }
    }
    return out.toString();
  }

  private static JsonNode feed(Path file) {
    try {
      return EXACT.readTree(Files.readString(file));
    } catch (NoSuchFileException e) {
      throw new CliException("price feed " + file + ": no such file");
    } catch (IOException e) {
      throw new CliException("price feed " + file + ": not JSON: " + e.getMessage());
    }
  }
}

package dev.tollgate.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;

/** Keys as aligned text: a table for lists, one field a line for one key. */
final class KeyTable {

  private static final String[] HEADINGS = {
    "ID", "NAME", "PREFIX", "STATUS", "OWNER", "MODELS", "RPM", "TPM", "EXPIRES"
  };

  private KeyTable() {}

  /** {@code keys} as a table with columns as wide as their widest cell. */
  static void list(PrintWriter out, List<JsonNode> keys, String nextCursor) {
    List<String[]> rows = new ArrayList<>();
    rows.add(HEADINGS);
    for (JsonNode k : keys) {
      rows.add(
          new String[] {
            k.path("id").asText(),
            k.path("name").asText(),
            k.path("prefix").asText() + "…",
            k.path("status").asText(),
            owner(k),
            models(k),
            orDash(k.path("rpm")),
            orDash(k.path("tpm")),
            orDash(k.path("expires_at"))
          });
    }
    TextTable.print(out, rows);
    if (nextCursor != null) {
      out.println("(more: --after " + nextCursor + ", or --all)");
    }
  }

  /** One key, a field a line; the secret first when the answer carries it (create, rotate). */
  static void details(PrintWriter out, JsonNode k) {
    if (k.hasNonNull("key")) {
      out.println("secret          " + k.get("key").asText() + "   (shown once; store it now)");
    }
    line(out, "id", k.path("id").asText());
    line(out, "name", k.path("name").asText());
    line(out, "prefix", k.path("prefix").asText() + "…");
    line(out, "status", k.path("status").asText());
    line(out, "owner", owner(k));
    line(out, "tags", join(k.path("tags")));
    line(out, "allowed models", models(k));
    line(out, "rpm", orDash(k.path("rpm")));
    line(out, "tpm", orDash(k.path("tpm")));
    line(out, "expires", orDash(k.path("expires_at")));
    line(out, "response cache", k.path("response_cache").asText());
    List<String> budgets = new ArrayList<>();
    k.path("budgets")
        .forEach(
            b ->
                budgets.add(
                    "$"
                        + b.path("limit_usd").asText()
                        + " "
                        + b.path("period").asText()
                        + " ("
                        + b.path("enforcement").asText()
                        + ")"));
    line(out, "budgets", budgets.isEmpty() ? "-" : String.join(", ", budgets));
    line(out, "created", k.path("created_at").asText());
    line(out, "revoked", orDash(k.path("revoked_at")));
  }

  private static void line(PrintWriter out, String label, String value) {
    out.println(pad(label, 16) + (value.isEmpty() ? "-" : value));
  }

  private static String owner(JsonNode k) {
    List<String> parts = new ArrayList<>();
    for (String f : new String[] {"user", "team", "project", "service"}) {
      if (!k.path(f).asText().isEmpty()) {
        parts.add(f + ":" + k.path(f).asText());
      }
    }
    return parts.isEmpty() ? "-" : String.join(" ", parts);
  }

  private static String models(JsonNode k) {
    return k.path("allowed_models").isEmpty() ? "all" : join(k.path("allowed_models"));
  }

  private static String join(JsonNode array) {
    List<String> items = new ArrayList<>();
    array.forEach(n -> items.add(n.asText()));
    return items.isEmpty() ? "-" : String.join(",", items);
  }

  private static String orDash(JsonNode n) {
    return n.isMissingNode() || n.isNull() ? "-" : n.asText();
  }

  private static String pad(String s, int width) {
    return s.length() >= width ? s + " " : s + " ".repeat(width - s.length());
  }
}

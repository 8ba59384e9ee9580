package dev.tollgate.admin;

import static dev.tollgate.admin.Schema.array;
import static dev.tollgate.admin.Schema.bool;
import static dev.tollgate.admin.Schema.integer;
import static dev.tollgate.admin.Schema.nullable;
import static dev.tollgate.admin.Schema.object;
import static dev.tollgate.admin.Schema.oneOf;
import static dev.tollgate.admin.Schema.ref;
import static dev.tollgate.admin.Schema.str;
import static dev.tollgate.admin.Schema.time;
import static dev.tollgate.admin.Schema.usd;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tollgate.usage.UsageKind;
import java.util.Locale;

/** The usage, report, export and audit shapes of {@link ApiSchemas}. */
final class UsageSchemas {

  private UsageSchemas() {}

  /** Counts by usage kind: {@code input}, {@code output}, {@code cache_read}, … */
  static ObjectNode tokens() {
    Schema.Obj o = object("Counts by usage kind").closed();
    for (UsageKind k : UsageKind.values()) {
      o.opt(k.name().toLowerCase(Locale.ROOT), integer(null).put("minimum", 0));
    }
    return o.node();
  }

  static ObjectNode priceRequest() {
    return object("A hypothetical usage to price; nothing is recorded")
        .closed()
        .req("model", str(null))
        .req("tokens", ref("Tokens"))
        .opt("time", time("The prices in force then; default now"))
        .node();
  }

  static ObjectNode recommendation() {
    return object("A way to spend less, with its estimated saving over the last 30 days")
        .req("id", str(null))
        .req(
            "kind",
            oneOf(
                null,
                "cheaper_model",
                "prompt_caching",
                "idle_key",
                "budget_always_exceeded",
                "budget_unused"))
        .req("subject", object("What it is about: key, model, budget, …").node())
        .req("suggestion", str(null))
        .req("explanation", str(null))
        .req("estimated_saving_usd", usd(null))
        .req("saving_basis", str("How the saving was estimated"))
        .node();
  }

  static ObjectNode priceSet() {
    return object("A model's prices from a date on, in the catalog's price-card format")
        .closed()
        .req(
            "prices",
            object("Prices per kind of token, USD per million, as decimal strings").node())
        .opt("effective_from", time("Default: now"))
        .opt("reason", str(null))
        .node();
  }

  static ObjectNode priceImport() {
    return object("A price feed to import: given inline or fetched from a URL (never a file)")
        .closed()
        .opt("feed", str("The feed's text (genai-prices or LiteLLM JSON, or our YAML)"))
        .opt("url", str("An http(s) URL to fetch the feed from, at most 16 MiB"))
        .opt("dry_run", Schema.bool("Report what would change, change nothing"))
        .node();
  }

  static ObjectNode event() {
    ObjectNode who =
        object(null)
            .req("virtual_key", str(null))
            .req("user", str(null))
            .req("end_user", str(null))
            .req("team", str(null))
            .req("project", str(null))
            .req("service", str(null))
            .req("tags", array(str(null), null))
            .node();
    return object("A usage event in the ledger")
        .req("id", str(null))
        .req("object", oneOf(null, "usage_event"))
        .req("request_id", str(null))
        .req("origin", str(null))
        .req("time", time(null))
        .req("provider", str(null))
        .req("model", str(null))
        .req("tokens", ref("Tokens"))
        .req("cost_usd", usd(null))
        .req("currency", oneOf(null, "USD"))
        .req("attribution", who)
        .node();
  }

  /** A report's rows and totals: requests, tokens, exact cost, average and usage by kind. */
  static ObjectNode row() {
    return object("Sums of one group (the dimension values it groups by are its other keys)")
        .opt("bucket_start", time("Absent when bucket is none"))
        .opt("rank", integer("/usage/top only"))
        .req("requests", integer(null))
        .req("tokens", integer(null))
        .req("cost_usd", usd(null))
        .req("avg_cost_per_request_usd", nullable(usd("Rounded half-even to the nano-dollar")))
        .req("usage", ref("Tokens"))
        .node()
        .set("additionalProperties", str("A dimension's value, \"\" where events had none"));
  }

  static ObjectNode report() {
    return object("A usage report from the rollups")
        .req("from", time(null))
        .req("to", time(null))
        .req("timezone", oneOf(null, "UTC"))
        .req("bucket", oneOf(null, "none", "hour", "day", "week", "month"))
        .req("currency", oneOf(null, "USD"))
        .req("group_by", array(str(null), null))
        .req("filters", object(null).node().set("additionalProperties", str(null)))
        .req("totals", ref("UsageRow"))
        .req("rows", array(ref("UsageRow"), null))
        .opt("next_cursor", nullable(str("Pass back as ?cursor=")))
        .node();
  }

  /** A page of an export ({@code ?limit=}); without limit an export is CSV or a JSON array. */
  static ObjectNode exportPage() {
    return object("One page of an export")
        .req("object", oneOf(null, "list"))
        .req("columns", array(str(null), "The keys of every row, in order"))
        .req("data", array(object("A row").node(), null))
        .req("has_more", bool(null))
        .req("next_cursor", nullable(str("Pass back as ?cursor=")))
        .node();
  }

  static ObjectNode auditEntry() {
    return object("A row of the hash-chained audit log")
        .req("seq", integer(null))
        .req("object", oneOf(null, "audit_entry"))
        .req("at", time(null))
        .req("actor", str("master, admin-key:<id> or token:<id>"))
        .req("role", str(null))
        .req("remote", str(null))
        .req("action", str("e.g. key.update"))
        .req("target", str("e.g. key:ci"))
        .req("before", nullable(object("The target before").node()))
        .req("after", nullable(object("The target after").node()))
        .req("prev_hash", str(null))
        .req("hash", str(null))
        .node();
  }

  static ObjectNode auditVerification() {
    ObjectNode broken = object(null).req("seq", integer(null)).req("reason", str(null)).node();
    return object("The result of walking the hash chain")
        .req("ok", bool(null))
        .req("rows", integer(null))
        .req("last_hash", str(null))
        .opt("broken", broken)
        .node();
  }
}

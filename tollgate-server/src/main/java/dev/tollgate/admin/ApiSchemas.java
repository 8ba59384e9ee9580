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
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The named shapes of the admin API's bodies: each declared once here, referenced by name from the
 * routes ({@link AdminRouter.Doc}) and published as {@code components.schemas} of {@code
 * /openapi.json}. The request shapes are also what the resources check bodies against, so the
 * document and the validation cannot drift apart.
 */
final class ApiSchemas {

  private static final ObjectNode LIMIT =
      nullable(integer("1 to 100000000; null for the default").put("minimum", 1));

  /** {@code POST /admin/v1/keys}. */
  static final Schema.Obj KEY_CREATE =
      keyLimits(object("A new virtual key").closed())
          .opt("id", str("1 to 64 letters, digits, '_', '.' or '-'; generated if absent"))
          .opt("name", str(null))
          .opt("user", str(null))
          .opt("team", str("A team-manager's own team if absent"))
          .opt("project", str(null))
          .opt("service", str(null))
          .opt("tags", array(str(null), "Copied into every ledger event of the key"));

  /** {@code PATCH /admin/v1/keys/{id}}: the limits only; null clears one. */
  static final Schema.Obj KEY_UPDATE = keyLimits(object("A key's limits to change").closed());

  /** {@code POST /admin/v1/tokens}. */
  static final Schema.Obj TOKEN_CREATE =
      object("A new scoped admin token")
          .closed()
          .req("role", oneOf(null, "admin", "finance", "team-manager"))
          .opt("team", str("Required for a team-manager, absent otherwise"))
          .opt("id", str("tok-… if absent"))
          .opt("name", str(null));

  /** {@code POST /admin/v1/usage}. */
  static final Schema.Obj USAGE_RECORD =
      object("Usage that did not pass through the gateway")
          .closed()
          .req("request_id", str("The client's id; a repeat is idempotent"))
          .req("provider", str(null))
          .opt("model", str("Required to price tokens when cost_usd is absent"))
          .opt("tokens", ref("Tokens"))
          .opt("cost_usd", usd(null))
          .opt("time", time("Default: now"))
          .opt("virtual_key", str(null))
          .opt("user", str(null))
          .opt("end_user", str(null))
          .opt("team", str(null))
          .opt("project", str(null))
          .opt("service", str(null))
          .opt("tags", array(str(null), null));

  private static final Map<String, ObjectNode> ALL = new LinkedHashMap<>();

  static {
    put("Error", error());
    put("KeyCreate", KEY_CREATE.node());
    put("KeyUpdate", KEY_UPDATE.node());
    put("KeyBudget", keyBudget());
    put("Key", key().node());
    put("KeyIssued", key().req("key", str("The secret, tg-…: shown in this answer only")).node());
    put("TokenCreate", TOKEN_CREATE.node());
    put("Token", token().node());
    put("TokenIssued", token().req("token", str("The secret, tgt-…: shown once")).node());
    put("BudgetDefinition", BudgetSchemas.definition());
    put("Budget", BudgetSchemas.budget());
    put("BudgetStatus", BudgetSchemas.status());
    put("BudgetSetRemaining", BudgetSchemas.setRemaining());
    put("BudgetReset", BudgetSchemas.reset());
    put("BudgetAdjustment", BudgetSchemas.adjustment());
    put("BudgetOverrideGrant", BudgetSchemas.overrideGrant());
    put("BudgetOverrideEnd", BudgetSchemas.overrideEnd());
    put("BudgetOverride", BudgetSchemas.override());
    put("BudgetForecast", BudgetSchemas.forecast());
    put("Tokens", UsageSchemas.tokens());
    put("UsageRecord", USAGE_RECORD.node());
    put("UsageEvent", UsageSchemas.event());
    put("PriceRequest", UsageSchemas.priceRequest());
    put("PriceSet", UsageSchemas.priceSet());
    put("Recommendation", UsageSchemas.recommendation());
    put("PriceImport", UsageSchemas.priceImport());
    put("UsageReport", UsageSchemas.report());
    put("UsageRow", UsageSchemas.row());
    put("ExportPage", UsageSchemas.exportPage());
    put("CredentialPut", credentialPut());
    put(
        "Model",
        object("A catalog model and its prices")
            .req("id", str(null))
            .req("object", str(null))
            .req("provider", str(null))
            .opt("context_window", nullable(integer(null)))
            .opt("max_output_tokens", nullable(integer(null)))
            .node());
    put("AuditEntry", UsageSchemas.auditEntry());
    put("AuditVerification", UsageSchemas.auditVerification());
    for (String item :
        java.util.List.of(
            "Key",
            "Token",
            "Budget",
            "BudgetStatus",
            "BudgetForecast",
            "AuditEntry",
            "Model",
            "Recommendation")) {
      put(item + "Page", page(item));
    }
  }

  private ApiSchemas() {}

  private static void put(String name, ObjectNode schema) {
    ALL.put(name, schema);
  }

  /** Every named schema, for {@code components.schemas}. */
  static Map<String, ObjectNode> all() {
    return Collections.unmodifiableMap(ALL);
  }

  /** The list envelope of every paged answer, its items of the schema {@code item}. */
  private static ObjectNode page(String item) {
    return object("One page; follow next_cursor while has_more")
        .req("object", oneOf(null, "list"))
        .req("data", array(ref(item), null))
        .req("has_more", bool(null))
        .req("next_cursor", nullable(str("Pass back as ?after= (?cursor= on reports)")))
        .node();
  }

  private static Schema.Obj keyLimits(Schema.Obj o) {
    return o.opt("allowed_models", array(str("A name, provider/* or prefix*"), "Empty: all"))
        .opt("rpm", LIMIT)
        .opt("tpm", LIMIT)
        .opt("expires_at", nullable(time(null)))
        .opt("response_cache", bool("Default false"))
        .opt("budgets", nullable(array(ref("KeyBudget"), "One per period")));
  }

  private static ObjectNode keyBudget() {
    return object("A spend budget of one key")
        .req("limit_usd", usd("Exact; a JSON number is accepted too"))
        .req("period", str("daily, weekly, monthly, total or rolling:<hours>"))
        .opt("enforcement", oneOf("Default hard", "hard", "soft"))
        .opt("id", str("key-<id>-<period>, in answers"))
        .node();
  }

  private static Schema.Obj key() {
    return object("A virtual key; never its secret")
        .req("id", str(null))
        .req("object", oneOf(null, "virtual_key"))
        .req("name", str(null))
        .req("prefix", str("The secret's first characters, to recognise it"))
        .req("status", oneOf(null, "active", "expired", "revoked"))
        .req("user", str(null))
        .req("team", str(null))
        .req("project", str(null))
        .req("service", str(null))
        .req("tags", array(str(null), null))
        .req("allowed_models", array(str(null), null))
        .req("rpm", nullable(integer(null)))
        .req("tpm", nullable(integer(null)))
        .req("expires_at", nullable(time(null)))
        .req("response_cache", bool(null))
        .req("budgets", array(ref("KeyBudget"), null))
        .req("created_at", time(null))
        .req("revoked_at", nullable(time(null)));
  }

  private static Schema.Obj token() {
    return object("A scoped admin token; never its secret")
        .req("id", str(null))
        .req("object", oneOf(null, "admin_token"))
        .req("name", str(null))
        .req("role", oneOf(null, "admin", "finance", "team-manager"))
        .req("team", nullable(str(null)))
        .req("prefix", str(null))
        .req("created_at", time(null))
        .req("revoked_at", nullable(time(null)));
  }

  private static ObjectNode credentialPut() {
    return object("A provider's API key, stored encrypted")
        .closed()
        .req("api_key", str("Printable ASCII, no spaces"))
        .node();
  }

  private static ObjectNode error() {
    ObjectNode body =
        object("What went wrong")
            .req("type", str("e.g. invalid_request_error"))
            .req("code", nullable(str("e.g. invalid_field")))
            .req("param", nullable(str("The field or parameter at fault")))
            .req("message", str("Names the field and says why"))
            .node();
    return object("An error answer").req("error", body).node();
  }
}

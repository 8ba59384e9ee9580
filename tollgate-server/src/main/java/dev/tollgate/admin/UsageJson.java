package dev.tollgate.admin;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tollgate.ledger.UsageEvent;
import dev.tollgate.money.Money;
import dev.tollgate.pricing.Cost;
import dev.tollgate.usage.Usage;
import dev.tollgate.usage.UsageKind;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * Usage records and prices in the admin API's JSON: the fields read, validated, and the answers.
 */
final class UsageJson {

  private static final Pattern REQUEST_ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._:-]{0,127}");

  /** No single record is a trillion tokens: a typo, not usage. */
  private static final long MAX_COUNT = 1_000_000_000_000L;

  private UsageJson() {}

  static String requestId(ObjectNode body) {
    String id = required(body, "request_id");
    if (!REQUEST_ID.matcher(id).matches()) {
      throw AdminException.invalid(
          "request_id",
          "must be 1 to 128 letters, digits, '.', '_', ':' or '-', starting with a letter or"
              + " digit");
    }
    return id;
  }

  static String required(ObjectNode body, String field) {
    String v = KeyJson.text(body, field);
    if (v.isEmpty()) {
      throw AdminException.invalid(field, "required");
    }
    return v;
  }

  /** The {@code tokens} object: a count per kind ({@code input}, {@code output}, …). */
  static Usage tokens(ObjectNode body) {
    JsonNode t = body.get("tokens");
    Usage.Builder b = Usage.builder();
    if (t == null || t.isNull()) {
      return b.build();
    }
    if (!t.isObject()) {
      throw AdminException.invalid("tokens", "must be an object such as {\"input\":1000}");
    }
    var fields = t.fields();
    while (fields.hasNext()) {
      var f = fields.next();
      String field = "tokens." + f.getKey();
      UsageKind kind;
      try {
        kind = UsageKind.valueOf(f.getKey().toUpperCase(Locale.ROOT));
      } catch (IllegalArgumentException e) {
        throw AdminException.invalid(field, "unknown kind (known: " + kinds() + ")");
      }
      JsonNode n = f.getValue();
      if (!n.isIntegralNumber()
          || !n.canConvertToLong()
          || n.asLong() < 0
          || n.asLong() > MAX_COUNT) {
        throw AdminException.invalid(field, "must be a whole number from 0 to " + MAX_COUNT);
      }
      b.set(kind, n.asLong());
    }
    return b.build();
  }

  /** {@code time}, an ISO-8601 instant not in the future; {@code now} when absent. */
  static Instant time(ObjectNode body, Instant now) {
    String t = KeyJson.text(body, "time");
    if (t.isEmpty()) {
      return now;
    }
    Instant at;
    try {
      at = Instant.parse(t);
    } catch (DateTimeParseException e) {
      throw AdminException.invalid(
          "time", "must be an ISO-8601 instant such as 2026-05-01T12:00:00Z");
    }
    if (at.isAfter(now)) {
      throw AdminException.invalid("time", "must not be in the future (now is " + now + ")");
    }
    return at;
  }

  /** A USD amount given as a decimal string (exact), or a JSON number read exactly. */
  static Money usd(JsonNode n, String field) {
    BigDecimal v;
    try {
      v =
          n.isTextual()
              ? new BigDecimal(n.asText().strip())
              : n.isNumber() ? n.decimalValue() : null;
    } catch (NumberFormatException e) {
      v = null;
    }
    if (v == null || v.signum() < 0) {
      throw AdminException.invalid(
          field, "must be a non-negative dollar amount such as \"0.0125\"");
    }
    try {
      return Money.ofUsd(v);
    } catch (IllegalArgumentException | ArithmeticException e) {
      throw AdminException.invalid(
          field, "finer than a nano-dollar or too large: " + v.toPlainString());
    }
  }

  static boolean sameCounts(Usage a, Usage b) {
    for (UsageKind k : UsageKind.values()) {
      if (a.count(k) != b.count(k)) {
        return false;
      }
    }
    return true;
  }

  /** A recorded external event, as the client sees it. */
  static ObjectNode render(UsageEvent e, String requestId) {
    ObjectNode o = JsonNodeFactory.instance.objectNode();
    o.put("object", "usage_event").put("id", e.id()).put("request_id", requestId);
    o.put("origin", e.origin().name().toLowerCase(Locale.ROOT));
    o.put("time", e.time().toString()).put("provider", e.provider()).put("model", e.modelUsed());
    ObjectNode tokens = o.putObject("tokens");
    for (UsageKind k : UsageKind.values()) {
      if (e.usage().count(k) != 0) {
        tokens.put(k.name().toLowerCase(Locale.ROOT), e.usage().count(k));
      }
    }
    o.put("cost_usd", BudgetJson.usd(e.actualCost().nanos())).put("currency", "USD");
    var who = e.who();
    o.putObject("attribution")
        .put("virtual_key", who.virtualKey())
        .put("user", who.user())
        .put("end_user", who.endUser())
        .put("team", who.team())
        .put("project", who.project())
        .put("service", who.service())
        .set(
            "tags",
            JsonNodeFactory.instance
                .arrayNode()
                .addAll(who.tags().stream().map(JsonNodeFactory.instance::textNode).toList()));
    return o;
  }

  /** A price's breakdown: one line per usage kind, discounts, the exact and the charged total. */
  static ObjectNode cost(Cost c, String requested) {
    ObjectNode o = JsonNodeFactory.instance.objectNode();
    o.put("object", "price")
        .put("model", requested)
        .put("priced_as", c.provider() + "/" + c.model());
    o.put("at", c.at().toString()).put("basis", c.basis()).put("currency", "USD");
    var lines = o.putArray("lines");
    for (Cost.CostLine l : c.lines()) {
      lines
          .addObject()
          .put("kind", l.label())
          .put("quantity", l.quantity())
          .put("unit", l.perMillion() ? "per_million_tokens" : "per_unit")
          .put("price_usd", BudgetJson.usd(l.priceNanos()))
          .put("amount_usd", exactUsd(l.amountNanos()))
          .put("note", l.note());
    }
    var discounts = o.putArray("discounts");
    for (Cost.Discount d : c.discounts()) {
      discounts
          .addObject()
          .put("label", d.label())
          .put("percent", d.percent().toPlainString())
          .put("amount_usd", exactUsd(d.amountNanos()));
    }
    o.put("exact_usd", exactUsd(c.exactNanos()));
    o.put("total_usd", BudgetJson.usd(c.total().nanos()));
    o.put("rounding", "the exact total rounded up to a whole nano-dollar");
    return o;
  }

  private static String exactUsd(BigDecimal nanos) {
    BigDecimal usd = nanos.movePointLeft(9);
    return usd.scale() < 9
        ? usd.setScale(9, RoundingMode.UNNECESSARY).toPlainString()
        : usd.toPlainString();
  }

  private static String kinds() {
    StringBuilder s = new StringBuilder();
    for (UsageKind k : UsageKind.values()) {
      s.append(s.isEmpty() ? "" : ", ").append(k.name().toLowerCase(Locale.ROOT));
    }
    return s.toString();
  }
}

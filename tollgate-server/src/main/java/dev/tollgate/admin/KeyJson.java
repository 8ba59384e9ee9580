package dev.tollgate.admin;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tollgate.budget.Enforcement;
import dev.tollgate.budget.Period;
import dev.tollgate.keys.KeyBudget;
import dev.tollgate.keys.KeyLimits;
import dev.tollgate.keys.VirtualKey;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;

/** A virtual key in the admin API's JSON, and the limit fields read from a request, validated. */
final class KeyJson {

  /** The largest rpm or tpm: the token-bucket arithmetic stays within a {@code long}. */
  static final long MAX_RATE = 100_000_000;

  private static final int MAX_TEXT = 200;

  /** The fields a request may change on an existing key. */
  static final Set<String> LIMIT_FIELDS = ApiSchemas.KEY_UPDATE.names();

  private KeyJson() {}

  /** {@code key} as the admin API shows it: never its secret or hash. */
  static ObjectNode render(VirtualKey key, Instant now) {
    ObjectNode o = JsonNodeFactory.instance.objectNode();
    o.put("id", key.id()).put("object", "virtual_key").put("name", key.name());
    o.put("prefix", key.prefix());
    o.put(
        "status", key.isRevoked() ? "revoked" : key.limits().expiredAt(now) ? "expired" : "active");
    o.put("user", key.user()).put("team", key.team()).put("project", key.project());
    o.put("service", key.service());
    key.tags().forEach(o.putArray("tags")::add);
    KeyLimits l = key.limits();
    var models = o.putArray("allowed_models");
    l.allowedModels().forEach(models::add);
    putLong(o, "rpm", l.rpm());
    putLong(o, "tpm", l.tpm());
    o.put("expires_at", l.expiresAt().map(Instant::toString).orElse(null));
    o.put("response_cache", l.responseCache());
    var budgets = o.putArray("budgets");
    for (KeyBudget b : l.budgets()) {
      budgets
          .addObject()
          .put("id", b.budgetId(key.id()))
          .put("limit_usd", b.limitUsd().toPlainString())
          .put("period", b.period().toString())
          .put("enforcement", b.enforcementName());
    }
    o.put("created_at", key.created().toString());
    o.put("revoked_at", key.revoked().map(Instant::toString).orElse(null));
    return o;
  }

  /** The limits in {@code body}, each absent field taken from {@code base}. */
  static KeyLimits limits(ObjectNode body, KeyLimits base, Instant now) {
    return new KeyLimits(
        body.has("allowed_models") ? models(body.get("allowed_models")) : base.allowedModels(),
        body.has("rpm") ? rate("rpm", body.get("rpm")) : base.rpm(),
        body.has("tpm") ? rate("tpm", body.get("tpm")) : base.tpm(),
        body.has("expires_at") ? expiry(body.get("expires_at"), now) : base.expiresAt(),
        body.has("response_cache")
            ? bool("response_cache", body.get("response_cache"))
            : base.responseCache(),
        body.has("budgets") ? budgets(body.get("budgets")) : base.budgets());
  }

  /** A short text field, or "" when absent or null. */
  static String text(ObjectNode body, String field) {
    JsonNode n = body.get(field);
    if (n == null || n.isNull()) {
      return "";
    }
    if (!n.isTextual()) {
      throw AdminException.invalid(field, "must be a string");
    }
    if (n.asText().length() > MAX_TEXT) {
      throw AdminException.invalid(field, "must be at most " + MAX_TEXT + " characters");
    }
    return n.asText().strip();
  }

  /** The tags: strings without commas (a comma separates tags in headers and storage). */
  static List<String> tags(ObjectNode body) {
    List<String> tags = strings("tags", body.get("tags"));
    for (int i = 0; i < tags.size(); i++) {
      if (tags.get(i).contains(",")) {
        throw AdminException.invalid("tags[" + i + "]", "must not contain ','");
      }
    }
    return tags;
  }

  private static List<String> models(JsonNode n) {
    List<String> models = strings("allowed_models", n);
    for (int i = 0; i < models.size(); i++) {
      String m = models.get(i);
      if (m.indexOf('*') >= 0 && m.indexOf('*') != m.length() - 1) {
        throw AdminException.invalid(
            "allowed_models[" + i + "]",
            "'*' may only end a pattern ('openai/*', 'gpt-4o*'), got '" + m + "'");
      }
    }
    return models;
  }

  private static List<String> strings(String field, JsonNode n) {
    if (n == null || n.isNull()) {
      return List.of();
    }
    if (!n.isArray()) {
      throw AdminException.invalid(field, "must be a list of strings");
    }
    List<String> out = new ArrayList<>();
    for (int i = 0; i < n.size(); i++) {
      JsonNode item = n.get(i);
      if (!item.isTextual() || item.asText().isBlank()) {
        throw AdminException.invalid(field + "[" + i + "]", "must be a non-empty string");
      }
      out.add(item.asText().strip());
    }
    return out;
  }

  private static OptionalLong rate(String field, JsonNode n) {
    if (n.isNull()) {
      return OptionalLong.empty();
    }
    if (!n.isIntegralNumber() || n.asLong() < 1 || n.asLong() > MAX_RATE) {
      throw AdminException.invalid(
          field, "must be a whole number from 1 to " + MAX_RATE + ", or null for the default");
    }
    return OptionalLong.of(n.asLong());
  }

  private static Optional<Instant> expiry(JsonNode n, Instant now) {
    if (n.isNull()) {
      return Optional.empty();
    }
    try {
      Instant at = Instant.parse(n.asText());
      if (!at.isAfter(now)) {
        throw AdminException.invalid("expires_at", "must be in the future, got " + at);
      }
      return Optional.of(at);
    } catch (DateTimeParseException e) {
      throw AdminException.invalid(
          "expires_at", "must be an ISO-8601 instant like 2026-12-31T00:00:00Z, or null");
    }
  }

  private static boolean bool(String field, JsonNode n) {
    if (!n.isBoolean()) {
      throw AdminException.invalid(field, "must be true or false");
    }
    return n.asBoolean();
  }

  private static List<KeyBudget> budgets(JsonNode n) {
    if (n.isNull()) {
      return List.of();
    }
    if (!n.isArray()) {
      throw AdminException.invalid("budgets", "must be a list of {limit_usd, period, enforcement}");
    }
    List<KeyBudget> out = new ArrayList<>();
    Set<Period> periods = new HashSet<>();
    for (int i = 0; i < n.size(); i++) {
      KeyBudget b = budget("budgets[" + i + "]", n.get(i));
      if (!periods.add(b.period())) {
        throw AdminException.invalid(
            "budgets[" + i + "].period", "the key has two budgets per " + b.period());
      }
      out.add(b);
    }
    return out;
  }

  private static KeyBudget budget(String where, JsonNode n) {
    if (!n.isObject()) {
      throw AdminException.invalid(where, "must be an object {limit_usd, period, enforcement}");
    }
    n.fieldNames()
        .forEachRemaining(
            f -> {
              if (!Set.of("limit_usd", "period", "enforcement").contains(f)) {
                throw AdminException.invalid(
                    where + "." + f, "unknown field (allowed: limit_usd, period, enforcement)");
              }
            });
    JsonNode limit = n.get("limit_usd");
    BigDecimal usd;
    try {
      // A JSON number is read as an exact decimal, never a double; a string is accepted too.
      usd = limit == null || limit.isNull() ? null : new BigDecimal(limit.asText());
    } catch (NumberFormatException e) {
      usd = null;
    }
    if (usd == null || usd.signum() <= 0) {
      throw AdminException.invalid(where + ".limit_usd", "must be a positive amount in USD");
    }
    JsonNode period = n.get("period");
    Period p;
    try {
      p = Period.parse(period == null ? "" : period.asText());
    } catch (IllegalArgumentException e) {
      throw AdminException.invalid(
          where + ".period", "must be daily, weekly, monthly, total or rolling:<hours>");
    }
    JsonNode enforcement = n.get("enforcement");
    String e = enforcement == null ? "HARD" : enforcement.asText().toUpperCase(Locale.ROOT);
    if (!Set.of("HARD", "SOFT").contains(e)) {
      throw AdminException.invalid(where + ".enforcement", "must be hard or soft");
    }
    return new KeyBudget(usd, p, Enforcement.valueOf(e));
  }

  private static void putLong(ObjectNode o, String field, OptionalLong v) {
    if (v.isPresent()) {
      o.put(field, v.getAsLong());
    } else {
      o.putNull(field);
    }
  }
}

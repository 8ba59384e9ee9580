package dev.tollgate.config;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tollgate.config.TollgateConfig.RateLimits;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.OptionalLong;

/** Parses {@code rate_limits.models}: per model name, {@code rpm} and/or {@code tpm}. */
final class ModelRateLimits {

  private ModelRateLimits() {}

  /**
   * The limits of every model in {@code section}.
   *
   * @throws ConfigException naming {@code rate_limits.models.<model>.<field>} when a value is wrong
   */
  static Map<String, RateLimits.Limit> parse(JsonNode section, String display) {
    Map<String, RateLimits.Limit> out = new LinkedHashMap<>();
    section
        .properties()
        .forEach(
            e -> {
              String where = display + ": rate_limits.models." + e.getKey();
              Fields f = new Fields(where, e.getValue());
              OptionalLong rpm = limit(f, "rpm");
              OptionalLong tpm = limit(f, "tpm");
              f.rejectUnknown();
              if (rpm.isEmpty() && tpm.isEmpty()) {
                throw new ConfigException(where + ": give rpm, tpm or both");
              }
              out.put(e.getKey(), new RateLimits.Limit(rpm, tpm));
            });
    return out;
  }

  private static OptionalLong limit(Fields f, String field) {
    return f.integer(field)
        .map(
            v -> {
              if (v < 1 || v > RateLimits.MAX) {
                throw f.fail(field, "must be between 1 and " + RateLimits.MAX + ", got " + v);
              }
              return OptionalLong.of(v);
            })
        .orElse(OptionalLong.empty());
  }
}

package dev.tollgate.provider;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tollgate.usage.ApiFormat;
import java.util.Objects;

/**
 * The usage object an upstream reported, in its own wire format. A translated answer loses counts
 * the other format has no field for (Anthropic's cache writes have none in OpenAI's usage), so the
 * meter prices this instead.
 *
 * @param format the upstream's wire format
 * @param usage its bare usage object, e.g. Anthropic's {@code usage}
 */
public record NativeUsage(ApiFormat format, JsonNode usage) {

  public NativeUsage {
    Objects.requireNonNull(format, "format");
    Objects.requireNonNull(usage, "usage");
  }
}

package dev.tollgate.usage;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.EnumMap;
import java.util.Map;

/** Recorded provider responses under {@code fixtures/responses/}, and helpers to compare usage. */
final class Fixtures {

  static final ObjectMapper MAPPER = new ObjectMapper();

  private Fixtures() {}

  /** A whole response body, by file name. */
  static JsonNode response(String name) {
    try (InputStream in = Fixtures.class.getResourceAsStream("/fixtures/responses/" + name)) {
      if (in == null) {
        throw new IllegalArgumentException("no fixture " + name);
      }
      return MAPPER.readTree(in);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** JSON written in a test, with single quotes for readability. */
  static JsonNode json(String singleQuoted) {
    try {
      return MAPPER.readTree(singleQuoted.replace('\'', '"'));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * Every kind's count, so that an assertion on it checks the kinds not named too, and a failure
   * shows them all.
   */
  static Map<UsageKind, Long> counts(Usage usage) {
    Map<UsageKind, Long> counts = new EnumMap<>(UsageKind.class);
    for (UsageKind kind : UsageKind.values()) {
      counts.put(kind, usage.count(kind));
    }
    return counts;
  }

  /** The counts of a usage with the given kinds and zero for every other. */
  static Map<UsageKind, Long> counts(Object... kindsAndCounts) {
    Usage.Builder b = Usage.builder();
    for (int i = 0; i < kindsAndCounts.length; i += 2) {
      b.set((UsageKind) kindsAndCounts[i], ((Number) kindsAndCounts[i + 1]).longValue());
    }
    return counts(b.build());
  }
}

package dev.tollgate.usage;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * An extractor whose whole answer is in the usage object: a response and its bare usage object are
 * read the same way, by {@link #read(UsageFields)}.
 */
abstract class UsageObjectExtractor implements UsageExtractor {

  private final ApiFormat format;

  UsageObjectExtractor(ApiFormat format) {
    this.format = format;
  }

  /** Reads the usage object's fields into a usage of disjoint kinds. */
  abstract Usage read(UsageFields u);

  @Override
  public final Usage fromResponse(JsonNode body) {
    return read(UsageFields.ofResponse(format, body));
  }

  @Override
  public final Usage fromUsage(JsonNode usage) {
    return read(UsageFields.ofUsage(format, usage));
  }

  @Override
  public final ApiFormat format() {
    return format;
  }
}

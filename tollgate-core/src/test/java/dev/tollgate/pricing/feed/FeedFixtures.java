package dev.tollgate.pricing.feed;

import dev.tollgate.pricing.ModelPrice;
import dev.tollgate.pricing.Rates;
import dev.tollgate.usage.UsageKind;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/** Reads the feed fixtures under {@code src/test/resources/fixtures/feeds}. */
final class FeedFixtures {

  private FeedFixtures() {}

  static String read(String name) {
    try (InputStream in = FeedFixtures.class.getResourceAsStream("/fixtures/feeds/" + name)) {
      if (in == null) {
        throw new IllegalStateException("no fixture " + name);
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static ModelPrice model(ImportResult result, String qualifiedId) {
    List<ModelPrice> found =
        result.models().stream().filter(m -> m.qualifiedId().equals(qualifiedId)).toList();
    if (found.size() != 1) {
      throw new AssertionError(
          "expected one " + qualifiedId + ", found " + found.size() + " in " + ids(result));
    }
    return found.getFirst();
  }

  /** The listed prices as plain strings, so that 40 and 4E+1 compare equal. */
  static Map<UsageKind, String> usdOf(Rates rates) {
    Map<UsageKind, String> out = new EnumMap<>(UsageKind.class);
    rates.listedUsd().forEach((kind, usd) -> out.put(kind, usd.toPlainString()));
    return out;
  }

  static List<String> ids(ImportResult result) {
    return result.models().stream().map(ModelPrice::qualifiedId).toList();
  }
}

package dev.tollgate.pricing.feed;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** Collects what an import left out, for {@link ImportResult#skipped()}. */
final class ImportReport {

  private final List<String> skipped = new ArrayList<>();
  private final Map<String, Integer> skippedModes = new TreeMap<>();
  private final Map<String, Integer> ignoredKeys = new TreeMap<>();

  /** Records a model left out, and why. */
  void skip(String model, String reason) {
    skipped.add(model + ": " + reason);
  }

  /** Counts an entry left out because of its mode (e.g. LiteLLM's {@code image_generation}). */
  void skipMode(String mode) {
    skippedModes.merge(mode, 1, Integer::sum);
  }

  /** Counts, once per imported model, price keys that have no Tollgate usage kind. */
  void ignore(Collection<String> keys) {
    keys.forEach(k -> ignoredKeys.merge(k, 1, Integer::sum));
  }

  /** The report lines: skipped models in feed order, then the counts. */
  List<String> lines(String pricedModes) {
    List<String> lines = new ArrayList<>(skipped);
    skippedModes.forEach(
        (mode, n) ->
            lines.add(
                "mode "
                    + mode
                    + ": "
                    + n
                    + (n == 1 ? " entry" : " entries")
                    + " skipped, Tollgate prices only "
                    + pricedModes));
    ignoredKeys.forEach(
        (key, n) ->
            lines.add(
                "price key "
                    + key
                    + ": ignored on "
                    + n
                    + (n == 1 ? " model" : " models")
                    + ", Tollgate has no usage kind for it"));
    return lines;
  }
}

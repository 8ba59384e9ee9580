package dev.tollgate.catalog;

import dev.tollgate.pricing.CatalogFile;
import dev.tollgate.pricing.CatalogReader;
import dev.tollgate.pricing.CatalogWriter;
import dev.tollgate.pricing.ModelPrice;
import dev.tollgate.pricing.feed.CatalogDiff;
import dev.tollgate.pricing.feed.FeedMerge;
import dev.tollgate.pricing.feed.FeedPolicy;
import dev.tollgate.pricing.feed.FeedRejectedException;
import dev.tollgate.pricing.feed.ImportResult;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Imports a price feed (genai-prices v2 or LiteLLM) over the current base catalog: reads it,
 * refuses it if it does not parse or would remove more than 10% of the models, computes the diff,
 * and unless it is a dry run writes it, in Tollgate's own format, to {@link PriceBook#IMPORTED} in
 * the data directory, where the next start-up picks it up ({@link PriceChanges} also puts it in
 * force in a running gateway). Local models (Ollama), which no feed lists, are kept.
 */
public final class FeedImport {

  /**
   * What an import did.
   *
   * @param diff the price changes, current against imported
   * @param notes the importer's report of what it skipped
   * @param written the file written, or null for a dry run
   * @param models how many models the new catalog has
   */
  public record Outcome(CatalogDiff diff, List<String> notes, Path written, int models) {}

  private FeedImport() {}

  /**
   * A feed read, checked and merged over the current base catalog, not yet saved.
   *
   * @param catalog the new base catalog, in Tollgate's format
   * @param diff the price changes, current against imported
   * @param notes the importer's report of what it skipped
   */
  public record Prepared(CatalogFile catalog, CatalogDiff diff, List<String> notes) {}

  /**
   * Runs the import.
   *
   * @throws FeedRejectedException naming the feed and why it was refused
   */
  public static Outcome run(
      String location,
      PriceBook current,
      Path dataDir,
      Path workingDir,
      boolean dryRun,
      Instant now) {
    Prepared prepared = prepare(FeedSource.read(location, workingDir), location, current, now);
    int models = prepared.catalog().models().size();
    if (dryRun) {
      return new Outcome(prepared.diff(), prepared.notes(), null, models);
    }
    Path target = dataDir.resolve(PriceBook.IMPORTED);
    write(target, prepared.catalog());
    return new Outcome(prepared.diff(), prepared.notes(), target, models);
  }

  /**
   * Reads the feed {@code text} from {@code location}, checks it against the current base catalog
   * and merges it over that (local models kept), stamped as imported at {@code now}.
   *
   * @throws FeedRejectedException naming the feed and why it was refused
   */
  static Prepared prepare(String text, String location, PriceBook current, Instant now) {
    List<ModelPrice> currentModels = current.base().models();
    ImportResult imported = FeedPolicy.load(currentModels, text, location);
    List<ModelPrice> merged =
        keepLocalModels(
            current.base(),
            FeedMerge.inPriorityOf(
                currentModels, FeedMerge.keepUnstated(currentModels, imported.models())));
    CatalogDiff diff = CatalogDiff.between(currentModels, merged, now);
    Map<String, String> source = new LinkedHashMap<>();
    source.put("name", "imported " + imported.format() + " feed");
    source.put("url", location);
    source.put("imported_at", now.toString());
    CatalogFile catalog =
        new CatalogFile(CatalogReader.FORMAT, source, merged, current.base().localProviders());
    return new Prepared(catalog, diff, imported.skipped());
  }

  private static List<ModelPrice> keepLocalModels(CatalogFile base, List<ModelPrice> imported) {
    List<ModelPrice> merged = new ArrayList<>(imported);
    java.util.Set<String> ids = new java.util.HashSet<>();
    imported.forEach(m -> ids.add(CatalogDiff.key(m)));
    base.models().stream()
        .filter(m -> m.local() && !ids.contains(CatalogDiff.key(m)))
        .forEach(merged::add);
    return merged;
  }

  /**
   * Writes {@code catalog} to {@code target} in Tollgate's format, atomically, once it has read
   * back.
   *
   * @throws FeedRejectedException if it cannot be written
   */
  static void write(Path target, CatalogFile catalog) {
    String yaml = CatalogWriter.write(catalog);
    // Read it back before replacing the old file, so a bad write can never break start-up.
    CatalogReader.read(target.toString(), yaml);
    try {
      Files.createDirectories(target.getParent());
      Path tmp = Files.createTempFile(target.getParent(), "imported", ".yaml.tmp");
      Files.writeString(tmp, yaml, StandardCharsets.UTF_8);
      Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    } catch (IOException e) {
      throw new FeedRejectedException("cannot write " + target + ": " + e.getMessage());
    }
  }
}

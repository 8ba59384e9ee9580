package dev.tollgate.catalog;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import dev.tollgate.config.ConfigLoader;
import dev.tollgate.config.TollgateConfig;
import dev.tollgate.pricing.Catalog;
import dev.tollgate.pricing.CatalogException;
import dev.tollgate.pricing.CatalogFile;
import dev.tollgate.pricing.CatalogReader;
import dev.tollgate.pricing.ModelPrice;
import dev.tollgate.pricing.Pricer;
import dev.tollgate.pricing.UnknownModelPolicy;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The prices a running Tollgate uses, assembled in this order: the base catalog (the bundled one;
 * or {@code pricing.catalog} from the configuration; or, if an operator has imported a feed, the
 * file it wrote in the data directory), then {@code pricing.overrides}, then {@code
 * pricing.discounts}, then the price overrides set over the admin API. Anything malformed in the
 * files fails here, naming the file, the model and the field. Immutable: a change of prices is a
 * new book ({@link #withBase}, {@link #withPriceOverrides}) that {@link LivePrices} swaps in.
 */
public final class PriceBook {

  /** Where {@code tollgate prices import} keeps the last imported feed, under the data dir. */
  public static final String IMPORTED = "prices/imported.yaml";

  /** What a book is made of, kept so that a changed base or override list rebuilds the rest. */
  private record Sources(
      CatalogFile base,
      String baseName,
      List<ModelPrice> configOverrides,
      Discounts discounts,
      UnknownModelPolicy unknownModel,
      List<PriceOverride> priceOverrides) {}

  private final Sources sources;
  private final Pricer pricer;
  private final List<String> provenance;
  private final List<String> skipped;

  private PriceBook(Sources sources) {
    this.sources = sources;
    List<String> lines = new ArrayList<>();
    lines.add(describe(sources.baseName(), sources.base()));
    Catalog catalog =
        Catalog.of(sources.base().models(), sources.base().localProviders())
            .withOverrides(sources.configOverrides());
    if (!sources.configOverrides().isEmpty()) {
      lines.add(sources.configOverrides().size() + " price override(s) from pricing.overrides");
    }
    catalog = sources.discounts().applyTo(catalog);
    if (!sources.discounts().isEmpty()) {
      lines.add(sources.discounts().size() + " negotiated discount(s) from pricing.discounts");
    }
    List<String> left = new ArrayList<>();
    catalog = PriceOverrides.applyTo(catalog, sources.priceOverrides(), left::add);
    int applied = sources.priceOverrides().size() - left.size();
    if (applied > 0) {
      lines.add(applied + " price override(s) set over the admin API");
    }
    this.pricer = new Pricer(catalog, sources.unknownModel());
    this.provenance = List.copyOf(lines);
    this.skipped = List.copyOf(left);
  }

  /**
   * Loads the prices that {@code config} asks for, without overrides from the admin API.
   *
   * @throws CatalogException naming the file, the model and the field that is wrong
   */
  public static PriceBook load(TollgateConfig config) {
    Path imported = config.storage().dataDir().resolve(IMPORTED);
    CatalogFile base;
    String baseName;
    if (config.pricing().catalog().isPresent()) {
      Path file = config.pricing().catalog().get();
      base = read(file);
      baseName = "catalog " + file;
    } else if (Files.isRegularFile(imported)) {
      base = read(imported);
      baseName = importedName(imported);
    } else {
      base = CatalogReader.bundled();
      baseName = "bundled catalog";
    }
    // The lists come only from a file; name the one read, which --config may have called prod.yaml.
    String configName =
        config.source().map(p -> p.getFileName().toString()).orElse(ConfigLoader.DEFAULT_FILE);
    List<ModelPrice> overrides =
        CatalogReader.readOverrides(
            configName, array(config.pricing().overrides()), base.localProviders());
    Discounts discounts = Discounts.parse(configName, config.pricing().discounts());
    return new PriceBook(
        new Sources(
            base, baseName, overrides, discounts, config.pricing().unknownModel(), List.of()));
  }

  /** How a book names a base catalog imported to {@code file}. */
  static String importedName(Path file) {
    return "imported feed " + file;
  }

  /**
   * This book with {@code base} as its base catalog, the configuration's overrides and discounts
   * and the admin API's overrides applied again.
   *
   * @throws CatalogException if a discount then matches no model
   */
  public PriceBook withBase(CatalogFile base, String baseName) {
    Sources s = sources;
    return new PriceBook(
        new Sources(
            base,
            baseName,
            s.configOverrides(),
            s.discounts(),
            s.unknownModel(),
            s.priceOverrides()));
  }

  /**
   * This book with {@code overrides} as the admin API's price overrides, in place of the ones it
   * had. An override whose model is missing is left out and listed in {@link #skipped()}.
   */
  public PriceBook withPriceOverrides(List<PriceOverride> overrides) {
    Sources s = sources;
    return new PriceBook(
        new Sources(
            s.base(),
            s.baseName(),
            s.configOverrides(),
            s.discounts(),
            s.unknownModel(),
            List.copyOf(overrides)));
  }

  /** The admin API's price overrides, applied or not. */
  public List<PriceOverride> priceOverrides() {
    return sources.priceOverrides();
  }

  /** The admin API's overrides that could not be applied, one line each saying why. */
  public List<String> skipped() {
    return skipped;
  }

  /** Prices by model name with the configured unknown-model policy. */
  public Pricer pricer() {
    return pricer;
  }

  /** The catalog before overrides and discounts: what an imported feed replaces. */
  public CatalogFile base() {
    return sources.base();
  }

  /** Where the base catalog came from, e.g. "bundled catalog". */
  public String baseName() {
    return sources.baseName();
  }

  /** One line per source of prices, for the start-up banner. */
  public List<String> provenance() {
    return provenance;
  }

  private static CatalogFile read(Path file) {
    try {
      return CatalogReader.read(file);
    } catch (NoSuchFileException e) {
      throw new CatalogException(file + ": no such catalog file");
    } catch (IOException e) {
      throw new CatalogException(file + ": cannot read: " + e.getMessage(), e);
    }
  }

  private static String describe(String name, CatalogFile file) {
    String source = file.source().getOrDefault("name", "");
    String commit = file.source().getOrDefault("commit", "");
    String from =
        source.isEmpty()
            ? ""
            : " from "
                + source
                + (commit.isEmpty()
                    ? ""
                    : " @" + commit.substring(0, Math.min(7, commit.length())));
    return name + ": " + file.models().size() + " models" + from;
  }

  private static JsonNode array(List<JsonNode> entries) {
    ArrayNode array = JsonNodeFactory.withExactBigDecimals(true).arrayNode();
    entries.forEach(array::add);
    return array;
  }
}

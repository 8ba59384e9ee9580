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
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The prices a running Tollgate uses, assembled once at start-up in this order: the base catalog
 * (the bundled one; or {@code pricing.catalog} from the configuration; or, if an operator has
 * imported a feed, the file it wrote in the data directory), then {@code pricing.overrides}, then
 * {@code pricing.discounts}. Anything malformed fails here, naming the file, the model and the
 * field.
 */
public final class PriceBook {

  /** Where {@code tollgate prices import} keeps the last imported feed, under the data dir. */
  public static final String IMPORTED = "prices/imported.yaml";

  private final CatalogFile base;
  private final String baseName;
  private final Pricer pricer;
  private final List<String> provenance;

  private PriceBook(CatalogFile base, String baseName, Pricer pricer, List<String> provenance) {
    this.base = base;
    this.baseName = baseName;
    this.pricer = pricer;
    this.provenance = List.copyOf(provenance);
  }

  /**
   * Loads the prices that {@code config} asks for.
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
      baseName = "imported feed " + imported;
    } else {
      base = CatalogReader.bundled();
      baseName = "bundled catalog";
    }
    List<String> provenance = new ArrayList<>();
    provenance.add(describe(baseName, base));
    // The lists come only from a file; name the one read, which --config may have called prod.yaml.
    String configName =
        config.source().map(p -> p.getFileName().toString()).orElse(ConfigLoader.DEFAULT_FILE);
    List<ModelPrice> overrides =
        CatalogReader.readOverrides(
            configName, array(config.pricing().overrides()), base.localProviders());
    Catalog catalog = Catalog.of(base.models(), base.localProviders()).withOverrides(overrides);
    if (!overrides.isEmpty()) {
      provenance.add(overrides.size() + " price override(s) from pricing.overrides");
    }
    Discounts discounts = Discounts.parse(configName, config.pricing().discounts());
    catalog = discounts.applyTo(catalog);
    if (!discounts.isEmpty()) {
      provenance.add(discounts.size() + " negotiated discount(s) from pricing.discounts");
    }
    Pricer pricer = new Pricer(catalog, config.pricing().unknownModel());
    return new PriceBook(base, baseName, pricer, provenance);
  }

  /** Prices by model name with the configured unknown-model policy. */
  public Pricer pricer() {
    return pricer;
  }

  /** The catalog before overrides and discounts: what an imported feed replaces. */
  public CatalogFile base() {
    return base;
  }

  /** Where the base catalog came from, e.g. "bundled catalog". */
  public String baseName() {
    return baseName;
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

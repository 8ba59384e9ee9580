package dev.tollgate.pricing;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.cfg.JsonNodeFeature;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.yaml.snakeyaml.error.Mark;
import org.yaml.snakeyaml.error.MarkedYAMLException;

/**
 * Reads price catalogs in the {@code tollgate-catalog/1} format (see {@code
 * notes/catalog-format.md}) and operator overrides in the same model schema. Every number is read
 * as an exact decimal, never as a {@code double}, and every field is checked: a catalog that cannot
 * be used fails with a {@link CatalogException} that names the file, the model and the field.
 */
public final class CatalogReader {

  /** The format tag that a catalog must declare. */
  public static final String FORMAT = "tollgate-catalog/1";

  /** Where the bundled catalog sits on the class path. */
  public static final String BUNDLED = "/dev/tollgate/pricing/catalog.yaml";

  private static final List<String> TOP_KEYS = List.of("format", "source", "providers");
  private static final List<String> PROVIDER_KEYS = List.of("id", "local", "models");
  private static final List<String> OVERRIDE_KEYS = List.of("provider");

  private static final ObjectMapper YAML =
      YAMLMapper.builder()
          .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
          .enable(JsonNodeFeature.USE_BIG_DECIMAL_FOR_FLOATS)
          // keep 2.50 as written, so that messages quote the operator's text
          .disable(JsonNodeFeature.STRIP_TRAILING_BIGDECIMAL_ZEROES)
          .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
          .build();

  private CatalogReader() {}

  /**
   * A YAML mapper that keeps every number exact ({@code 2.50} stays the decimal 2.50) and rejects
   * duplicate keys. Read {@code tollgate.yaml} with it before passing {@code pricing.overrides} to
   * {@link #readOverrides}.
   */
  public static ObjectMapper yamlMapper() {
    return YAML.copy();
  }

  /**
   * Reads the catalog that ships inside Tollgate ({@link #BUNDLED}), afresh on each call: callers
   * keep the result.
   */
  public static CatalogFile bundled() {
    try (InputStream in = CatalogReader.class.getResourceAsStream(BUNDLED)) {
      if (in == null) {
        throw new CatalogException(BUNDLED + ": not on the class path");
      }
      return read("catalog.yaml", new String(in.readAllBytes(), StandardCharsets.UTF_8));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * Reads a catalog file; messages name it by its file name.
   *
   * @throws IOException if the file cannot be read
   * @throws CatalogException if its content is wrong, as in {@link #read(String, String)}
   */
  public static CatalogFile read(Path file) throws IOException {
    return read(file.getFileName().toString(), Files.readString(file));
  }

  /**
   * Reads a catalog from its text.
   *
   * @param fileName how messages name the file, e.g. {@code catalog.yaml}
   * @param yaml the text
   * @throws CatalogException if the text is not YAML, not this format, or any field is wrong
   */
  public static CatalogFile read(String fileName, String yaml) {
    CatalogNodes nodes = new CatalogNodes(fileName, "");
    JsonNode root = parse(fileName, yaml);
    if (root.isMissingNode()) {
      throw nodes.fail("", "is empty; a catalog starts with format: " + FORMAT);
    }
    nodes.object(root, "the document");
    nodes.onlyKeys(root, "", TOP_KEYS);
    JsonNode format = root.get("format");
    if (format == null || !format.isTextual() || !format.asText().equals(FORMAT)) {
      String got = format == null ? "nothing" : CatalogNodes.shown(format);
      throw nodes.fail("format", "must be \"" + FORMAT + "\", got " + got);
    }
    Map<String, String> source = source(nodes, root.get("source"));
    if (root.get("providers") == null) {
      throw nodes.fail("providers", "is required");
    }
    ModelEntryReader entries = new ModelEntryReader(nodes);
    List<ModelPrice> models = new ArrayList<>();
    Set<String> local = new LinkedHashSet<>();
    Set<String> seen = new HashSet<>();
    List<JsonNode> providers = nodes.list(root.get("providers"), "providers");
    for (int p = 0; p < providers.size(); p++) {
      String where = "providers[" + p + "]";
      nodes.part("");
      JsonNode provider = nodes.object(providers.get(p), where);
      String id = nodes.text(provider.get("id"), where + ".id");
      nodes.part("provider " + id);
      nodes.onlyKeys(provider, "", PROVIDER_KEYS);
      if (!seen.add(id.toLowerCase(Locale.ROOT))) {
        throw nodes.fail("id", "duplicate provider: list each provider once");
      }
      boolean isLocal = nodes.flag(provider.get("local"), "local");
      if (isLocal) {
        local.add(id);
      }
      List<JsonNode> list = nodes.list(provider.get("models"), "models");
      for (int m = 0; m < list.size(); m++) {
        String label = "provider " + id + ": models[" + m + "]";
        models.add(entries.read(list.get(m), label, id, isLocal, List.of(), false));
      }
    }
    return new CatalogFile(FORMAT, source, models, local);
  }

  /**
   * Reads operator overrides: a list of model entries in the catalog's model schema, each with an
   * extra {@code provider} key, as found under {@code pricing.overrides} in {@code tollgate.yaml}.
   *
   * @param fileName how messages name the file, e.g. {@code tollgate.yaml}
   * @param overrides the list, read with {@link #yamlMapper()} so that numbers are exact; null or
   *     missing means no overrides
   * @param localProviders the providers whose models are local (see {@link
   *     CatalogFile#localProviders()})
   * @throws CatalogException if an entry is wrong, naming {@code pricing.overrides[i]}, the model
   *     once its id is known, and the field
   */
  public static List<ModelPrice> readOverrides(
      String fileName, JsonNode overrides, Set<String> localProviders) {
    CatalogNodes nodes = new CatalogNodes(fileName, "");
    ModelEntryReader entries = new ModelEntryReader(nodes);
    List<ModelPrice> models = new ArrayList<>();
    List<JsonNode> list =
        overrides == null || overrides.isMissingNode()
            ? List.of()
            : nodes.list(overrides, "pricing.overrides");
    for (int i = 0; i < list.size(); i++) {
      String where = "pricing.overrides[" + i + "]";
      nodes.part(where);
      JsonNode entry = nodes.object(list.get(i), "");
      String provider = nodes.text(entry.get("provider"), "provider");
      boolean local = localProviders.contains(provider);
      models.add(entries.read(entry, where, provider, local, OVERRIDE_KEYS, true));
    }
    return List.copyOf(models);
  }

  /**
   * Reads one price card in the schema of a catalog's {@code prices} entry, without its {@code
   * from}: {@code input} and {@code output} required, the other price keys, {@code per_request},
   * {@code long_context} and {@code time_windows} optional. Messages start with the field, e.g.
   * {@code prices.input: must be a non-negative number, got -1}.
   *
   * @param card the card, read so that numbers are exact decimals
   * @param field the card's own name in messages, e.g. {@code prices}
   * @param from the first instant the card applies
   * @throws CatalogException naming the field at fault ({@link CatalogException#field()})
   */
  public static PriceSchedule readCard(JsonNode card, String field, java.time.Instant from) {
    return new ModelEntryReader(new CatalogNodes("", "")).card(card, field, from);
  }

  private static JsonNode parse(String fileName, String yaml) {
    try {
      return YAML.readTree(yaml);
    } catch (JsonProcessingException e) {
      if (e.getCause() instanceof MarkedYAMLException marked && marked.getProblemMark() != null) {
        // SnakeYAML's own message quotes the line with a caret under it; keep the facts only.
        String why = marked.getProblem();
        if (marked.getContext() != null && marked.getContextMark() != null) {
          why += " (" + marked.getContext() + " at " + at(marked.getContextMark()) + ")";
        }
        throw new CatalogException(
            fileName + ": " + at(marked.getProblemMark()) + ": not valid YAML: " + why, e);
      }
      var at = e.getLocation();
      String where = at == null ? "" : "line " + at.getLineNr() + ", column " + at.getColumnNr();
      String why = e.getOriginalMessage().strip().replaceAll("\\s+", " ");
      throw new CatalogException(fileName + ": " + where + ": not valid YAML: " + why, e);
    }
  }

  private static String at(Mark mark) {
    return "line " + (mark.getLine() + 1) + ", column " + (mark.getColumn() + 1);
  }

  private static Map<String, String> source(CatalogNodes nodes, JsonNode node) {
    Map<String, String> source = new LinkedHashMap<>();
    if (node == null || node.isNull()) {
      return source;
    }
    nodes.object(node, "source");
    for (Map.Entry<String, JsonNode> e : node.properties()) {
      JsonNode value = e.getValue();
      if (!value.isValueNode() || value.isNull()) {
        throw nodes.fail(
            "source." + e.getKey(), "must be a single value, got " + CatalogNodes.shown(value));
      }
      source.put(
          e.getKey(), value.isBigDecimal() ? value.decimalValue().toPlainString() : value.asText());
    }
    return source;
  }
}

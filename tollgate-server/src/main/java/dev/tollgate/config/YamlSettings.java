package dev.tollgate.config;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads {@code tollgate.yaml} into raw settings, rejecting keys that {@link ConfigKey} does not
 * know. Values are kept as text and parsed later, so a value from the file and one from the
 * environment go through the same checks.
 */
final class YamlSettings {

  /**
   * Decimal numbers are read as {@link java.math.BigDecimal}, never as {@code double}: {@code fx}
   * rates must stay exactly as written. Duplicate keys are an error rather than last-one-wins.
   */
  private static final YAMLMapper MAPPER =
      YAMLMapper.builder()
          .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
          .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION)
          .nodeFactory(JsonNodeFactory.withExactBigDecimals(true))
          .build();

  /**
   * What the file says.
   *
   * @param scalars the single-valued settings present in the file
   * @param lists the list settings present in the file, by dotted path
   * @param sections the sections kept whole (see {@link ConfigKey#RAW_SECTIONS}), by name
   */
  record Contents(
      Map<ConfigKey, Setting> scalars,
      Map<String, List<JsonNode>> lists,
      Map<String, JsonNode> sections) {
    static Contents empty() {
      return new Contents(
          new EnumMap<>(ConfigKey.class), new LinkedHashMap<>(), new LinkedHashMap<>());
    }
  }

  private final String display;
  private final Contents contents = Contents.empty();
  private final List<String> unknown = new ArrayList<>();

  private YamlSettings(String display) {
    this.display = display;
  }

  /**
   * Reads {@code file}, naming it {@code display} in error messages.
   *
   * @throws ConfigException if the file cannot be read or parsed, or holds an unknown key or a
   *     value of the wrong shape
   */
  static Contents read(Path file, String display) {
    YamlSettings reader = new YamlSettings(display);
    reader.readRoot(parse(file, display));
    if (!reader.unknown.isEmpty()) {
      String keys = reader.unknown.size() == 1 ? "unknown key " : "unknown keys ";
      throw new ConfigException(display + ": " + keys + String.join(", ", reader.unknown));
    }
    return reader.contents;
  }

  private static JsonNode parse(Path file, String display) {
    try {
      return MAPPER.readTree(file.toFile());
    } catch (JsonProcessingException e) {
      JsonLocation at = e.getLocation();
      String where =
          at == null ? "" : "line " + at.getLineNr() + ", column " + at.getColumnNr() + ": ";
      String problem = e.getOriginalMessage().lines().findFirst().orElse("invalid YAML");
      throw new ConfigException(display + ": " + where + problem);
    } catch (IOException e) {
      throw new ConfigException(display + ": cannot read the file: " + e.getMessage());
    }
  }

  private void readRoot(JsonNode root) {
    if (root == null || root.isMissingNode() || root.isNull()) {
      return; // An empty file means all defaults.
    }
    if (!root.isObject()) {
      throw shape("the top level", "a mapping of sections " + ConfigKey.sections(), root);
    }
    root.properties()
        .forEach(
            section -> {
              if (ConfigKey.RAW_SECTIONS.contains(section.getKey())) {
                if (!section.getValue().isNull()) {
                  contents.sections().put(section.getKey(), section.getValue());
                }
              } else if (!ConfigKey.sections().contains(section.getKey())) {
                unknown.add(section.getKey() + " (sections: " + join(allSections()) + ")");
              } else if (!section.getValue().isNull()) {
                readSection(section.getKey(), section.getValue());
              }
            });
  }

  private void readSection(String section, JsonNode node) {
    if (!node.isObject()) {
      throw shape(section, "a mapping", node);
    }
    node.properties()
        .forEach(
            field -> {
              String path = section + "." + field.getKey();
              JsonNode value = field.getValue();
              if (!ConfigKey.namesIn(section).contains(field.getKey())) {
                unknown.add(
                    path + " (" + section + " allows: " + join(ConfigKey.namesIn(section)) + ")");
              } else if (!value.isNull()) {
                readValue(path, value);
              }
            });
  }

  private void readValue(String path, JsonNode value) {
    if (ConfigKey.LIST_KEYS.contains(path)) {
      if (!value.isArray()) {
        throw shape(path, "a list", value);
      }
      List<JsonNode> items = new ArrayList<>();
      value.forEach(items::add);
      contents.lists().put(path, List.copyOf(items));
      return;
    }
    if (ConfigKey.MAP_KEYS.contains(path)) {
      if (!value.isObject()) {
        throw shape(path, "a mapping", value);
      }
      contents.sections().put(path, value);
      return;
    }
    if (value.isContainerNode()) {
      throw shape(path, "a single value", value);
    }
    ConfigKey key = ConfigKey.byPath(path).orElseThrow();
    String text = value.isNumber() ? value.decimalValue().toPlainString() : value.asText();
    contents.scalars().put(key, new Setting(display + ": " + path, text));
  }

  private ConfigException shape(String where, String expected, JsonNode got) {
    String actual =
        got.isArray() ? "a list" : got.isObject() ? "a mapping" : "'" + got.asText() + "'";
    return new ConfigException(
        display + ": " + where + ": must be " + expected + ", got " + actual);
  }

  private static List<String> allSections() {
    List<String> all = new ArrayList<>(ConfigKey.sections());
    all.addAll(ConfigKey.RAW_SECTIONS);
    return all;
  }

  private static String join(Iterable<String> names) {
    return String.join(", ", names);
  }
}

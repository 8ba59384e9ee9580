package dev.tollgate.translate;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tollgate.proxy.openai.OpenAiCodec;
import java.io.IOException;
import java.io.UncheckedIOException;

/** Golden JSON for the translation tests, written as text blocks. */
final class Golden {

  private Golden() {}

  static ObjectNode json(String text) {
    try {
      return (ObjectNode) OpenAiCodec.JSON.readTree(text);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * {@code node} as parsed from its text, so that a count built as a long equals the same count
   * read from golden text (Jackson's IntNode and LongNode are never equal).
   */
  static JsonNode normal(JsonNode node) {
    return any(node.toString());
  }

  /** A list of nodes, each {@link #normal}. */
  static java.util.List<JsonNode> normal(java.util.List<? extends JsonNode> nodes) {
    return nodes.stream().map(Golden::normal).toList();
  }

  static JsonNode any(String text) {
    try {
      return OpenAiCodec.JSON.readTree(text);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}

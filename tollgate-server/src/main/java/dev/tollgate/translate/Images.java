package dev.tollgate.translate;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tollgate.proxy.ProxyException;

/**
 * Images between OpenAI's {@code image_url} parts and Anthropic's {@code image} blocks: a {@code
 * data:<media type>;base64,<data>} URL is Anthropic's {@code base64} source, any other URL its
 * {@code url} source, and back.
 */
final class Images {

  private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

  private Images() {}

  /** Anthropic's image block for OpenAI's {@code image_url} object. */
  static ObjectNode toAnthropic(JsonNode imageUrl, String where) {
    String url = imageUrl.path("url").asText("");
    ObjectNode block = NODES.objectNode().put("type", "image");
    ObjectNode source = block.putObject("source");
    if (url.startsWith("data:")) {
      int comma = url.indexOf(',');
      String meta = comma < 0 ? "" : url.substring(5, comma);
      if (!meta.endsWith(";base64")) {
        throw ProxyException.badRequest(
            where + ".image_url.url",
            "'" + where + ".image_url.url' must be a base64 data: URL or an http(s) URL.");
      }
      source
          .put("type", "base64")
          .put("media_type", meta.substring(0, meta.length() - ";base64".length()))
          .put("data", url.substring(comma + 1));
    } else if (url.startsWith("http://") || url.startsWith("https://")) {
      source.put("type", "url").put("url", url);
    } else {
      throw ProxyException.badRequest(
          where + ".image_url.url",
          "'" + where + ".image_url.url' must be a base64 data: URL or an http(s) URL.");
    }
    return block;
  }

  /** OpenAI's {@code image_url} part for Anthropic's image block. */
  static ObjectNode toOpenAi(JsonNode block, String where) {
    JsonNode source = block.path("source");
    String url =
        switch (source.path("type").asText()) {
          case "base64" ->
              "data:"
                  + source.path("media_type").asText()
                  + ";base64,"
                  + source.path("data").asText();
          case "url" -> source.path("url").asText();
          default ->
              throw ProxyException.badRequest(
                  where + ".source.type",
                  where
                      + ".source.type: only base64 and url images can be sent to an OpenAI-format"
                      + " model, got '"
                      + source.path("type").asText()
                      + "'.");
        };
    ObjectNode part = NODES.objectNode().put("type", "image_url");
    part.putObject("image_url").put("url", url);
    return part;
  }
}

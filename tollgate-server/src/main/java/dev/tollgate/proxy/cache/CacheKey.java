package dev.tollgate.proxy.cache;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;

/**
 * The exact-match key of a request: SHA-256 over the endpoint, the virtual key, and the canonical
 * request body. Canonical means object fields sorted by name at every depth (so field order does
 * not matter) and, at the top level, the fields that do not change the answer left out: {@link
 * #IGNORED}. Everything else counts as written: {@code "temperature": 1} and {@code 1.0} are
 * different requests, and so are two message lists that differ in one space.
 */
public final class CacheKey {

  /**
   * Top-level fields that do not change the answer: who the end user is ({@code user}, {@code
   * metadata}, which also carries Anthropic's {@code user_id}), and how it is delivered ({@code
   * stream}, {@code stream_options}). The event of a hit is still attributed to the request's own
   * end user.
   */
  public static final Set<String> IGNORED = Set.of("user", "metadata", "stream", "stream_options");

  private CacheKey() {}

  /** The key of {@code body} sent by {@code virtualKey} to {@code endpoint}. */
  public static String of(String endpoint, String virtualKey, JsonNode body) {
    StringBuilder text = new StringBuilder(256);
    text.append(endpoint).append('\n').append(virtualKey).append('\n');
    canonical(body, text, true);
    try {
      byte[] hash =
          MessageDigest.getInstance("SHA-256")
              .digest(text.toString().getBytes(StandardCharsets.UTF_8));
      return HexFormat.of().formatHex(hash);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every Java runtime has SHA-256", e);
    }
  }

  /** Writes {@code node} as JSON with its object fields sorted. */
  static void canonical(JsonNode node, StringBuilder out, boolean top) {
    if (node.isObject()) {
      List<String> names = new ArrayList<>();
      node.fieldNames().forEachRemaining(names::add);
      Collections.sort(names);
      out.append('{');
      boolean first = true;
      for (String name : names) {
        if (top && IGNORED.contains(name)) {
          continue;
        }
        if (!first) {
          out.append(',');
        }
        first = false;
        out.append(com.fasterxml.jackson.databind.node.TextNode.valueOf(name)).append(':');
        canonical(node.get(name), out, false);
      }
      out.append('}');
    } else if (node.isArray()) {
      out.append('[');
      for (int i = 0; i < node.size(); i++) {
        if (i > 0) {
          out.append(',');
        }
        canonical(node.get(i), out, false);
      }
      out.append(']');
    } else {
      out.append(node);
    }
  }
}

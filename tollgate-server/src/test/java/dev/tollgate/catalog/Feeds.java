package dev.tollgate.catalog;

import com.fasterxml.jackson.core.StreamWriteFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpServer;
import dev.tollgate.pricing.ModelPrice;
import dev.tollgate.usage.UsageKind;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Price feeds written from catalog models, for the tests of imports over the CLI and the API. */
public final class Feeds {

  private static final JsonMapper JSON =
      JsonMapper.builder().enable(StreamWriteFeature.WRITE_BIGDECIMAL_AS_PLAIN).build();

  /** The genai-prices v2 keys of the per-token kinds. */
  public static final Map<UsageKind, String> GENAI_KEYS =
      Map.of(
          UsageKind.INPUT, "input_mtok",
          UsageKind.OUTPUT, "output_mtok",
          UsageKind.CACHE_READ, "cache_read_mtok",
          UsageKind.CACHE_WRITE_5M, "cache_write_mtok",
          UsageKind.CACHE_WRITE_1H, "cache_write_1h_mtok",
          UsageKind.REASONING, "output_reasoning_mtok",
          UsageKind.INPUT_AUDIO, "input_audio_mtok",
          UsageKind.OUTPUT_AUDIO, "output_audio_mtok");

  private Feeds() {}

  /** A loopback HTTP server answering every GET with one body, until closed. */
  public record Served(HttpServer server) implements AutoCloseable {
    /** The URL of {@code path} on it, e.g. {@code /data.json}. */
    public String url(String path) {
      return "http://127.0.0.1:" + server.getAddress().getPort() + path;
    }

    @Override
    public void close() {
      server.stop(0);
    }
  }

  /** Serves {@code body} over HTTP on the loopback address. */
  public static Served serve(String body) throws IOException {
    byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
    HttpServer server =
        HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.createContext(
        "/",
        exchange -> {
          exchange.sendResponseHeaders(200, bytes.length);
          try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
          }
        });
    server.start();
    return new Served(server);
  }

  /**
   * A genai-prices v2 feed of {@code models}' per-token prices in force at {@code at}, with the
   * input price of {@code changed} ({@code provider/id}) set to {@code input} USD per 1M.
   */
  public static String genai(List<ModelPrice> models, Instant at, String changed, String input) {
    Map<String, ArrayNode> byProvider = new LinkedHashMap<>();
    for (ModelPrice m : models) {
      ObjectNode model = JSON.createObjectNode().put("id", m.id());
      ObjectNode prices = model.putObject("prices");
      m.scheduleAt(at).rates().listedUsd().entrySet().stream()
          .filter(e -> GENAI_KEYS.containsKey(e.getKey()))
          .forEach(e -> prices.put(GENAI_KEYS.get(e.getKey()), e.getValue()));
      if (m.qualifiedId().equals(changed)) {
        prices.put("input_mtok", new BigDecimal(input));
      }
      byProvider.computeIfAbsent(m.provider(), p -> JSON.createArrayNode()).add(model);
    }
    ArrayNode feed = JSON.createArrayNode();
    byProvider.forEach((id, list) -> feed.addObject().put("id", id).set("models", list));
    try {
      return JSON.writeValueAsString(feed);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}

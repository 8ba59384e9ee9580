package dev.tollgate.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.net.ConnectException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import picocli.CommandLine.Option;

/**
 * How a command reaches a running gateway's admin API: {@code --url} or {@code TOLLGATE_URL}, and
 * {@code --admin-key} or {@code TOLLGATE_ADMIN_KEY}. A gateway that does not answer, or an answer
 * that is an error, becomes one line and exit code 1.
 */
final class AdminHttp {

  static final String DEFAULT_URL = "http://127.0.0.1:4000";

  private static final ObjectMapper JSON = new ObjectMapper();

  private static final String HEX = "0123456789ABCDEF";

  @Option(
      names = "--url",
      paramLabel = "URL",
      description = "The gateway, e.g. http://127.0.0.1:4000 (default: $TOLLGATE_URL, else that).")
  String url;

  @Option(
      names = "--admin-key",
      paramLabel = "KEY",
      description = "An admin key, tga-… (default: $TOLLGATE_ADMIN_KEY).")
  String adminKey;

  /** Reads the body of a successful answer as it arrives. */
  @FunctionalInterface
  interface BodyReader<T> {
    T read(InputStream body) throws IOException;
  }

  /**
   * Sends {@code method} {@code path} (under {@code /admin/v1}) with {@code body} (or none).
   *
   * @throws CliException if the gateway does not answer, or answers with an error
   */
  JsonNode call(CliContext context, String method, String path, JsonNode body) {
    return send(
        context,
        method,
        path,
        body,
        in -> {
          JsonNode json = parse(in.readAllBytes());
          if (json == null) {
            throw new CliException(
                "the gateway at " + base(context) + " answered something that is not JSON");
          }
          return json;
        });
  }

  /**
   * GETs {@code path} (under {@code /admin/v1}) and hands the body to {@code reader} as it arrives,
   * never whole in memory: for exports.
   *
   * @throws CliException if the gateway does not answer, answers with an error, or stops sending
   */
  <T> T stream(CliContext context, String path, BodyReader<T> reader) {
    return send(context, "GET", path, null, reader);
  }

  private <T> T send(
      CliContext context, String method, String path, JsonNode body, BodyReader<T> reader) {
    String base = base(context);
    String key = resolve(adminKey, context, "TOLLGATE_ADMIN_KEY", null);
    if (key == null) {
      throw new CliException("no admin key: pass --admin-key or set TOLLGATE_ADMIN_KEY");
    }
    URI uri;
    try {
      uri = URI.create(stripSlash(base) + "/admin/v1" + path);
    } catch (IllegalArgumentException e) {
      throw new CliException("--url: not a URL: " + base);
    }
    HttpRequest request =
        HttpRequest.newBuilder(uri)
            .timeout(Duration.ofSeconds(30))
            .header("authorization", "Bearer " + key)
            .header("content-type", "application/json")
            .method(
                method,
                body == null
                    ? HttpRequest.BodyPublishers.noBody()
                    : HttpRequest.BodyPublishers.ofString(body.toString()))
            .build();
    try (HttpClient client =
        HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build()) {
      HttpResponse<InputStream> response;
      try {
        response = client.send(request, HttpResponse.BodyHandlers.ofInputStream());
      } catch (ConnectException | HttpConnectTimeoutException e) {
        throw new CliException(
            "no Tollgate gateway is answering at " + base + " (is it running? --url/TOLLGATE_URL)");
      } catch (IOException e) {
        throw new CliException("the gateway at " + base + " did not answer: " + e.getMessage());
      }
      return read(response, base, reader);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new CliException("interrupted");
    }
  }

  private static <T> T read(HttpResponse<InputStream> response, String base, BodyReader<T> reader) {
    try (InputStream in = response.body()) {
      if (response.statusCode() >= 400) {
        JsonNode json = parse(in.readAllBytes());
        String message =
            json != null && json.at("/error/message").isTextual()
                ? json.at("/error/message").asText()
                : "HTTP " + response.statusCode();
        throw new CliException(message + " (HTTP " + response.statusCode() + ")");
      }
      return reader.read(in);
    } catch (IOException e) {
      throw new CliException(
          "the gateway at " + base + " stopped sending its answer: " + e.getMessage());
    }
  }

  private String base(CliContext context) {
    return resolve(url, context, "TOLLGATE_URL", DEFAULT_URL);
  }

  /**
   * {@code value} as one path segment: every byte outside RFC 3986's unreserved characters is
   * percent-encoded (a space as {@code %20}, not {@code +}, which is a space only in a query), and
   * a segment of dots is encoded too, so that an id can never add, leave or climb a path level.
   */
  static String segment(String value) {
    if (value.chars().allMatch(c -> c == '.')) {
      return "%2E".repeat(value.length());
    }
    StringBuilder out = new StringBuilder(value.length());
    for (byte b : value.getBytes(StandardCharsets.UTF_8)) {
      int c = b & 0xff;
      if (c < 0x80 && (Character.isLetterOrDigit(c) || "-._~".indexOf(c) >= 0)) {
        out.append((char) c);
      } else {
        out.append('%').append(HEX.charAt(c >> 4)).append(HEX.charAt(c & 0xf));
      }
    }
    return out.toString();
  }

  /** {@code value} as a query parameter's value. */
  static String query(String value) {
    return URLEncoder.encode(value, StandardCharsets.UTF_8);
  }

  private static String resolve(String given, CliContext context, String variable, String def) {
    if (given != null && !given.isBlank()) {
      return given.strip();
    }
    String env = context.env().get(variable);
    return env != null && !env.isBlank() ? env.strip() : def;
  }

  private static String stripSlash(String s) {
    return s.endsWith("/") ? s.substring(0, s.length() - 1) : s;
  }

  private static JsonNode parse(byte[] body) {
    try {
      return JSON.readTree(body);
    } catch (IOException e) {
      return null;
    }
  }
}

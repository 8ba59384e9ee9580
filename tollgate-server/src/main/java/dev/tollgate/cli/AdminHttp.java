package dev.tollgate.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
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

  /**
   * Sends {@code method} {@code path} (under {@code /admin/v1}) with {@code body} (or none).
   *
   * @throws CliException if the gateway does not answer, or answers with an error
   */
  JsonNode call(CliContext context, String method, String path, JsonNode body) {
    String base = resolve(url, context, "TOLLGATE_URL", DEFAULT_URL);
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
    HttpResponse<String> response;
    try (HttpClient client =
        HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build()) {
      response = client.send(request, HttpResponse.BodyHandlers.ofString());
    } catch (ConnectException | HttpConnectTimeoutException e) {
      throw new CliException(
          "no Tollgate gateway is answering at " + base + " (is it running? --url/TOLLGATE_URL)");
    } catch (IOException e) {
      throw new CliException("the gateway at " + base + " did not answer: " + e.getMessage());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new CliException("interrupted");
    }
    JsonNode json = parse(response.body());
    if (response.statusCode() >= 400) {
      String message =
          json != null && json.at("/error/message").isTextual()
              ? json.at("/error/message").asText()
              : "HTTP " + response.statusCode();
      throw new CliException(message + " (HTTP " + response.statusCode() + ")");
    }
    if (json == null) {
      throw new CliException("the gateway at " + base + " answered something that is not JSON");
    }
    return json;
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

  private static JsonNode parse(String body) {
    try {
      return JSON.readTree(body);
    } catch (IOException e) {
      return null;
    }
  }
}

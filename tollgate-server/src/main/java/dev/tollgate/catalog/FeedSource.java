package dev.tollgate.catalog;

import dev.tollgate.pricing.feed.FeedRejectedException;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;

/** Reads a price feed's text from a file or an {@code http(s)} URL. */
final class FeedSource {

  private static final Duration TIMEOUT = Duration.ofSeconds(30);

  /** The largest feed fetched: LiteLLM's is about 1.5 MB; more is a wrong URL or an attack. */
  private static final int MAX_BYTES = 16 * 1024 * 1024;

  private FeedSource() {}

  /**
   * The text at {@code location}: a URL if it starts with {@code http://} or {@code https://}, else
   * a file path relative to {@code workingDir}.
   *
   * @throws FeedRejectedException naming the location and what went wrong
   */
  static String read(String location, Path workingDir) {
    if (location.startsWith("http://") || location.startsWith("https://")) {
      return fetch(location);
    }
    Path file = workingDir.resolve(location);
    try {
      return Files.readString(file, StandardCharsets.UTF_8);
    } catch (NoSuchFileException e) {
      throw new FeedRejectedException("price feed " + file + ": no such file");
    } catch (IOException e) {
      throw new FeedRejectedException("price feed " + file + ": cannot read: " + e.getMessage());
    }
  }

  /**
   * The text at an {@code http(s)} {@code url}; anything else, a file path above all, is refused:
   * the admin API fetches what a remote caller names.
   *
   * @throws FeedRejectedException naming the URL and what went wrong
   */
  static String fromUrl(String url) {
    if (!url.startsWith("http://") && !url.startsWith("https://")) {
      throw new FeedRejectedException("price feed " + url + ": only http:// and https:// URLs");
    }
    return fetch(url);
  }

  private static String fetch(String url) {
    HttpRequest request;
    try {
      request = HttpRequest.newBuilder(URI.create(url)).timeout(TIMEOUT).GET().build();
    } catch (IllegalArgumentException e) {
      throw new FeedRejectedException("price feed " + url + ": not a valid URL: " + e.getMessage());
    }
    try (HttpClient client =
        HttpClient.newBuilder()
            .connectTimeout(TIMEOUT)
            .followRedirects(HttpClient.Redirect.NORMAL)
            .build()) {
      HttpResponse<InputStream> response =
          client.send(request, HttpResponse.BodyHandlers.ofInputStream());
      try (InputStream body = response.body()) {
        if (response.statusCode() != 200) {
          throw new FeedRejectedException(
              "price feed " + url + ": HTTP " + response.statusCode() + " instead of 200");
        }
        byte[] bytes = body.readNBytes(MAX_BYTES + 1);
        if (bytes.length > MAX_BYTES) {
          throw new FeedRejectedException("price feed " + url + ": larger than 16 MiB");
        }
        return new String(bytes, StandardCharsets.UTF_8);
      }
    } catch (IOException e) {
      throw new FeedRejectedException("price feed " + url + ": cannot fetch: " + e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new FeedRejectedException("price feed " + url + ": interrupted");
    }
  }
}

package dev.tollgate.provider.http;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tollgate.config.TollgateConfig.ProviderEntry;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.RequestOptions;
import java.net.URI;
import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class UpstreamHttpTest {

  private final UpstreamHttp http =
      new UpstreamHttp(
          null,
          new ProviderEntry(
              "openai",
              "openai",
              URI.create("https://api.openai.com/v1"),
              Optional.empty(),
              Optional.empty(),
              "openai",
              Duration.ofSeconds(30)));

  @Test
  void aPostGoesWhereTheAbsoluteUriSaysAsVertxParsesIt() {
    for (String url :
        new String[] {
          "https://api.openai.com/v1/chat/completions",
          "http://127.0.0.1:8080/v1/chat/completions",
          "https://example.openai.azure.com:8443/openai/deployments/gpt-4o/chat/completions"
              + "?api-version=2024-10-21",
          "http://localhost/v1/messages",
        }) {
      RequestOptions expected =
          new RequestOptions()
              .setMethod(HttpMethod.POST)
              .setAbsoluteURI(url)
              .setConnectTimeout(10_000)
              .setIdleTimeout(30_000)
              .putHeader("content-type", "application/json")
              .putHeader("accept", "application/json");
      // Twice: the first call parses, the second answers from what the first kept.
      for (int i = 0; i < 2; i++) {
        assertThat(http.post(url, false).toJson()).as(url).isEqualTo(expected.toJson());
      }
    }
  }

  @Test
  void urlsBeyondTheKeptNumberAreStillParsedRightEachTime() {
    for (int i = 0; i < UpstreamHttp.PARSED_URLS + 10; i++) {
      String url = "https://api.example.com/v1/models/m" + i + ":generateContent?alt=sse";
      assertThat(http.target(url))
          .isEqualTo(
              new UpstreamHttp.Target(
                  "api.example.com", 443, true, "/v1/models/m" + i + ":generateContent?alt=sse"));
    }
  }
}

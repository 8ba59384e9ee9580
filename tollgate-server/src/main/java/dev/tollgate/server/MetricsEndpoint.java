package dev.tollgate.server;

import dev.tollgate.config.TollgateConfig;
import dev.tollgate.metrics.Metrics;
import io.vertx.core.Handler;
import io.vertx.core.http.HttpServerRequest;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Optional;

/**
 * {@code GET /metrics}: every meter in Prometheus's text format. Open to every scraper unless
 * {@code metrics.token} is set, then only to {@code Authorization: Bearer <token>} (401 otherwise);
 * 404 when {@code metrics.enabled} is false, as for any path that does not exist.
 */
final class MetricsEndpoint implements Handler<HttpServerRequest> {

  /** The path Prometheus scrapes. */
  static final String PATH = "/metrics";

  /** Prometheus's text exposition format. */
  static final String CONTENT_TYPE = "text/plain; version=0.0.4; charset=utf-8";

  private final Metrics metrics;
  private final Optional<byte[]> token;

  MetricsEndpoint(Metrics metrics, TollgateConfig.Metrics config) {
    this.metrics = metrics;
    this.token = config.token().map(t -> ("Bearer " + t).getBytes(StandardCharsets.UTF_8));
  }

  @Override
  public void handle(HttpServerRequest request) {
    if (!metrics.enabled()) {
      answer(
          request,
          404,
          "application/json",
          Routes.error("not_found", "metrics are disabled (metrics.enabled is false)"));
      return;
    }
    if (token.isPresent() && !authorized(request.getHeader("authorization"))) {
      request.response().putHeader("www-authenticate", "Bearer");
      answer(
          request,
          401,
          "application/json",
          Routes.error(
              "authentication_error", "GET /metrics needs Authorization: Bearer <metrics.token>"));
      return;
    }
    // The scrape walks every meter: off the event loop, so requests are not held up behind it.
    io.vertx.core.Vertx.currentContext()
        .executeBlocking(metrics::scrape, false)
        .onComplete(
            done -> {
              if (done.succeeded()) {
                answer(request, 200, CONTENT_TYPE, done.result());
              } else {
                answer(
                    request,
                    500,
                    "application/json",
                    Routes.error("server_error", "the metrics could not be read"));
              }
            });
  }

  /** Compared in constant time: the token is a secret. */
  private boolean authorized(String header) {
    return header != null
        && MessageDigest.isEqual(header.getBytes(StandardCharsets.UTF_8), token.orElseThrow());
  }

  private static void answer(HttpServerRequest request, int status, String type, String body) {
    request.response().setStatusCode(status).putHeader("content-type", type).end(body);
  }
}

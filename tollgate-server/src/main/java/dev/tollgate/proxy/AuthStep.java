package dev.tollgate.proxy;

import dev.tollgate.keys.VirtualKey;
import dev.tollgate.keys.VirtualKeys;
import io.vertx.core.Future;
import java.util.Arrays;
import java.util.List;
import java.util.OptionalLong;

/**
 * Finds the virtual key in {@code Authorization: Bearer …} or {@code x-api-key} and attributes the
 * request to its owner, the end user named in the body and the tags in {@code x-tollgate-tags}.
 */
final class AuthStep implements Interceptor {

  private final VirtualKeys keys;

  AuthStep(VirtualKeys keys) {
    this.keys = keys;
  }

  @Override
  public Future<Void> before(Exchange x) {
    String secret = secret(x);
    VirtualKey key =
        keys.authenticate(secret)
            .orElseThrow(
                () ->
                    new ProxyException(
                        401,
                        "invalid_request_error",
                        "invalid_api_key",
                        null,
                        secret == null
                            ? "No API key provided. Send a Tollgate virtual key as"
                                + " 'Authorization: Bearer tg-…' or 'x-api-key'."
                            : "Incorrect API key provided: it is not a live Tollgate virtual key.",
                        OptionalLong.empty()));
    x.key = key;
    x.who = key.attribution(x.request.user(), tags(x.headers.get("x-tollgate-tags")));
    return Future.succeededFuture();
  }

  private static String secret(Exchange x) {
    String auth = x.headers.get("authorization");
    if (auth != null && auth.regionMatches(true, 0, "Bearer ", 0, 7)) {
      return auth.substring(7).strip();
    }
    String apiKey = x.headers.get("x-api-key");
    return apiKey == null ? null : apiKey.strip();
  }

  private static List<String> tags(String header) {
    return header == null
        ? List.of()
        : Arrays.stream(header.split(",")).map(String::strip).filter(t -> !t.isEmpty()).toList();
  }
}

package dev.tollgate.proxy;

import dev.tollgate.keys.Authentication;
import dev.tollgate.keys.VirtualKey;
import dev.tollgate.keys.VirtualKeys;
import dev.tollgate.pricing.Pricer;
import dev.tollgate.pricing.Resolution;
import io.vertx.core.Future;
import java.util.Arrays;
import java.util.List;
import java.util.OptionalLong;

/**
 * Finds the virtual key in {@code Authorization: Bearer …} or {@code x-api-key} and attributes the
 * request to its owner, the end user named in the body and the tags in {@code x-tollgate-tags}. A
 * missing, unknown or revoked key is 401 {@code invalid_api_key}; an expired one 401 {@code
 * expired_api_key} naming when; a model outside the key's allowed models 403 {@code
 * model_not_allowed} naming the model and what the key may use. All of this happens before any rate
 * limit or budget is touched.
 */
final class AuthStep implements Interceptor {

  private final VirtualKeys keys;

  AuthStep(VirtualKeys keys) {
    this.keys = keys;
  }

  @Override
  public Future<Void> before(Exchange x) {
    VirtualKey key =
        switch (keys.check(secret(x))) {
          case Authentication.Live l -> l.key();
          case Authentication.Missing m ->
              throw unauthorized(
                  "invalid_api_key",
                  "No API key provided. Send a Tollgate virtual key as"
                      + " 'Authorization: Bearer tg-…' or 'x-api-key'.");
          case Authentication.Unknown u ->
              throw unauthorized(
                  "invalid_api_key",
                  "Incorrect API key provided: it is not a live Tollgate virtual key.");
          case Authentication.Expired e ->
              throw unauthorized(
                  "expired_api_key",
                  "The Tollgate virtual key '"
                      + e.key().id()
                      + "' expired at "
                      + e.at()
                      + "; ask an admin for a new key or a later expiry.");
        };
    String model = x.request.model();
    if (!model.isEmpty() && !allows(key, model, x.pricer)) {
      throw new ProxyException(
          403,
          "invalid_request_error",
          "model_not_allowed",
          "model",
          "The key '"
              + key.id()
              + "' may not use the model '"
              + model
              + "'; it may use: "
              + String.join(", ", key.limits().allowedModels())
              + ".",
          OptionalLong.empty());
    }
    x.key = key;
    x.who = key.attribution(x.request.user(), tags(x.headers.get("x-tollgate-tags")));
    return Future.succeededFuture();
  }

  /** Whether {@code key} may use {@code model}, by the name asked for or its catalog entry. */
  private static boolean allows(VirtualKey key, String model, Pricer pricer) {
    if (key.limits().allowedModels().isEmpty()) {
      return true;
    }
    return pricer.catalog().resolve(model) instanceof Resolution.Known k
        ? key.limits().allows(model, k.model().id(), k.model().provider())
        : key.limits().allows(model, null, null);
  }

  private static ProxyException unauthorized(String code, String message) {
    return new ProxyException(
        401, "invalid_request_error", code, null, message, OptionalLong.empty());
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

package dev.tollgate.provider.anthropic;

import dev.tollgate.config.TollgateConfig.ProviderEntry;
import dev.tollgate.credentials.ProviderCredentials;
import dev.tollgate.provider.MessagesProvider;
import io.vertx.core.http.HttpClient;

/** Creates providers that speak Anthropic's own Messages API to a configured base URL. */
public final class AnthropicNative {

  /** The API version Tollgate speaks, sent as {@code anthropic-version}. */
  public static final String VERSION = "2023-06-01";

  private AnthropicNative() {}

  /**
   * A provider for {@code entry}, sending its requests through {@code client}, the one pooled
   * client every upstream call shares, with the key of its variable if set, else the credential
   * {@code stored} holds for it at the time of each request.
   */
  public static MessagesProvider provider(
      HttpClient client, ProviderEntry entry, ProviderCredentials stored) {
    return new AnthropicProvider(client, entry, stored);
  }
}

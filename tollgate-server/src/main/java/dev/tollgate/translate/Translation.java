package dev.tollgate.translate;

import dev.tollgate.provider.MessagesProvider;
import dev.tollgate.provider.Provider;
import java.time.InstantSource;
import java.util.function.ToLongFunction;

/**
 * Serves one endpoint's format from an upstream of the other: an OpenAI chat client on Anthropic's
 * Messages API, and an Anthropic Messages client on an OpenAI-compatible API.
 */
public final class Translation {

  private Translation() {}

  /**
   * {@code upstream}, a Messages provider, as a chat-completions provider.
   *
   * @param defaultMaxTokens the {@code max_tokens} to send for a model when the client named none
   *     (Anthropic requires one): the output bound the gateway reserves for that model
   * @param clock what the chunks' {@code created} is read from
   */
  public static Provider chatOn(
      MessagesProvider upstream, ToLongFunction<String> defaultMaxTokens, InstantSource clock) {
    return new MessagesAsChat(upstream, defaultMaxTokens, clock);
  }

  /**
   * {@code upstream}, a chat-completions provider, as a Messages provider.
   *
   * @param boundField the output bound's name upstream: {@code max_completion_tokens} for OpenAI,
   *     {@code max_tokens} for compatible servers that know only that one
   */
  public static MessagesProvider messagesOn(Provider upstream, String boundField) {
    return new ChatAsMessages(upstream, boundField);
  }
}

package dev.tollgate.provider;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.http.HttpServerResponse;

/**
 * An upstream that serves chat completions. Implementations answer on the caller's Vert.x context
 * and never block it.
 */
public interface Provider {

  /** A short name, as the ledger records it, e.g. {@code simulated}. */
  String id();

  /**
   * Sends {@code call} upstream.
   *
   * @return the upstream's answer, whatever its status; failed only if there was no answer
   */
  Future<ProviderResponse> chat(ChatCall call);

  /**
   * Sends {@code call} upstream as a stream and hands each chunk, in OpenAI's {@code
   * chat.completion.chunk} format, to {@code chunks} as it arrives. The gateway asks for {@code
   * stream_options.include_usage} upstream, so the last chunk carries the usage.
   *
   * @return completed when the stream has ended; failed if it broke off
   */
  Future<Void> chatStream(ChatCall call, Handler<ObjectNode> chunks);

  /**
   * As {@link #chatStream(ChatCall, Handler)}, writing to {@code client}: a provider that reads a
   * real upstream pauses it while {@code client}'s write queue is full and cuts it when {@code
   * client} closes (the future then fails). A refusal before the first chunk fails the future with
   * {@link UpstreamStatusException}. By default {@code client} is not watched.
   */
  default Future<Void> chatStream(
      ChatCall call, Handler<ObjectNode> chunks, HttpServerResponse client) {
    return chatStream(call, chunks);
  }
}

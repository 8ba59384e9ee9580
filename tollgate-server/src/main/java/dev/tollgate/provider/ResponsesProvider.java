package dev.tollgate.provider;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.http.HttpServerResponse;

/**
 * An upstream that serves OpenAI's Responses API ({@code /v1/responses}). The {@link ChatCall}'s
 * body is a Responses request, with {@code model} and {@code max_output_tokens} set to what the
 * gateway decided; the answer's body is a {@code response} object. Implementations answer on the
 * caller's Vert.x context and never block it.
 */
public interface ResponsesProvider {

  /** A short name, as the ledger records it, e.g. {@code simulated}. */
  String id();

  /**
   * Whether this upstream serves the Responses API at all; the gateway refuses the endpoint for a
   * model whose provider does not, rather than sending it somewhere that answers 404.
   */
  default boolean servesResponses() {
    return true;
  }

  /**
   * Sends {@code call} upstream.
   *
   * @return the upstream's answer, whatever its status; failed only if there was no answer
   */
  Future<ProviderResponse> responses(ChatCall call);

  /**
   * Sends {@code call} upstream as a stream and hands each event's JSON data (whose {@code type} is
   * the event's name) to {@code events} as it arrives, from {@code response.created} to the
   * terminal {@code response.completed}, {@code response.incomplete} or {@code response.failed}. As
   * for chat, a real upstream is paused while {@code client}'s write queue is full and cut when
   * {@code client} closes, and a refusal before the first event fails the future with {@link
   * UpstreamStatusException}.
   *
   * @return completed when the stream has ended; failed if it broke off
   */
  Future<Void> responsesStream(
      ChatCall call, Handler<ObjectNode> events, HttpServerResponse client);
}

package dev.tollgate.provider;

import io.vertx.core.Future;

/**
 * An upstream that serves OpenAI's legacy text completions ({@code /v1/completions}) and embeddings
 * ({@code /v1/embeddings}). The {@link ChatCall}'s body is the OpenAI request of that endpoint,
 * with {@code model} and the output bound set to what the gateway decided; the answer's body is
 * OpenAI's response of that endpoint. Implementations answer on the caller's Vert.x context and
 * never block it.
 */
public interface TextProvider {

  /** A short name, as the ledger records it, e.g. {@code simulated}. */
  String id();

  /**
   * Sends a text completion upstream.
   *
   * @return the upstream's answer, whatever its status; failed only if there was no answer
   */
  Future<ProviderResponse> completions(ChatCall call);

  /**
   * Sends an embeddings request upstream.
   *
   * @return the upstream's answer, whatever its status; failed only if there was no answer
   */
  Future<ProviderResponse> embeddings(ChatCall call);
}

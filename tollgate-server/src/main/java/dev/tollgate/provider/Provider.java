package dev.tollgate.provider;

import io.vertx.core.Future;

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
}

package dev.tollgate.provider;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.http.HttpServerResponse;
import java.util.Optional;

/**
 * An upstream that serves Anthropic's Messages API. The {@link ChatCall}'s body is an Anthropic
 * Messages request (with {@code model} and {@code max_tokens} set to what the gateway decided), and
 * the answer's body an Anthropic message. Implementations answer on the caller's Vert.x context and
 * never block it.
 */
public interface MessagesProvider {

  /**
   * Where the Messages endpoint leaves the client's {@code anthropic-beta} header in the call's
   * body, for a provider that speaks to Anthropic to send as that header again; such a provider
   * takes it out of the body it sends, and a translating one drops it.
   */
  String BETA_FIELD = "x_tollgate_anthropic_beta";

  /** A short name, as the ledger records it, e.g. {@code simulated}. */
  String id();

  /**
   * Sends {@code call} upstream.
   *
   * @return the upstream's answer, whatever its status; failed only if there was no answer
   */
  Future<ProviderResponse> messages(ChatCall call);

  /**
   * Sends {@code call} upstream as a stream and hands each server-sent event to {@code events} as
   * it arrives, from {@code message_start} to {@code message_stop}.
   *
   * @return completed when the stream has ended; failed if it broke off
   */
  Future<Void> messagesStream(ChatCall call, Handler<Event> events);

  /**
   * As {@link #messagesStream(ChatCall, Handler)}, writing to {@code client}: a provider that reads
   * a real upstream pauses it while {@code client}'s write queue is full and cuts it when {@code
   * client} closes (the future then fails). A refusal before the first event fails the future with
   * {@link UpstreamStatusException}. By default {@code client} is not watched.
   */
  default Future<Void> messagesStream(
      ChatCall call, Handler<Event> events, HttpServerResponse client) {
    return messagesStream(call, events);
  }

  /**
   * Asks the upstream to count the input tokens of {@code call}, a {@code count_tokens} request.
   *
   * @return the upstream's answer, whatever its status (failed only if there was no answer); empty
   *     when this provider has no counting endpoint, and the gateway estimates the count instead
   */
  default Optional<Future<ProviderResponse>> countTokens(ChatCall call) {
    return Optional.empty();
  }

  /**
   * One server-sent event of a Messages stream.
   *
   * @param name the SSE {@code event:} name, e.g. {@code content_block_delta}
   * @param data its JSON {@code data:}, whose {@code type} is the same name
   */
  record Event(String name, ObjectNode data) {

    /** An event whose name is its data's {@code type}. */
    public static Event of(ObjectNode data) {
      return new Event(data.path("type").asText(), data);
    }

    /** The event as written on the wire. */
    public String wire() {
      return "event: " + name + "\ndata: " + data + "\n\n";
    }
  }
}

package dev.tollgate.provider.http;

import dev.tollgate.provider.http.UpstreamHttp.SseEvent;
import io.vertx.core.buffer.Buffer;
import java.util.Optional;
import java.util.function.BiFunction;

/**
 * Reads server-sent events line by line, as the SSE specification does: {@code event:} and {@code
 * data:} fields build an event (several data lines are joined by newlines), a blank line dispatches
 * it, and comments ({@code :}) and other fields are skipped. An event still open when the stream
 * ends is dispatched too, for upstreams that omit the last blank line. Not thread-safe: one reader
 * per stream.
 */
final class SseReader {

  private final BiFunction<String, String, SseEvent> parse;
  private String name = "";
  private StringBuilder data;

  /** A reader that makes each event with {@code parse} (name, data), null to drop it. */
  SseReader(BiFunction<String, String, SseEvent> parse) {
    this.parse = parse;
  }

  /** Takes one line (without its {@code \n}); returns the event a blank line completes. */
  Optional<SseEvent> line(Buffer line) {
    int end = line.length();
    if (end > 0 && line.getByte(end - 1) == '\r') {
      end--;
    }
    if (end == 0) {
      return dispatch();
    }
    String text = line.getString(0, end);
    int colon = text.indexOf(':');
    if (colon == 0) {
      return Optional.empty();
    }
    String field = colon < 0 ? text : text.substring(0, colon);
    String value = colon < 0 ? "" : text.substring(colon + 1);
    if (value.startsWith(" ")) {
      value = value.substring(1);
    }
    switch (field) {
      case "event" -> name = value.strip();
      case "data" -> {
        if (data == null) {
          data = new StringBuilder(value);
        } else {
          data.append('\n').append(value);
        }
      }
      default -> {
        // id:, retry: and unknown fields carry nothing the gateway needs.
      }
    }
    return Optional.empty();
  }

  /** The event still open at the end of the stream, if any. */
  Optional<SseEvent> end() {
    return dispatch();
  }

  private Optional<SseEvent> dispatch() {
    if (data == null) {
      name = "";
      return Optional.empty();
    }
    String text = data.toString().strip();
    String event = name;
    data = null;
    name = "";
    return Optional.ofNullable(parse.apply(event, text));
  }
}

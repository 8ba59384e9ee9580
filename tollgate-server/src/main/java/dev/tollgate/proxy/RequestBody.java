package dev.tollgate.proxy;

import dev.tollgate.proxy.openai.OpenAiCodec;
import io.vertx.core.Handler;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.http.HttpVersion;
import java.util.OptionalLong;

/**
 * Reads a request's whole body, at most {@link OpenAiCodec#MAX_BODY_BYTES} (or a limit of the
 * caller's), for every endpoint: a body above the limit is answered 413 (in the endpoint's own
 * error format) as soon as it is known to be too large, and the rest of it is ignored.
 */
public final class RequestBody {

  private RequestBody() {}

  /** The 413 to answer with, before it is put in an endpoint's error format. */
  static ProxyException tooLarge(String type, String code) {
    return new ProxyException(
        413,
        type,
        code,
        null,
        "The request body is larger than " + OpenAiCodec.MAX_BODY_BYTES + " bytes.",
        OptionalLong.empty());
  }

  /**
   * Collects the body and hands it to {@code then}; past the limit answers {@code tooLargeJson}
   * with status 413 instead.
   */
  static void collect(HttpServerRequest request, String tooLargeJson, Handler<byte[]> then) {
    collect(request, OpenAiCodec.MAX_BODY_BYTES, tooLargeJson, then);
  }

  /**
   * Collects at most {@code max} bytes of body and hands them to {@code then}; past the limit
   * answers {@code tooLargeJson} with status 413 instead.
   */
  public static void collect(
      HttpServerRequest request, long max, String tooLargeJson, Handler<byte[]> then) {
    String length = request.getHeader("content-length");
    if (length != null && parses(length) > max) {
      answerTooLarge(request, tooLargeJson);
      return;
    }
    Buffer body = Buffer.buffer();
    boolean[] over = {false};
    request.handler(
        chunk -> {
          if (over[0]) {
            return;
          }
          if (body.length() + chunk.length() > max) {
            over[0] = true;
            answerTooLarge(request, tooLargeJson);
            return;
          }
          body.appendBuffer(chunk);
        });
    request.endHandler(
        v -> {
          if (!over[0]) {
            then.handle(body.getBytes());
          }
        });
  }

  private static void answerTooLarge(HttpServerRequest request, String json) {
    HttpServerResponse response =
        request.response().setStatusCode(413).putHeader("content-type", "application/json");
    // HTTP/1.1: close, so the rest of the oversized body is not read. HTTP/2 forbids the header
    // (a client rejects the whole response for it) and ends just the stream instead.
    if (request.version() != HttpVersion.HTTP_2) {
      response.putHeader("connection", "close");
    }
    response.end(json);
  }

  private static long parses(String number) {
    try {
      return Long.parseLong(number.strip());
    } catch (NumberFormatException e) {
      return 0;
    }
  }
}

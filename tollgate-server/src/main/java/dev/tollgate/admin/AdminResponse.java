package dev.tollgate.admin;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.Writer;

/**
 * What a handler answers: a status and a JSON body, or a body streamed in {@code contentType} by
 * {@code stream} (an export too large to hold in memory).
 */
record AdminResponse(int status, JsonNode body, String contentType, Streamer stream) {

  /** Writes a streamed body; runs on a worker thread of its own, after the status was sent. */
  @FunctionalInterface
  interface Streamer {
    void writeTo(Writer out) throws IOException;
  }

  AdminResponse(int status, JsonNode body) {
    this(status, body, "application/json", null);
  }

  static AdminResponse ok(JsonNode body) {
    return new AdminResponse(200, body);
  }

  static AdminResponse created(JsonNode body) {
    return new AdminResponse(201, body);
  }

  /** 200 with a body that {@code stream} writes as it reads. */
  static AdminResponse streamed(String contentType, Streamer stream) {
    return new AdminResponse(200, null, contentType, stream);
  }
}

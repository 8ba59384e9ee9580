package dev.tollgate.admin;

import com.fasterxml.jackson.databind.JsonNode;

/** What a handler answers: a status and a JSON body. */
record AdminResponse(int status, JsonNode body) {

  static AdminResponse ok(JsonNode body) {
    return new AdminResponse(200, body);
  }

  static AdminResponse created(JsonNode body) {
    return new AdminResponse(201, body);
  }
}

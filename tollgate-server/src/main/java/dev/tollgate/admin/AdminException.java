package dev.tollgate.admin;

/**
 * An admin request answered with an error: the status, a machine-readable code, the field at fault
 * (or null) and a message that names it and says why. No stack trace: it is an answer.
 */
final class AdminException extends RuntimeException {

  final int status;
  final String code;
  final String param;

  AdminException(int status, String code, String param, String message) {
    super(message, null, false, false);
    this.status = status;
    this.code = code;
    this.param = param;
  }

  /** 400: {@code field} is wrong, for {@code reason}. */
  static AdminException invalid(String field, String reason) {
    return new AdminException(400, "invalid_field", field, field + ": " + reason);
  }

  /** 404: there is no {@code what}. */
  static AdminException notFound(String what) {
    return new AdminException(404, "not_found", null, what + " does not exist");
  }

  /** The error type, as OpenAI names its families. */
  String type() {
    return switch (status) {
      case 401 -> "authentication_error";
      case 403 -> "permission_error";
      case 404 -> "not_found_error";
      case 409 -> "conflict_error";
      default -> status >= 500 ? "server_error" : "invalid_request_error";
    };
  }
}

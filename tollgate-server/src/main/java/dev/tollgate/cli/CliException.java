package dev.tollgate.cli;

/** A command's own expected failure: its message is all the operator needs to read. */
final class CliException extends RuntimeException {
  CliException(String message) {
    super(message, null, false, false);
  }
}

package dev.tollgate.config;

import java.math.BigDecimal;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * One raw setting and where it came from, parsed on demand into the type its key needs. Every parse
 * failure is a {@link ConfigException} whose message starts with the origin, so the operator sees
 * which file and field, or which environment variable, to fix.
 *
 * @param origin where the text came from: {@code tollgate.yaml: server.port}, {@code
 *     TOLLGATE_PORT}, or {@code default server.port}
 * @param text the value as written
 */
record Setting(String origin, String text) {

  /** The setting from {@code key}'s default, which is always valid. */
  static Setting defaultOf(ConfigKey key) {
    return new Setting("default " + key.path(), key.defaultText().orElseThrow());
  }

  /** A TCP port, 1 to 65535. */
  int asPort() {
    final long port;
    try {
      port = Long.parseLong(text.trim());
    } catch (NumberFormatException e) {
      throw fail("must be an integer between 1 and 65535, got " + quoted());
    }
    if (port < 1 || port > 65_535) {
      throw fail("must be between 1 and 65535, got " + port);
    }
    return (int) port;
  }

  /** {@code true} or {@code false}, in any case. */
  boolean asBoolean() {
    String value = text.trim().toLowerCase(Locale.ROOT);
    if (!value.equals("true") && !value.equals("false")) {
      throw fail("must be true or false, got " + quoted());
    }
    return value.equals("true");
  }

  /**
   * A bearer token: at least 16 characters, none of them whitespace (an HTTP header cannot carry a
   * line break, and a short token is guessed).
   */
  String asToken() {
    if (text.length() < 16 || text.chars().anyMatch(Character::isWhitespace)) {
      throw fail(
          "must be at least 16 characters without spaces, got " + text.length() + " characters");
    }
    return text;
  }

  /** A host name or IP address to bind; only its form is checked here, not that it resolves. */
  String asHost() {
    String host = text.trim();
    if (host.isEmpty() || host.chars().anyMatch(Character::isWhitespace)) {
      throw fail("must be a host name or IP address, got " + quoted());
    }
    return host;
  }

  /** A directory path, made absolute against {@code workingDir}. */
  Path asDirectory(Path workingDir) {
    if (text.isBlank()) {
      throw fail("must be a directory path, got " + quoted());
    }
    try {
      return workingDir.resolve(text.trim()).normalize().toAbsolutePath();
    } catch (InvalidPathException e) {
      throw fail("is not a valid path: " + e.getReason() + ", got " + quoted());
    }
  }

  /** A file path, made absolute against {@code workingDir}; whether it exists is checked later. */
  Path asFile(Path workingDir) {
    if (text.isBlank()) {
      throw fail("must be a file path, got " + quoted());
    }
    return asDirectory(workingDir);
  }

  /** One of {@code type}'s constants, written in lower case (accepted in any case). */
  <E extends Enum<E>> E asEnum(Class<E> type) {
    String wanted = text.trim().toUpperCase(Locale.ROOT);
    for (E constant : type.getEnumConstants()) {
      if (constant.name().equals(wanted)) {
        return constant;
      }
    }
    String allowed =
        Arrays.stream(type.getEnumConstants())
            .map(c -> c.name().toLowerCase(Locale.ROOT))
            .collect(Collectors.joining(", "));
    throw fail("must be one of " + allowed + ", got " + quoted());
  }

  /** A decimal number above zero, exact: the text is parsed as a {@link BigDecimal}. */
  BigDecimal asPositiveDecimal(String meaning) {
    final BigDecimal value;
    try {
      value = new BigDecimal(text.trim());
    } catch (NumberFormatException e) {
      throw fail("must be a positive decimal number (" + meaning + "), got " + quoted());
    }
    if (value.signum() <= 0) {
      throw fail("must be a positive decimal number (" + meaning + "), got " + quoted());
    }
    return value;
  }

  /** A time zone id such as {@code UTC} or {@code Europe/Berlin}. */
  java.time.ZoneId asZone() {
    try {
      return java.time.ZoneId.of(text.trim());
    } catch (java.time.DateTimeException e) {
      throw fail("must be a time zone such as UTC or Europe/Berlin, got " + quoted());
    }
  }

  /** A whole number from {@code min} to {@code max}; a trailing {@code %} is allowed. */
  int asInt(int min, int max, String meaning) {
    String t = text.trim();
    if (t.endsWith("%")) {
      t = t.substring(0, t.length() - 1).trim();
    }
    try {
      int value = Integer.parseInt(t);
      if (value >= min && value <= max) {
        return value;
      }
    } catch (NumberFormatException e) {
      // fall through to the message
    }
    throw fail(
        "must be a whole number from "
            + min
            + " to "
            + max
            + " ("
            + meaning
            + "), got "
            + quoted());
  }

  /** A whole number from {@code min} to {@code max}, as a {@code long}. */
  long asLong(long min, long max, String meaning) {
    try {
      long value = Long.parseLong(text.trim());
      if (value >= min && value <= max) {
        return value;
      }
    } catch (NumberFormatException e) {
      // fall through to the message
    }
    throw fail(
        "must be a whole number from "
            + min
            + " to "
            + max
            + " ("
            + meaning
            + "), got "
            + quoted());
  }

  private String quoted() {
    return "'" + text + "'";
  }

  private ConfigException fail(String problem) {
    return new ConfigException(origin + ": " + problem);
  }
}

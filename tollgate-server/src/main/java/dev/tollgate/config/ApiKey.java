package dev.tollgate.config;

import java.util.Objects;

/**
 * A provider's API key, read from the environment variable the configuration names. It never prints
 * itself: {@link #toString()} says which variable it came from, so a key cannot reach a log line or
 * an exception message by accident.
 */
public final class ApiKey {

  private final String variable;
  private final String value;

  ApiKey(String variable, String value) {
    this.variable = Objects.requireNonNull(variable, "variable");
    this.value = Objects.requireNonNull(value, "value");
  }

  /** The secret itself, for the {@code Authorization} header and nothing else. */
  public String reveal() {
    return value;
  }

  /** The environment variable the key came from. */
  public String variable() {
    return variable;
  }

  @Override
  public String toString() {
    return "ApiKey[$" + variable + ", redacted]";
  }
}

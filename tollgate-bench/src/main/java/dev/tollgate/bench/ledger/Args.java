package dev.tollgate.bench.ledger;

import java.util.HashMap;
import java.util.Map;

/** {@code --name value} arguments; an unknown or repeated name is an error. */
final class Args {

  private final Map<String, String> values = new HashMap<>();

  Args(String[] args) {
    for (int i = 0; i < args.length; i += 2) {
      if (!args[i].startsWith("--") || i + 1 >= args.length) {
        throw new IllegalArgumentException("expected --name value, got " + args[i]);
      }
      if (values.put(args[i].substring(2), args[i + 1]) != null) {
        throw new IllegalArgumentException(args[i] + " given twice");
      }
    }
  }

  /** The value of {@code --name}, or {@code fallback}; each name is taken once. */
  String get(String name, String fallback) {
    String v = values.remove(name);
    return v == null ? fallback : v;
  }

  /** Fails on any argument not taken. */
  void done() {
    if (!values.isEmpty()) {
      throw new IllegalArgumentException(
          "unknown arguments: --" + String.join(", --", values.keySet()));
    }
  }
}

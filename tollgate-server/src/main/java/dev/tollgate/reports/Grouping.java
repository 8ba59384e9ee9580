package dev.tollgate.reports;

import java.util.Arrays;
import java.util.Optional;

/** What a usage report can group and filter by; {@link #TAG} counts an event once per tag. */
public enum Grouping {
  KEY("key", "\"key\""),
  USER("user", "\"user\""),
  END_USER("end_user", "end_user"),
  TEAM("team", "team"),
  PROJECT("project", "project"),
  SERVICE("service", "service"),
  TAG("tag", "tag"),
  PROVIDER("provider", "provider"),
  MODEL("model", "model");

  private final String wire;
  private final String column;

  Grouping(String wire, String column) {
    this.wire = wire;
    this.column = column;
  }

  /** The name in queries and answers, e.g. {@code end_user}. */
  public String wire() {
    return wire;
  }

  /** The rollup column (quoted where SQL needs it). */
  public String column() {
    return column;
  }

  /** The grouping named {@code name} ({@code end-user} and {@code enduser} are accepted too). */
  public static Optional<Grouping> parse(String name) {
    String n = name.strip().toLowerCase(java.util.Locale.ROOT).replace('-', '_');
    if (n.equals("enduser")) {
      n = "end_user";
    }
    String wanted = n;
    return Arrays.stream(values()).filter(g -> g.wire.equals(wanted)).findFirst();
  }
}

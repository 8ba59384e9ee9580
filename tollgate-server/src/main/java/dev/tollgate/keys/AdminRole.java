package dev.tollgate.keys;

import java.util.Arrays;
import java.util.Optional;

/** What an admin credential may do. */
public enum AdminRole {
  /** Everything. The master key and the stored admin keys have this role. */
  ADMIN("admin"),
  /** Reads everything, changes nothing. */
  FINANCE("finance"),
  /** Sees and manages only its own team's keys, budgets and spend. */
  TEAM_MANAGER("team-manager");

  private final String wire;

  AdminRole(String wire) {
    this.wire = wire;
  }

  /** The role's name in JSON, the CLI and the store. */
  public String wire() {
    return wire;
  }

  /** The role named {@code wire}, if there is one. */
  public static Optional<AdminRole> parse(String wire) {
    return Arrays.stream(values()).filter(r -> r.wire.equals(wire)).findFirst();
  }
}

package dev.tollgate.admin;

import dev.tollgate.keys.AdminRole;
import java.util.EnumSet;
import java.util.Set;

/**
 * Who may call an admin route, declared where the route is registered. A route open to
 * team-managers must also scope what it reads or changes to the manager's team ({@link
 * Principal#sees}); the router checks the role, the resource checks the team.
 */
public enum Access {
  /** Reads open to every role; a team-manager sees only its own team's part. */
  READ(EnumSet.allOf(AdminRole.class)),
  /** Reads of data that belongs to no team (the audit log, providers): admin and finance. */
  READ_ALL(EnumSet.of(AdminRole.ADMIN, AdminRole.FINANCE)),
  /** Changes: admin, and a team-manager within its own team. Finance changes nothing. */
  WRITE(EnumSet.of(AdminRole.ADMIN, AdminRole.TEAM_MANAGER)),
  /** Admin only: tokens, provider credentials, anything not scoped to a team. */
  ADMIN_ONLY(EnumSet.of(AdminRole.ADMIN));

  private final Set<AdminRole> roles;

  Access(Set<AdminRole> roles) {
    this.roles = Set.copyOf(roles);
  }

  /** Whether {@code role} may call a route with this access. */
  public boolean allows(AdminRole role) {
    return roles.contains(role);
  }

  /** The roles allowed, in declaration order. */
  public java.util.List<AdminRole> roles() {
    return EnumSet.copyOf(roles).stream().toList();
  }
}

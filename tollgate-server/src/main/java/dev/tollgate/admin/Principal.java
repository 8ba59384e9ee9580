package dev.tollgate.admin;

import dev.tollgate.audit.Audit;
import dev.tollgate.keys.AdminRole;
import java.util.Objects;

/**
 * Who is calling the admin API: the role, the team of a team-manager (empty otherwise), the
 * credential ({@code master} for TOLLGATE_ADMIN_KEY, {@code admin-key:<id>} for a stored admin key,
 * {@code token:<id>} for an admin token) and the client's address.
 */
record Principal(AdminRole role, String team, String tokenId, String remote) {

  Principal {
    Objects.requireNonNull(role, "role");
    team = Objects.requireNonNullElse(team, "");
    Objects.requireNonNull(tokenId, "tokenId");
    remote = Objects.requireNonNullElse(remote, "");
  }

  /** Whether this caller may see or change what belongs to {@code team}. */
  boolean sees(String team) {
    return role != AdminRole.TEAM_MANAGER || this.team.equals(team);
  }

  /** Whether this caller is limited to one team. */
  boolean scoped() {
    return role == AdminRole.TEAM_MANAGER;
  }

  /** This caller as the audit log names it. */
  Audit.Actor actor() {
    return new Audit.Actor(tokenId, role.wire(), remote);
  }
}

package dev.tollgate.keys;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * A scoped admin token as stored: the SHA-256 of its secret, never the secret.
 *
 * @param id a stable id, {@code tok-…}
 * @param hash the SHA-256 of the secret, lower-case hex
 * @param prefix the secret's first characters, to tell tokens apart
 * @param name what it is for, free text
 * @param role what it may do
 * @param team the team a team-manager manages; empty for the other roles
 * @param created when it was created
 * @param revoked when it was revoked, if it was
 */
public record AdminToken(
    String id,
    String hash,
    String prefix,
    String name,
    AdminRole role,
    String team,
    Instant created,
    Optional<Instant> revoked) {

  public AdminToken {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(hash, "hash");
    Objects.requireNonNull(prefix, "prefix");
    name = Objects.requireNonNullElse(name, "");
    Objects.requireNonNull(role, "role");
    team = Objects.requireNonNullElse(team, "");
    Objects.requireNonNull(created, "created");
    Objects.requireNonNull(revoked, "revoked");
  }

  /** Whether it has been revoked. */
  public boolean isRevoked() {
    return revoked.isPresent();
  }
}

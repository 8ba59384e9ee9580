package dev.tollgate.keys;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * A key of the admin API as stored: the SHA-256 of its secret and its first characters.
 *
 * @param id a stable id, e.g. {@code admin}
 * @param hash the SHA-256 of the secret, lower-case hex
 * @param prefix the secret's first characters
 * @param created when it was created
 * @param revoked when it was revoked, if it was
 */
public record AdminKey(
    String id, String hash, String prefix, Instant created, Optional<Instant> revoked) {

  public AdminKey {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(hash, "hash");
    Objects.requireNonNull(prefix, "prefix");
    Objects.requireNonNull(created, "created");
    Objects.requireNonNull(revoked, "revoked");
  }
}

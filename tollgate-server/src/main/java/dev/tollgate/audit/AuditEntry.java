package dev.tollgate.audit;

import java.util.Objects;

/**
 * One row of the audit log, as stored.
 *
 * @param seq its position, 1 for the first row, without gaps
 * @param at when the change was made, an ISO-8601 instant
 * @param actor who made it: the admin token's id, {@code master} for TOLLGATE_ADMIN_KEY, or the
 *     stored admin key's id
 * @param role the actor's role
 * @param remote the client's address
 * @param action what was done, e.g. {@code key.create}
 * @param target what it was done to, e.g. {@code key:team-a-1}
 * @param before the JSON of the target before, or null when it did not exist
 * @param after the JSON of the target after, or null when it no longer exists
 * @param prevHash the previous row's hash; 64 zeros for the first row
 * @param hash the SHA-256 of this row's canonical encoding ({@link AuditChain#hash})
 */
public record AuditEntry(
    long seq,
    String at,
    String actor,
    String role,
    String remote,
    String action,
    String target,
    String before,
    String after,
    String prevHash,
    String hash) {

  public AuditEntry {
    Objects.requireNonNull(at, "at");
    Objects.requireNonNull(actor, "actor");
    Objects.requireNonNull(role, "role");
    Objects.requireNonNull(remote, "remote");
    Objects.requireNonNull(action, "action");
    Objects.requireNonNull(target, "target");
    Objects.requireNonNull(prevHash, "prevHash");
    Objects.requireNonNull(hash, "hash");
  }
}

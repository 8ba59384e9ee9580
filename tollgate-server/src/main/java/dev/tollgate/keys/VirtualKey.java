package dev.tollgate.keys;

import dev.tollgate.ledger.Attribution;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * A virtual key as stored: never its secret, only the secret's SHA-256 and first characters.
 *
 * @param id a stable id, e.g. {@code demo}; what the ledger records as the key
 * @param hash the SHA-256 of the secret, lower-case hex
 * @param prefix the secret's first characters, for people to tell keys apart
 * @param name a label
 * @param user the owner's user, if any
 * @param team the owner's team, if any
 * @param project the owner's project, if any
 * @param service the owner's service, if any
 * @param tags tags every request with this key carries
 * @param created when it was created
 * @param revoked when it was revoked, if it was
 * @param limits what it may do: models, rate limits, expiry, cache, budgets
 */
public record VirtualKey(
    String id,
    String hash,
    String prefix,
    String name,
    String user,
    String team,
    String project,
    String service,
    List<String> tags,
    Instant created,
    Optional<Instant> revoked,
    KeyLimits limits) {

  public VirtualKey {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(hash, "hash");
    prefix = Objects.requireNonNullElse(prefix, "");
    name = Objects.requireNonNullElse(name, "");
    user = Objects.requireNonNullElse(user, "");
    team = Objects.requireNonNullElse(team, "");
    project = Objects.requireNonNullElse(project, "");
    service = Objects.requireNonNullElse(service, "");
    tags = tags == null ? List.of() : List.copyOf(tags);
    Objects.requireNonNull(created, "created");
    Objects.requireNonNull(revoked, "revoked");
    limits = limits == null ? KeyLimits.none() : limits;
  }

  /** A key with no limits of its own. */
  public VirtualKey(
      String id,
      String hash,
      String prefix,
      String name,
      String user,
      String team,
      String project,
      String service,
      List<String> tags,
      Instant created,
      Optional<Instant> revoked) {
    this(
        id,
        hash,
        prefix,
        name,
        user,
        team,
        project,
        service,
        tags,
        created,
        revoked,
        KeyLimits.none());
  }

  /** Whether its requests may be answered from the response cache (off unless set). */
  public boolean responseCache() {
    return limits.responseCache();
  }

  /** The same key with {@code limits} instead. */
  public VirtualKey withLimits(KeyLimits limits) {
    return new VirtualKey(
        id, hash, prefix, name, user, team, project, service, tags, created, revoked, limits);
  }

  /** The same key with a new secret's {@code hash} and {@code prefix}. */
  public VirtualKey withSecret(String hash, String prefix) {
    return new VirtualKey(
        id, hash, prefix, name, user, team, project, service, tags, created, revoked, limits);
  }

  /** The same key, revoked at {@code at}. */
  public VirtualKey revokedAt(Instant at) {
    return new VirtualKey(
        id,
        hash,
        prefix,
        name,
        user,
        team,
        project,
        service,
        tags,
        created,
        Optional.of(at),
        limits);
  }

  /** Whether requests with this key are refused. */
  public boolean isRevoked() {
    return revoked.isPresent();
  }

  /**
   * Who a request made with this key is attributed to: the key's owner fields, plus the end user
   * the client named and the tags it sent on top of the key's own.
   */
  public Attribution attribution(String endUser, List<String> requestTags) {
    List<String> all = requestTags.isEmpty() ? tags : concat(tags, requestTags);
    return new Attribution(id, user, endUser, team, project, service, all);
  }

  private static List<String> concat(List<String> a, List<String> b) {
    return java.util.stream.Stream.concat(a.stream(), b.stream()).toList();
  }
}

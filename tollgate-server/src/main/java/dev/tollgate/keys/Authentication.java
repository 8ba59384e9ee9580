package dev.tollgate.keys;

import java.time.Instant;

/** What {@link VirtualKeys#check} found for a secret. */
public sealed interface Authentication {

  /** No secret was sent. */
  record Missing() implements Authentication {}

  /** The secret is not a key's, or its key was revoked (the two are not told apart). */
  record Unknown() implements Authentication {}

  /** The key expired at {@code at}. */
  record Expired(VirtualKey key, Instant at) implements Authentication {}

  /** A live key. */
  record Live(VirtualKey key) implements Authentication {}
}

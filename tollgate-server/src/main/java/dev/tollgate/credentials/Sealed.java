package dev.tollgate.credentials;

import java.time.Instant;
import java.util.Objects;

/**
 * A provider credential as stored: AES-256-GCM ciphertext (with its tag) under a 96-bit nonce, with
 * the provider's name as associated data, and the key's last four characters for people to
 * recognise it by.
 */
public record Sealed(
    String provider, byte[] nonce, byte[] ciphertext, String last4, Instant updated) {

  public Sealed {
    Objects.requireNonNull(provider, "provider");
    Objects.requireNonNull(nonce, "nonce");
    Objects.requireNonNull(ciphertext, "ciphertext");
    Objects.requireNonNull(last4, "last4");
    Objects.requireNonNull(updated, "updated");
  }

  @Override
  public String toString() {
    return "Sealed[" + provider + ", …" + last4 + ", " + updated + "]";
  }
}

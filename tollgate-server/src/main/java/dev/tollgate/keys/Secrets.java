package dev.tollgate.keys;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.HexFormat;

/** New secrets and their hashes: the one place key material is made. */
final class Secrets {

  /** Random characters after the prefix: 24 bytes of SecureRandom, base64url, 192 bits. */
  private static final int RANDOM_BYTES = 24;

  private static final SecureRandom RANDOM = new SecureRandom();

  private static final HexFormat HEX = HexFormat.of();

  /**
   * One digest per thread: every proxied request hashes its key, and {@code
   * MessageDigest.getInstance} looks the algorithm up among the security providers each time (1.9%
   * of the event loops' samples at saturation, docs/BENCHMARKS.md).
   */
  private static final ThreadLocal<MessageDigest> SHA256 =
      ThreadLocal.withInitial(
          () -> {
            try {
              return MessageDigest.getInstance("SHA-256");
            } catch (NoSuchAlgorithmException e) {
              throw new IllegalStateException("every JDK has SHA-256", e);
            }
          });

  private Secrets() {}

  /** A new secret: {@code prefix} and 32 url-safe random characters. */
  static String newSecret(String prefix) {
    byte[] bytes = new byte[RANDOM_BYTES];
    RANDOM.nextBytes(bytes);
    return prefix + Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
  }

  /** The SHA-256 of {@code secret}'s UTF-8 bytes, lower-case hex. */
  static String hash(String secret) {
    // digest() resets the digest, so the next call on this thread starts clean.
    return HEX.formatHex(SHA256.get().digest(secret.getBytes(StandardCharsets.UTF_8)));
  }

  /** Whether two hashes are equal, in time independent of where they differ. */
  static boolean sameHash(String a, String b) {
    return MessageDigest.isEqual(
        a.getBytes(StandardCharsets.US_ASCII), b.getBytes(StandardCharsets.US_ASCII));
  }
}

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

  private Secrets() {}

  /** A new secret: {@code prefix} and 32 url-safe random characters. */
  static String newSecret(String prefix) {
    byte[] bytes = new byte[RANDOM_BYTES];
    RANDOM.nextBytes(bytes);
    return prefix + Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
  }

  /** The SHA-256 of {@code secret}'s UTF-8 bytes, lower-case hex. */
  static String hash(String secret) {
    try {
      MessageDigest sha = MessageDigest.getInstance("SHA-256");
      return HexFormat.of().formatHex(sha.digest(secret.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every JDK has SHA-256", e);
    }
  }

  /** Whether two hashes are equal, in time independent of where they differ. */
  static boolean sameHash(String a, String b) {
    return MessageDigest.isEqual(
        a.getBytes(StandardCharsets.US_ASCII), b.getBytes(StandardCharsets.US_ASCII));
  }
}

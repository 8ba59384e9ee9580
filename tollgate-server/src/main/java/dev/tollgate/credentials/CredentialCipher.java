package dev.tollgate.credentials;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import javax.crypto.Cipher;
import javax.crypto.Mac;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * AES-256-GCM under a key derived from {@code TOLLGATE_MASTER_KEY}: HMAC-SHA256 of a fixed label
 * keyed by the master key (HKDF's expand step with one block), so the master key itself never
 * touches a cipher and a later purpose can derive a key of its own. Each seal draws a fresh 96-bit
 * random nonce; the provider's name is the associated data, so a ciphertext moved to another
 * provider's row fails to open.
 */
final class CredentialCipher {

  /** Characters the master key must have at least: 128 bits if random base64. */
  static final int MIN_MASTER_LENGTH = 22;

  private static final byte[] LABEL =
      "tollgate/provider-credentials/v1\u0001".getBytes(StandardCharsets.UTF_8);
  private static final int NONCE_BYTES = 12;
  private static final int TAG_BITS = 128;
  private static final SecureRandom RANDOM = new SecureRandom();

  private final SecretKeySpec key;

  private CredentialCipher(SecretKeySpec key) {
    this.key = key;
  }

  /**
   * A cipher under {@code master}.
   *
   * @throws IllegalArgumentException if it is shorter than {@value #MIN_MASTER_LENGTH} characters
   */
  static CredentialCipher of(String master) {
    if (master.length() < MIN_MASTER_LENGTH) {
      throw new IllegalArgumentException(
          "TOLLGATE_MASTER_KEY must be at least "
              + MIN_MASTER_LENGTH
              + " characters (e.g. the output of 'openssl rand -base64 32'), got "
              + master.length());
    }
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(master.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
      return new CredentialCipher(new SecretKeySpec(mac.doFinal(LABEL), "AES"));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("every JDK has HmacSHA256", e);
    }
  }

  /**
   * Seals {@code plaintext} for {@code provider}: a fresh nonce and the ciphertext with its tag.
   */
  byte[][] seal(String provider, String plaintext) {
    byte[] nonce = new byte[NONCE_BYTES];
    RANDOM.nextBytes(nonce);
    try {
      Cipher c = cipher(Cipher.ENCRYPT_MODE, nonce, provider);
      return new byte[][] {nonce, c.doFinal(plaintext.getBytes(StandardCharsets.UTF_8))};
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("AES-GCM failed to encrypt", e);
    }
  }

  /**
   * Opens {@code sealed}.
   *
   * @throws IllegalArgumentException if it was sealed under another master key, for another
   *     provider, or altered
   */
  String open(Sealed sealed) {
    try {
      Cipher c = cipher(Cipher.DECRYPT_MODE, sealed.nonce(), sealed.provider());
      return new String(c.doFinal(sealed.ciphertext()), StandardCharsets.UTF_8);
    } catch (GeneralSecurityException e) {
      throw new IllegalArgumentException(
          "the stored credential of provider '"
              + sealed.provider()
              + "' does not open with this TOLLGATE_MASTER_KEY (another master key, or altered)");
    }
  }

  private Cipher cipher(int mode, byte[] nonce, String provider) throws GeneralSecurityException {
    Cipher c = Cipher.getInstance("AES/GCM/NoPadding");
    c.init(mode, key, new GCMParameterSpec(TAG_BITS, nonce));
    c.updateAAD(provider.getBytes(StandardCharsets.UTF_8));
    return c;
  }
}

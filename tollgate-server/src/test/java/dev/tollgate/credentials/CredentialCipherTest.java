package dev.tollgate.credentials;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import java.time.Instant;
import org.junit.jupiter.api.Test;

class CredentialCipherTest {

  private static final String MASTER = "a-master-key-of-enough-length-01";

  private static Sealed seal(CredentialCipher c, String provider, String text) {
    byte[][] parts = c.seal(provider, text);
    return new Sealed(provider, parts[0], parts[1], "", Instant.EPOCH);
  }

  @Test
  void whatIsSealedOpensWithTheSameMasterKeyAndEachSealHasItsOwnNonce() {
    CredentialCipher c = CredentialCipher.of(MASTER);
    Sealed a = seal(c, "openai", "sk-1");
    Sealed b = seal(c, "openai", "sk-1");

    assertThat(CredentialCipher.of(MASTER).open(a)).isEqualTo("sk-1");
    assertThat(a.nonce()).isNotEqualTo(b.nonce());
    assertThat(a.ciphertext()).isNotEqualTo(b.ciphertext());
  }

  @Test
  void anotherMasterKeyAnotherProviderOrAnAlteredByteDoesNotOpen() {
    Sealed s = seal(CredentialCipher.of(MASTER), "openai", "sk-1");

    assertThatIllegalArgumentException()
        .isThrownBy(() -> CredentialCipher.of(MASTER + "x").open(s))
        .withMessageContaining("does not open with this TOLLGATE_MASTER_KEY");
    Sealed moved = new Sealed("groq", s.nonce(), s.ciphertext(), "", Instant.EPOCH);
    assertThatIllegalArgumentException().isThrownBy(() -> CredentialCipher.of(MASTER).open(moved));
    byte[] altered = s.ciphertext().clone();
    altered[0] ^= 1;
    assertThatIllegalArgumentException()
        .isThrownBy(
            () ->
                CredentialCipher.of(MASTER)
                    .open(new Sealed("openai", s.nonce(), altered, "", Instant.EPOCH)));
  }

  @Test
  void aShortMasterKeyIsRefusedSayingHowToMakeOne() {
    assertThatIllegalArgumentException()
        .isThrownBy(() -> CredentialCipher.of("short"))
        .withMessageContaining("at least 22 characters")
        .withMessageContaining("openssl rand -base64 32");
  }
}

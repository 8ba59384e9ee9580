package dev.tollgate.proxy;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

class TokenEstimatorTest {

  private static final ObjectMapper JSON = new ObjectMapper();

  @Test
  void textIsAQuarterOfItsCodePointsRoundedUp() {
    assertThat(TokenEstimator.text("")).isZero();
    assertThat(TokenEstimator.text("abcd")).isEqualTo(1);
    assertThat(TokenEstimator.text("Hello")).isEqualTo(2);
    // Four code points, eight UTF-16 chars: counted as characters, not bytes or chars.
    assertThat(TokenEstimator.text("😀😀😀😀")).isEqualTo(1);
  }

  @Test
  void messagesAddFourEachAndThreeForTheReply() throws Exception {
    String messages =
        "[{\"role\":\"system\",\"content\":\"Be brief\"},"
            + "{\"role\":\"user\",\"content\":[{\"type\":\"text\",\"text\":\"Hello\"},"
            + "{\"type\":\"image_url\",\"image_url\":{\"url\":\"x\"}}]}]";

    // "Be brief" 8 -> 2; "Hello" 5 -> 2; + 2 x 4 + 3.
    assertThat(TokenEstimator.messages(JSON.readTree(messages))).isEqualTo(2 + 2 + 8 + 3);
  }
}

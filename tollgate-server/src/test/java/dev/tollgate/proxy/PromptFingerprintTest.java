package dev.tollgate.proxy;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tollgate.ledger.PromptPrefix;
import dev.tollgate.usage.ApiFormat;
import org.junit.jupiter.api.Test;

/** What the prompt-prefix fingerprint covers, and what it does not. */
class PromptFingerprintTest {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String LONG = "Follow the house style guide to the letter. ".repeat(100);

  private static ObjectNode chat(String system, String... turns) {
    ObjectNode body = JSON.createObjectNode();
    ArrayNode messages = body.putArray("messages");
    messages.addObject().put("role", "system").put("content", system);
    for (int i = 0; i < turns.length; i++) {
      messages.addObject().put("role", i % 2 == 0 ? "user" : "assistant").put("content", turns[i]);
    }
    return body;
  }

  private static PromptPrefix openAi(ObjectNode body) {
    return PromptFingerprint.of(ApiFormat.OPENAI_CHAT, body, body.get("messages"));
  }

  private static PromptPrefix anthropic(JsonNode system, String user) {
    ObjectNode body = JSON.createObjectNode();
    body.set("system", system);
    body.putArray("messages").addObject().put("role", "user").put("content", user);
    return PromptFingerprint.of(ApiFormat.ANTHROPIC_MESSAGES, body, body.get("messages"));
  }

  @Test
  void theSameSystemPromptGivesTheSameFingerprintWhateverTheLastMessage() {
    PromptPrefix a = openAi(chat(LONG, "What is 2 + 2?"));
    PromptPrefix b = openAi(chat(LONG, "Summarise this."));
    PromptPrefix other = openAi(chat(LONG.replace("letter", "point"), "What is 2 + 2?"));

    assertThat(a.present()).isTrue();
    assertThat(a).isEqualTo(b);
    assertThat(other.fingerprint()).isNotEqualTo(a.fingerprint());
    assertThat(a.fingerprint()).matches("[0-9a-f]{32}");
    // "system", a separator, the text, a separator; four characters a token, rounded up.
    assertThat(a.tokens()).isEqualTo(("system".length() + 1 + LONG.length() + 1 + 3) / 4);
  }

  @Test
  void earlierTurnsArePartOfThePrefixButTheLastMessageIsNot() {
    PromptPrefix one = openAi(chat(LONG, "first question", "an answer", "second question"));
    PromptPrefix two = openAi(chat(LONG, "first question", "an answer", "another question"));
    PromptPrefix fresh = openAi(chat(LONG, "second question"));

    assertThat(one).isEqualTo(two);
    assertThat(one).isNotEqualTo(fresh);
  }

  @Test
  void aPrefixShorterThanWhatProvidersCacheGetsNoFingerprint() {
    assertThat(openAi(chat("Be brief.", "Hi"))).isEqualTo(PromptPrefix.NONE);
    // The whole prompt is long, but only its last message is: it varies, so it is no prefix.
    assertThat(openAi(chat("Be brief.", LONG))).isEqualTo(PromptPrefix.NONE);
  }

  @Test
  void anthropicsSystemFieldCountsAsTheSystemMessageInTextOrBlocks() {
    ArrayNode blocks = JSON.createArrayNode();
    int half = LONG.length() / 2;
    blocks.addObject().put("type", "text").put("text", LONG.substring(0, half));
    blocks
        .addObject()
        .put("type", "text")
        .put("text", LONG.substring(half))
        .putObject("cache_control")
        .put("type", "ephemeral");

    PromptPrefix text = anthropic(JSON.getNodeFactory().textNode(LONG), "Hi");
    PromptPrefix split = anthropic(blocks, "Hello");

    assertThat(text).isEqualTo(split).isEqualTo(openAi(chat(LONG, "Hi")));
  }

  @Test
  void onlyTheFirst32768CharactersAreHashed() {
    String huge = "x".repeat(PromptFingerprint.MAX_CHARS + 10);
    PromptPrefix a = openAi(chat(huge + "tail one", "Hi"));
    PromptPrefix b = openAi(chat(huge + "tail two", "Hi"));

    assertThat(a).isEqualTo(b);
    assertThat(a.tokens()).isEqualTo(PromptFingerprint.MAX_CHARS / 4);
  }
}

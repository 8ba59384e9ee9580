package dev.tollgate.tokens;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

/**
 * Golden counts from OpenAI's cookbook "How to count tokens with tiktoken": the strings of its
 * examples, and its example conversation, which the cookbook checks against the API's own {@code
 * prompt_tokens}.
 */
class OpenAiTokenizerTest {

  private static final ObjectMapper JSON = new ObjectMapper();

  /** The cookbook's example conversation (six messages, four with a {@code name}). */
  private static final String COOKBOOK_MESSAGES =
      """
      [{"role":"system","content":"You are a helpful, pattern-following assistant that translates corporate jargon into plain English."},
       {"role":"system","name":"example_user","content":"New synergies will help drive top-line growth."},
       {"role":"system","name":"example_assistant","content":"Things working well together will increase revenue."},
       {"role":"system","name":"example_user","content":"Let's circle back when we have more bandwidth to touch base on opportunities for increased leverage."},
       {"role":"system","name":"example_assistant","content":"Let's talk later when we're less busy about how to do better."},
       {"role":"user","content":"This late pivot means we don't have time to boil the ocean for the client deliverable."}]
      """;

  private static OpenAiTokenizer tokenizer(String model) {
    return OpenAiTokenizer.forModel("openai", model).orElseThrow();
  }

  @Test
  void aModelIsLoadedOnceItsEncodingIsAndAlwaysWhenItHasNone() throws Exception {
    // No encoding to read: never a reason to leave the event loop.
    assertThat(OpenAiTokenizer.loaded("anthropic", "claude-sonnet-4")).isTrue();
    assertThat(OpenAiTokenizer.loaded("openai", "dall-e-3")).isTrue();

    // Issue 6: start-up no longer waits for the ranks; the background load makes them ready.
    Thread warm = Thread.ofPlatform().start(OpenAiTokenizer::warmUp);
    warm.join();
    assertThat(OpenAiTokenizer.loaded("openai", "gpt-4o-mini")).isTrue();
    assertThat(OpenAiTokenizer.loaded("openai", "gpt-4")).isTrue();
  }

  @Test
  void theCookbooksStringsHaveTheirKnownCounts() {
    OpenAiTokenizer cl100k = tokenizer("gpt-4");
    // "tiktoken is great!" -> ["t", "ik", "token", " is", " great", "!"]
    assertThat(cl100k.text("tiktoken is great!")).isEqualTo(6);
    // "hello world" -> [15339, 1917]
    assertThat(cl100k.text("hello world")).isEqualTo(2);
    assertThat(tokenizer("gpt-4o").text("hello world")).isEqualTo(2);
    assertThat(cl100k.text("")).isZero();
  }

  @Test
  void theCookbookConversationCountsAsTheApiReportedIt() throws Exception {
    JsonNode messages = JSON.readTree(COOKBOOK_MESSAGES);

    // The cookbook: 129 prompt tokens on gpt-4-0613 / gpt-3.5-turbo, 124 on gpt-4o and its mini.
    assertThat(tokenizer("gpt-4").chat(messages, null)).isEqualTo(129);
    assertThat(tokenizer("gpt-4o").chat(messages, null)).isEqualTo(124);
    assertThat(tokenizer("gpt-4o-mini").chat(messages, null)).isEqualTo(124);
  }

  @Test
  void eachModelFamilyGetsItsEncoding() {
    for (String model : new String[] {"gpt-4o", "gpt-4.1-nano", "o3-mini", "o4-mini", "gpt-5"}) {
      assertThat(tokenizer(model).encodingName()).as(model).isEqualTo("o200k_base");
    }
    for (String model :
        new String[] {"gpt-4", "gpt-4-turbo", "gpt-3.5-turbo", "text-embedding-3-small"}) {
      assertThat(tokenizer(model).encodingName()).as(model).isEqualTo("cl100k_base");
    }
    assertThat(OpenAiTokenizer.forModel("openai", "davinci-002")).isEmpty();
    assertThat(OpenAiTokenizer.forModel("anthropic", "gpt-4o")).isEmpty();
  }

  @Test
  void specialTokenTextIsCountedAsOrdinaryTextInsteadOfFailing() {
    assertThat(tokenizer("gpt-4o").text("<|endoftext|>")).isGreaterThan(1);
  }

  @Test
  void imagesToolsAndTokenIdsCountConservatively() throws Exception {
    OpenAiTokenizer gpt4o = tokenizer("gpt-4o");
    JsonNode image =
        JSON.readTree(
            """
            [{"role":"user","content":[{"type":"text","text":"hello world"},
              {"type":"image_url","image_url":{"url":"https://example.com/a.png"}}]}]""");
    // 3 + "user" 1 + "hello world" 2 + image + 3.
    assertThat(gpt4o.chat(image, null)).isEqualTo(3 + 1 + 2 + OpenAiTokenizer.IMAGE_TOKENS + 3);
    assertThat(tokenizer("gpt-4o-mini").chat(image, null))
        .isEqualTo(3 + 1 + 2 + OpenAiTokenizer.MINI_IMAGE_TOKENS + 3);

    JsonNode plain = JSON.readTree("[{\"role\":\"user\",\"content\":\"hello world\"}]");
    JsonNode tools =
        JSON.readTree(
            """
            {"tools":[{"type":"function","function":{"name":"get_weather",
              "parameters":{"type":"object","properties":{"city":{"type":"string"}}}}}]}""");
    long withTools = gpt4o.chat(plain, tools);
    assertThat(withTools - gpt4o.chat(plain, null))
        .isEqualTo(gpt4o.text(tools.get("tools").toString()));

    JsonNode ids = JSON.readTree("[{\"role\":\"user\",\"content\":\"\",\"x_token_count\":500}]");
    assertThat(tokenizer("text-embedding-3-small").chat(ids, null)).isEqualTo(3 + 1 + 500 + 3);
  }
}

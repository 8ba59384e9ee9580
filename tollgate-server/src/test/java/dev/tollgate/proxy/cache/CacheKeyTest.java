package dev.tollgate.proxy.cache;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

class CacheKeyTest {

  private static final ObjectMapper JSON = new ObjectMapper();

  private static String key(String body) throws Exception {
    return key("/v1/chat/completions", "k1", body);
  }

  private static String key(String endpoint, String virtualKey, String body) throws Exception {
    JsonNode node = JSON.readTree(body);
    return CacheKey.of(endpoint, virtualKey, node);
  }

  @Test
  void fieldOrderAtAnyDepthDoesNotMatter() throws Exception {
    assertThat(key("{\"model\":\"m\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}"))
        .isEqualTo(key("{\"messages\":[{\"content\":\"hi\",\"role\":\"user\"}],\"model\":\"m\"}"));
  }

  @Test
  void whoAsksAndHowItIsDeliveredDoNotMatterButEverythingElseDoes() throws Exception {
    String base = "{\"model\":\"m\",\"temperature\":1}";
    assertThat(key("{\"model\":\"m\",\"temperature\":1,\"user\":\"u\",\"stream\":false}"))
        .isEqualTo(key(base));
    assertThat(key("{\"model\":\"m\",\"temperature\":1,\"metadata\":{\"user_id\":\"u\"}}"))
        .isEqualTo(key(base));
    assertThat(key("{\"model\":\"m\",\"temperature\":1.0}")).isNotEqualTo(key(base));
    assertThat(key("{\"model\":\"m\",\"temperature\":1,\"seed\":1}")).isNotEqualTo(key(base));
    // Only the top level's user is ignored: a message's name is part of the prompt.
    assertThat(key("{\"model\":\"m\",\"x\":{\"user\":\"a\"}}"))
        .isNotEqualTo(key("{\"model\":\"m\",\"x\":{\"user\":\"b\"}}"));
  }

  @Test
  void theVirtualKeyAndTheEndpointArePartOfTheKey() throws Exception {
    String body = "{\"model\":\"m\"}";
    assertThat(key("/v1/chat/completions", "k1", body))
        .isNotEqualTo(key("/v1/chat/completions", "k2", body))
        .isNotEqualTo(key("/v1/completions", "k1", body))
        .hasSize(64);
  }
}

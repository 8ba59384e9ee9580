package dev.tollgate.tokens;

import com.fasterxml.jackson.databind.JsonNode;
import com.knuddels.jtokkit.Encodings;
import com.knuddels.jtokkit.api.Encoding;
import com.knuddels.jtokkit.api.EncodingRegistry;
import com.knuddels.jtokkit.api.EncodingType;
import java.util.Iterator;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Counts the input tokens of an OpenAI chat request exactly, with the model's own BPE encoding
 * (JTokkit's copy of tiktoken's {@code o200k_base} and {@code cl100k_base}), and OpenAI's
 * documented message overhead (the cookbook's {@code num_tokens_from_messages}): {@value
 * #PER_MESSAGE} tokens per message, the tokens of every string field of it (role, content, name),
 * {@value #PER_NAME} more for a {@code name}, and {@value #REPLY_PRIMING} to prime the reply. The
 * cookbook's figures (129 tokens on gpt-4, 124 on gpt-4o for its example conversation) are this
 * class's golden tests.
 *
 * <p>Where OpenAI documents no exact rule, the count is a conservative approximation, so the
 * reservation errs high: {@code tools}, {@code functions}, {@code response_format} and assistant
 * {@code tool_calls} count the tokens of their JSON text (OpenAI renders them more compactly);
 * every image part counts {@link #imageTokens} (the documented maximum of the model's family); any
 * other non-text part counts the tokens of its JSON text.
 *
 * <p>Costs a few microseconds a kilobyte (see docs/BENCHMARKS.md); instances are thread-safe.
 */
public final class OpenAiTokenizer {

  /** Tokens every message costs besides its fields: {@code <|start|>…<|message|>…<|end|>}. */
  public static final int PER_MESSAGE = 3;

  /** Tokens a message's {@code name} costs besides its text. */
  public static final int PER_NAME = 1;

  /** Tokens that prime the reply: {@code <|start|>assistant<|message|>}. */
  public static final int REPLY_PRIMING = 3;

  /**
   * An image at high detail on a tile-priced model (gpt-4o, gpt-4.1, o-series): 85 base + 170 for
   * each of at most 8 tiles of 512 px (a 768 × 2048 image), OpenAI's vision pricing guide; the
   * patch-priced minis (gpt-4.1-mini/nano, o4-mini) stay below 1,536 patches × 2.46 = 3,779.
   */
  public static final long IMAGE_TOKENS = 3_779;

  /** gpt-4o-mini bills an image as 2,833 base + 5,667 a tile: at most 8 tiles, 48,169 tokens. */
  public static final long MINI_IMAGE_TOKENS = 48_169;

  /**
   * A made-up message's field that holds a count of tokens given as ids (an embeddings input of
   * token arrays), added as it is.
   */
  public static final String TOKEN_COUNT = "x_token_count";

  private static final EncodingRegistry REGISTRY = Encodings.newLazyEncodingRegistry();

  /** The encodings whose ranks {@link #REGISTRY} has read. */
  private static final Set<EncodingType> LOADED = ConcurrentHashMap.newKeySet();

  private final Encoding encoding;
  private final long imageTokens;

  private OpenAiTokenizer(Encoding encoding, long imageTokens) {
    this.encoding = encoding;
    this.imageTokens = imageTokens;
  }

  /**
   * The tokenizer of a catalog model, if it is an OpenAI model whose encoding is known: {@code
   * o200k_base} for the gpt-4o, gpt-4.1, gpt-4.5, gpt-5 and o1/o3/o4 families, {@code cl100k_base}
   * for gpt-4 (including gpt-4-turbo), gpt-3.5 and the text-embedding-3 and ada-002 models.
   *
   * @param provider the model's provider in the catalog, e.g. {@code openai}
   * @param model the model's catalog id, e.g. {@code gpt-4o-mini}
   */
  public static Optional<OpenAiTokenizer> forModel(String provider, String model) {
    if (!"openai".equals(provider)) {
      return Optional.empty();
    }
    return encodingOf(model)
        .map(
            type ->
                new OpenAiTokenizer(
                    load(type),
                    model.startsWith("gpt-4o-mini") ? MINI_IMAGE_TOKENS : IMAGE_TOKENS));
  }

  /** The encoding of an OpenAI model id, as tiktoken's {@code encoding_for_model} maps it. */
  static Optional<EncodingType> encodingOf(String model) {
    for (String prefix : new String[] {"gpt-4o", "gpt-4.1", "gpt-4.5", "gpt-5", "o1", "o3", "o4"}) {
      if (model.startsWith(prefix)) {
        return Optional.of(EncodingType.O200K_BASE);
      }
    }
    for (String prefix :
        new String[] {"gpt-4", "gpt-3.5", "text-embedding-3", "text-embedding-ada"}) {
      if (model.startsWith(prefix)) {
        return Optional.of(EncodingType.CL100K_BASE);
      }
    }
    return Optional.empty();
  }

  /**
   * Loads both encodings now (about a second for {@code o200k_base}'s 200k ranks), so that the
   * first request does not pay for it on an event loop. Idempotent and thread-safe.
   */
  public static void warmUp() {
    load(EncodingType.O200K_BASE);
    load(EncodingType.CL100K_BASE);
  }

  /**
   * Starts {@link #warmUp} on a daemon thread and returns at once, so that loading the ranks does
   * not delay start-up; until an encoding is loaded, {@link #loaded} says so and a caller on an
   * event loop counts on a worker thread instead (the load itself is idempotent and thread-safe, so
   * a request that needs an encoding first simply waits for it there).
   */
  public static void warmUpInBackground() {
    Thread.ofPlatform()
        .name("tollgate-tokenizer-warm-up")
        .daemon(true)
        .start(OpenAiTokenizer::warmUp);
  }

  /**
   * Whether {@link #forModel} for this model returns at once: its encoding is loaded, or it has
   * none. False while the encoding's ranks are still to be read, which takes about a second.
   */
  public static boolean loaded(String provider, String model) {
    return !"openai".equals(provider) || encodingOf(model).map(LOADED::contains).orElse(true);
  }

  private static Encoding load(EncodingType type) {
    Encoding encoding = REGISTRY.getEncoding(type);
    LOADED.add(type);
    return encoding;
  }

  /** The encoding's name, e.g. {@code o200k_base}. */
  public String encodingName() {
    return encoding.getName();
  }

  /** The tokens of {@code text}; special-token text such as {@code <|endoftext|>} is ordinary. */
  public long text(String text) {
    return text.isEmpty() ? 0 : encoding.countTokensOrdinary(text);
  }

  /**
   * The input tokens of a chat request's {@code messages}, plus its tool definitions and response
   * format when {@code body} has them ({@code body} may be null).
   */
  public long chat(JsonNode messages, JsonNode body) {
    long tokens = REPLY_PRIMING;
    for (JsonNode message : messages) {
      tokens += message(message);
    }
    if (body != null) {
      for (String field : new String[] {"tools", "functions", "response_format"}) {
        JsonNode value = body.get(field);
        if (value != null && !value.isNull()) {
          tokens += text(value.toString());
        }
      }
    }
    return tokens;
  }

  private long message(JsonNode message) {
    long tokens = PER_MESSAGE + message.path(TOKEN_COUNT).asLong(0);
    Iterator<Map.Entry<String, JsonNode>> fields = message.fields();
    while (fields.hasNext()) {
      Map.Entry<String, JsonNode> field = fields.next();
      JsonNode value = field.getValue();
      switch (field.getKey()) {
        case TOKEN_COUNT -> {}
        case "content" -> tokens += content(value);
        case "name" -> tokens += PER_NAME + (value.isTextual() ? text(value.textValue()) : 0);
        default -> tokens += value.isTextual() ? text(value.textValue()) : json(value);
      }
    }
    return tokens;
  }

  private long content(JsonNode content) {
    if (content.isTextual()) {
      return text(content.textValue());
    }
    if (!content.isArray()) {
      return json(content);
    }
    long tokens = 0;
    for (JsonNode part : content) {
      JsonNode t = part.get("text");
      String type = part.path("type").asText("");
      if (t != null && t.isTextual()) {
        tokens += text(t.textValue());
      } else if (type.equals("image_url") || type.equals("input_image")) {
        tokens += imageTokens;
      } else {
        tokens += json(part);
      }
    }
    return tokens;
  }

  private long json(JsonNode value) {
    return value.isNull() || value.isMissingNode() ? 0 : text(value.toString());
  }
}

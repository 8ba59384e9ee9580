package dev.tollgate.proxy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tollgate.tokens.OpenAiTokenizer;

/**
 * Counts tokens without a tokenizer: {@code ceil(characters / 4)} for each message's text, plus 4
 * per message for its role and separators, plus 3 to prime the reply. Characters are Unicode code
 * points of the text; a content given as parts counts its {@code text} parts. OpenAI's rule of
 * thumb is about four characters of English a token. It over-estimates plain English prose (about
 * 4.5 characters a token with o200k) and whitespace runs, and under-estimates code, JSON, numbers
 * and non-Latin scripts (CJK is often one token or more a character, up to 4× this count); images
 * count nothing. It sizes the reservation of non-OpenAI models only (OpenAI models are counted
 * exactly by {@link OpenAiTokenizer}); the budget engine reserves the output bound on top, and the
 * bill is always the provider's own count. A made-up message's {@link OpenAiTokenizer#TOKEN_COUNT}
 * (token ids given as such) is added as it is.
 *
 * <p>The same rule counts the simulated provider's usage, so a test can work a price out by hand.
 */
public final class TokenEstimator {

  /** Tokens a message costs besides its text. */
  public static final int PER_MESSAGE = 4;

  /** Tokens that prime the assistant's reply. */
  public static final int PER_REPLY = 3;

  private TokenEstimator() {}

  /** The input tokens of a {@code messages} array. */
  public static long messages(JsonNode messages) {
    long tokens = PER_REPLY;
    for (JsonNode message : messages) {
      tokens +=
          PER_MESSAGE
              + text(contentText(message.get("content")))
              + message.path(OpenAiTokenizer.TOKEN_COUNT).asLong(0);
    }
    return tokens;
  }

  /**
   * The input tokens of an Anthropic request: its {@code messages} as {@link #messages} counts
   * them, plus the {@code system} prompt (a string or text blocks), if any, as one more message.
   */
  public static long anthropic(JsonNode system, JsonNode messages) {
    String prompt = contentText(system);
    return messages(messages) + (prompt.isEmpty() ? 0 : PER_MESSAGE + text(prompt));
  }

  /** The tokens of {@code text}: a quarter of its code points, rounded up. */
  public static long text(String text) {
    long chars = text.codePointCount(0, text.length());
    return (chars + 3) / 4;
  }

  /** The text of a message's content: a string, or the {@code text} of each part of an array. */
  public static String contentText(JsonNode content) {
    if (content == null || content.isNull()) {
      return "";
    }
    if (content.isTextual()) {
      return content.textValue();
    }
    if (content.isArray()) {
      StringBuilder text = new StringBuilder();
      for (JsonNode part : content) {
        JsonNode t = part.get("text");
        if (t != null && t.isTextual()) {
          text.append(t.textValue());
        }
      }
      return text.toString();
    }
    return content.toString();
  }
}

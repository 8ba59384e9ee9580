package dev.tollgate.proxy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tollgate.ledger.PromptPrefix;
import dev.tollgate.usage.ApiFormat;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * Takes the fingerprint of a request's prompt prefix, which its ledger event records so that the
 * recommendations can find a prefix sent again and again without prompt caching. Never keeps the
 * text.
 *
 * <p><b>The prefix</b> is the part of a prompt that usually stays the same from call to call: the
 * system prompt (Anthropic's {@code system}, Responses' {@code instructions}, OpenAI's system and
 * developer messages) and every message before the last one (few-shot examples, earlier turns), as
 * role and text, in order; a non-text part counts as its JSON. Only its first {@value #MAX_CHARS}
 * characters are hashed (about 8,192 tokens), so a longer prefix is under-counted, never
 * over-counted. A prefix shorter than {@value #MIN_CHARS} characters (1,024 tokens at four a token,
 * the least OpenAI and Anthropic cache) gets no fingerprint: it could not be cached, and a short
 * prompt is easier to guess from its hash. The fingerprint is the first 16 bytes of the SHA-256 of
 * the hashed text, in hex; the tokens are its characters over four, rounded up.
 *
 * <p><b>Cost.</b> A body under {@value #MIN_CHARS} bytes cannot hold such a prefix and is skipped
 * at once; one up to {@link InputTokens#INLINE_BYTES} is hashed on the event loop (SHA-256 of at
 * most 8 KiB is a few microseconds); a longer one on a worker thread.
 */
final class PromptFingerprint implements Interceptor {

  /** The shortest prefix fingerprinted: 1,024 tokens at four characters a token. */
  static final int MIN_CHARS = 4_096;

  /** The most characters hashed: about 8,192 tokens. */
  static final int MAX_CHARS = 32_768;

  private static final HexFormat HEX = HexFormat.of();

  @Override
  public Future<Void> before(Exchange x) {
    if (x.rawBody.length < MIN_CHARS) {
      return Future.succeededFuture();
    }
    Context context = Vertx.currentContext();
    if (context == null || x.rawBody.length <= InputTokens.INLINE_BYTES) {
      x.prefix = of(x.format, x.request.body(), x.request.messages());
      return Future.succeededFuture();
    }
    return context
        .executeBlocking(
            () -> x.prefix = of(x.format, x.request.body(), x.request.messages()), false)
        .mapEmpty();
  }

  /**
   * The prefix of a request in {@code format} whose body is {@code body} and whose messages, as its
   * codec reads them, are {@code messages}.
   */
  static PromptPrefix of(ApiFormat format, JsonNode body, JsonNode messages) {
    StringBuilder text = new StringBuilder();
    if (format == ApiFormat.ANTHROPIC_MESSAGES) {
      append(text, "system", body.get("system"));
    }
    int head = messages == null ? 0 : messages.size() - 1;
    for (int i = 0; i < head && text.length() < MAX_CHARS; i++) {
      JsonNode m = messages.get(i);
      append(text, m.path("role").asText(""), m.get("content"));
      JsonNode calls = m.get("tool_calls");
      if (calls != null && !calls.isNull()) {
        text.append(calls).append('\u0001');
      }
    }
    if (text.length() < MIN_CHARS) {
      return PromptPrefix.NONE;
    }
    String hashed = text.length() > MAX_CHARS ? text.substring(0, MAX_CHARS) : text.toString();
    byte[] digest = sha256().digest(hashed.getBytes(StandardCharsets.UTF_8));
    return new PromptPrefix(HEX.formatHex(digest, 0, 16), (hashed.length() + 3L) / 4);
  }

  /** Appends one part as role, NUL, text, SOH: separators no JSON text carries unescaped. */
  private static void append(StringBuilder text, String role, JsonNode content) {
    if (content == null || content.isNull()) {
      return;
    }
    text.append(role).append('\u0000');
    if (content.isArray()) {
      for (JsonNode part : content) {
        JsonNode t = part.get("text");
        text.append(t != null && t.isTextual() ? t.textValue() : part.toString());
      }
    } else {
      text.append(content.isTextual() ? content.textValue() : content.toString());
    }
    text.append('\u0001');
  }

  private static MessageDigest sha256() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every JDK has SHA-256", e);
    }
  }
}

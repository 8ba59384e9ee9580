package dev.tollgate.provider.simulated;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tollgate.provider.ChatCall;
import dev.tollgate.provider.Provider;
import dev.tollgate.provider.ProviderResponse;
import dev.tollgate.provider.TextProvider;
import dev.tollgate.proxy.TokenEstimator;
import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.http.HttpServerResponse;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;

/**
 * A provider inside the gateway, used while no provider key is configured (or configured as {@code
 * kind: simulated}): it answers every chat completion in OpenAI's wire format, with a reply that
 * depends only on the request. Its usage is counted by {@link TokenEstimator}, so a price can be
 * worked out by hand: prompt tokens are the estimate of the messages plus the cached tokens of
 * {@link SimulatedOptions} (OpenAI counts cached tokens inside {@code prompt_tokens}), completion
 * tokens those of the reply, at most {@code max_tokens} (then the reply is cut and {@code
 * finish_reason} is {@code length}). Latency, stream pacing and faults follow its options.
 */
public final class SimulatedProvider implements Provider, TextProvider {

  /** The provider id the ledger records. */
  public static final String ID = "simulated";

  /** The start of every reply. */
  public static final String REPLY = "This is Tollgate's simulated provider. You said: ";

  /** Characters of the last user message that the reply repeats. */
  static final int ECHOED = 60;

  private static final JsonNodeFactory JSON = JsonNodeFactory.instance;

  private final String id;
  private final InstantSource clock;
  private final Simulation simulation;
  private final SimulatedTextProvider text;

  /** A provider that dates its answers by {@code clock} and answers at once, never failing. */
  public SimulatedProvider(InstantSource clock) {
    this(clock, SimulatedOptions.DEFAULT);
  }

  /** A provider that dates its answers by {@code clock} and behaves as {@code options} say. */
  public SimulatedProvider(InstantSource clock, SimulatedOptions options) {
    this(ID, clock, options);
  }

  /** As {@link #SimulatedProvider(InstantSource, SimulatedOptions)}, recorded as {@code id}. */
  public SimulatedProvider(String id, InstantSource clock, SimulatedOptions options) {
    this.id = id;
    this.clock = clock;
    this.simulation = new Simulation(options);
    this.text = new SimulatedTextProvider(id, clock, options);
  }

  @Override
  public String id() {
    return id;
  }

  /** A text completion, as {@link SimulatedTextProvider} answers it with the same options. */
  @Override
  public Future<ProviderResponse> completions(ChatCall call) {
    return text.completions(call);
  }

  /** Embeddings, as {@link SimulatedTextProvider} answers them with the same options. */
  @Override
  public Future<ProviderResponse> embeddings(ChatCall call) {
    return text.embeddings(call);
  }

  @Override
  public Future<ProviderResponse> chat(ChatCall call) {
    return simulation.answer(Simulation::openAiError, () -> answer(call));
  }

  /**
   * Streams the same answer as {@link #chat}: a chunk with the role, the content in {@link
   * SimulatedOptions#streamChunks} pieces, a chunk with the finish reason, and, when {@code
   * stream_options.include_usage} is true, a last chunk with no choices and the usage.
   */
  @Override
  public Future<Void> chatStream(ChatCall call, Handler<ObjectNode> chunks) {
    return chatStream(call, chunks, null);
  }

  /** As {@link #chatStream(ChatCall, Handler)}, stopping when {@code client} closes. */
  @Override
  public Future<Void> chatStream(
      ChatCall call, Handler<ObjectNode> chunks, HttpServerResponse client) {
    return simulation.stream(Simulation::openAiError, () -> chunks(call), chunks, client);
  }

  private List<ObjectNode> chunks(ChatCall call) {
    ObjectNode whole = answer(call);
    boolean usage = call.body().path("stream_options").path("include_usage").asBoolean(false);
    String content = whole.at("/choices/0/message/content").asText();
    List<ObjectNode> all = new ArrayList<>();
    all.add(
        chunk(whole, usage, JSON.objectNode().put("role", "assistant").put("content", ""), null));
    for (String piece : pieces(content, simulation.options().streamChunks())) {
      all.add(chunk(whole, usage, JSON.objectNode().put("content", piece), null));
    }
    all.add(chunk(whole, usage, JSON.objectNode(), whole.at("/choices/0/finish_reason").asText()));
    if (usage) {
      ObjectNode last = header(whole);
      last.putArray("choices");
      last.set("usage", whole.get("usage"));
      all.add(last);
    }
    return all;
  }

  /** {@code text} cut into at most {@code count} pieces of equal length, the last maybe shorter. */
  static List<String> pieces(String text, int count) {
    List<String> pieces = new ArrayList<>();
    int step = Math.max(1, (text.length() + count - 1) / count);
    for (int i = 0; i < text.length(); i += step) {
      pieces.add(text.substring(i, Math.min(text.length(), i + step)));
    }
    return pieces;
  }

  private static ObjectNode header(ObjectNode whole) {
    ObjectNode chunk = JSON.objectNode();
    chunk.put("id", whole.get("id").asText());
    chunk.put("object", "chat.completion.chunk");
    chunk.put("created", whole.get("created").asLong());
    chunk.put("model", whole.get("model").asText());
    return chunk;
  }

  private static ObjectNode chunk(
      ObjectNode whole, boolean usage, ObjectNode delta, String finishReason) {
    ObjectNode chunk = header(whole);
    ObjectNode choice = chunk.putArray("choices").addObject();
    choice.put("index", 0);
    choice.set("delta", delta);
    choice.putNull("logprobs");
    choice.put("finish_reason", finishReason);
    if (usage) {
      chunk.putNull("usage");
    }
    return chunk;
  }

  /** The reply to {@code messages}: {@link #REPLY} and the start of the last user message. */
  public static String reply(JsonNode messages) {
    String said = "";
    for (JsonNode message : messages) {
      if ("user".equals(message.path("role").asText())) {
        said = TokenEstimator.contentText(message.get("content"));
      }
    }
    int end =
        said.codePointCount(0, said.length()) > ECHOED
            ? said.offsetByCodePoints(0, ECHOED)
            : said.length();
    return REPLY + said.substring(0, end);
  }

  /**
   * The first {@code tokens} of {@code text} at four characters a token, the estimator's own rule,
   * so that a cut reply's usage and text agree.
   */
  static String cut(String text, long tokens) {
    long chars = Math.min(text.codePointCount(0, text.length()), tokens * 4);
    return text.substring(0, text.offsetByCodePoints(0, (int) chars));
  }

  /** The output bound of a request body: {@code max_completion_tokens}, else {@code max_tokens}. */
  static long maxTokens(ObjectNode body) {
    JsonNode bound = body.get("max_completion_tokens");
    if (bound == null || !bound.canConvertToLong()) {
      bound = body.get("max_tokens");
    }
    return bound != null && bound.canConvertToLong() ? bound.asLong() : Long.MAX_VALUE;
  }

  private ObjectNode answer(ChatCall call) {
    JsonNode messages = call.body().path("messages");
    String content = simulation.text(reply(messages));
    long full = TokenEstimator.text(content);
    long bound = maxTokens(call.body());
    long completion = Math.min(full, bound);
    boolean cut = completion < full;
    if (cut) {
      content = cut(content, completion);
    }
    long cached = simulation.options().cacheReadTokens();
    long prompt = TokenEstimator.messages(messages) + cached;
    ObjectNode body = JSON.objectNode();
    body.put("id", "chatcmpl-" + call.requestId());
    body.put("object", "chat.completion");
    body.put("created", clock.millis() / 1000);
    body.put("model", call.model());
    ObjectNode choice = body.putArray("choices").addObject();
    choice.put("index", 0);
    ObjectNode message = choice.putObject("message");
    message.put("role", "assistant");
    message.put("content", content);
    choice.putNull("logprobs");
    choice.put("finish_reason", cut ? "length" : "stop");
    ObjectNode usage = body.putObject("usage");
    usage.put("prompt_tokens", prompt);
    usage.put("completion_tokens", completion);
    usage.put("total_tokens", prompt + completion);
    usage.putObject("prompt_tokens_details").put("cached_tokens", cached);
    usage.putObject("completion_tokens_details").put("reasoning_tokens", 0);
    return body;
  }
}

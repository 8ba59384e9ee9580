package dev.tollgate.provider.simulated;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tollgate.provider.ChatCall;
import dev.tollgate.provider.ProviderResponse;
import dev.tollgate.provider.TextProvider;
import dev.tollgate.proxy.TokenEstimator;
import io.vertx.core.Future;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.time.InstantSource;
import java.util.Base64;
import java.util.SplittableRandom;

/**
 * The simulated provider's text completions and embeddings, in OpenAI's wire format, depending only
 * on the request. A completion of each prompt is {@link SimulatedProvider#REPLY} and the prompt's
 * first characters, cut to {@code max_tokens} (then {@code finish_reason} is {@code length});
 * prompt tokens are {@link TokenEstimator#text} of the prompt, without the per-message overhead of
 * chat. An embedding is a unit vector of {@code dimensions} (default {@value #DIMENSIONS}) floats
 * drawn from a seed that is a hash of the input, so equal inputs get equal vectors; its tokens are
 * {@link TokenEstimator#text} of a string input, or the length of a token array.
 */
public final class SimulatedTextProvider implements TextProvider {

  /** The length of a simulated embedding when the request names no {@code dimensions}. */
  public static final int DIMENSIONS = 8;

  private static final JsonNodeFactory JSON = JsonNodeFactory.instance;

  private final String id;
  private final InstantSource clock;
  private final Simulation simulation;

  /** A provider that dates its answers by {@code clock} and answers at once, never failing. */
  public SimulatedTextProvider(InstantSource clock) {
    this(clock, SimulatedOptions.DEFAULT);
  }

  /**
   * A provider that dates its answers by {@code clock} and follows {@code options}: latency, fixed
   * completion tokens, errors and malformed bodies (there are no streams here to cut, and no
   * cache).
   */
  public SimulatedTextProvider(InstantSource clock, SimulatedOptions options) {
    this(SimulatedProvider.ID, clock, options);
  }

  /** As {@link #SimulatedTextProvider(InstantSource, SimulatedOptions)}, recorded as {@code id}. */
  SimulatedTextProvider(String id, InstantSource clock, SimulatedOptions options) {
    this.id = id;
    this.clock = clock;
    this.simulation = new Simulation(options);
  }

  @Override
  public String id() {
    return id;
  }

  @Override
  public Future<ProviderResponse> completions(ChatCall call) {
    return simulation.answer(Simulation::openAiError, () -> completion(call));
  }

  private ObjectNode completion(ChatCall call) {
    JsonNode prompt = call.body().path("prompt");
    long bound = SimulatedProvider.maxTokens(call.body());
    ObjectNode body = JSON.objectNode();
    body.put("id", "cmpl-" + call.requestId());
    body.put("object", "text_completion");
    body.put("created", clock.millis() / 1000);
    body.put("model", call.model());
    ArrayNode choices = body.putArray("choices");
    long promptTokens = 0;
    long completionTokens = 0;
    int index = 0;
    for (JsonNode one : prompt.isArray() ? prompt : JSON.arrayNode().add(prompt)) {
      String said = one.asText();
      promptTokens += TokenEstimator.text(said);
      String text = simulation.text(SimulatedProvider.reply(JSON.arrayNode().add(user(said))));
      long full = TokenEstimator.text(text);
      long tokens = Math.min(full, bound);
      if (tokens < full) {
        text = SimulatedProvider.cut(text, tokens);
      }
      completionTokens += tokens;
      ObjectNode choice = choices.addObject();
      choice.put("text", text);
      choice.put("index", index++);
      choice.putNull("logprobs");
      choice.put("finish_reason", tokens < full ? "length" : "stop");
    }
    ObjectNode usage = body.putObject("usage");
    usage.put("prompt_tokens", promptTokens);
    usage.put("completion_tokens", completionTokens);
    usage.put("total_tokens", promptTokens + completionTokens);
    return body;
  }

  @Override
  public Future<ProviderResponse> embeddings(ChatCall call) {
    return simulation.answer(Simulation::openAiError, () -> embedding(call));
  }

  private ObjectNode embedding(ChatCall call) {
    JsonNode input = call.body().path("input");
    int dimensions = call.body().path("dimensions").asInt(DIMENSIONS);
    boolean base64 = "base64".equals(call.body().path("encoding_format").asText());
    // A single token array ([1, 2, 3]) is one input, as for OpenAI; any other array is a list.
    boolean single = !input.isArray() || (!input.isEmpty() && input.get(0).isNumber());
    ObjectNode body = JSON.objectNode();
    body.put("object", "list");
    ArrayNode data = body.putArray("data");
    long tokens = 0;
    int index = 0;
    for (JsonNode one : single ? JSON.arrayNode().add(input) : input) {
      tokens += one.isTextual() ? TokenEstimator.text(one.textValue()) : one.size();
      float[] vector = vector(one.isTextual() ? one.textValue() : one.toString(), dimensions);
      ObjectNode item = data.addObject();
      item.put("object", "embedding");
      item.put("index", index++);
      if (base64) {
        ByteBuffer bytes = ByteBuffer.allocate(4 * dimensions).order(ByteOrder.LITTLE_ENDIAN);
        for (float f : vector) {
          bytes.putFloat(f);
        }
        item.put("embedding", Base64.getEncoder().encodeToString(bytes.array()));
      } else {
        ArrayNode values = item.putArray("embedding");
        for (float f : vector) {
          values.add(f);
        }
      }
    }
    body.put("model", call.model());
    body.putObject("usage").put("prompt_tokens", tokens).put("total_tokens", tokens);
    return body;
  }

  private static ObjectNode user(String content) {
    return JSON.objectNode().put("role", "user").put("content", content);
  }

  /** A unit vector seeded by a hash of {@code text}; floats, since it is not money. */
  static float[] vector(String text, int dimensions) {
    long seed = 1125899906842597L;
    for (byte b : text.getBytes(StandardCharsets.UTF_8)) {
      seed = 31 * seed + b;
    }
    SplittableRandom random = new SplittableRandom(seed);
    double[] raw = new double[dimensions];
    double norm = 0;
    for (int i = 0; i < dimensions; i++) {
      raw[i] = random.nextDouble(-1, 1);
      norm += raw[i] * raw[i];
    }
    norm = Math.sqrt(norm);
    float[] vector = new float[dimensions];
    for (int i = 0; i < dimensions; i++) {
      vector[i] = (float) (norm == 0 ? 0 : raw[i] / norm);
    }
    return vector;
  }
}

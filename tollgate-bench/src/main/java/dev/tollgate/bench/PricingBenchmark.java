package dev.tollgate.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tollgate.pricing.Catalog;
import dev.tollgate.pricing.CatalogFile;
import dev.tollgate.pricing.CatalogReader;
import dev.tollgate.pricing.PriceOptions;
import dev.tollgate.pricing.PriceResult;
import dev.tollgate.pricing.Pricer;
import dev.tollgate.pricing.UnknownModelPolicy;
import dev.tollgate.usage.ApiFormat;
import dev.tollgate.usage.Usage;
import dev.tollgate.usage.UsageExtractor;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * What metering costs per request: parse a realistic response body, extract its usage, resolve the
 * model in the bundled catalog and price it exactly.
 *
 * <p>Run: {@code ./mvnw -B -q -pl tollgate-bench -am package -DskipTests && java -jar
 * tollgate-bench/target/benchmarks.jar PricingBenchmark}
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class PricingBenchmark {

  /** An OpenAI chat completion as the API returns it, with cached and reasoning tokens. */
  static final String OPENAI_CHAT =
      """
      {"id":"chatcmpl-B9MHDbslfkBeAs8l4bebGdFOJ6PeG","object":"chat.completion",\
      "created":1741570283,"model":"gpt-4o-2024-08-06","choices":[{"index":0,"message":\
      {"role":"assistant","content":"The capital of France is Paris. It has been the seat of \
      government since the 10th century.","refusal":null,"annotations":[]},"logprobs":null,\
      "finish_reason":"stop"}],"usage":{"prompt_tokens":2006,"completion_tokens":317,\
      "total_tokens":2323,"prompt_tokens_details":{"cached_tokens":1920,"audio_tokens":0},\
      "completion_tokens_details":{"reasoning_tokens":0,"audio_tokens":0,\
      "accepted_prediction_tokens":0,"rejected_prediction_tokens":0}},\
      "service_tier":"default","system_fingerprint":"fp_f9f4fb6dbf"}""";

  /** An Anthropic message with 5-minute and 1-hour cache writes. */
  static final String ANTHROPIC =
      """
      {"id":"msg_01XFDUDYJgAACzvnptvVoYEL","type":"message","role":"assistant",\
      "model":"claude-sonnet-4-5-20250929","content":[{"type":"text","text":"Here is the \
      summary you asked for."}],"stop_reason":"end_turn","stop_sequence":null,"usage":\
      {"input_tokens":37,"cache_creation_input_tokens":4719,"cache_read_input_tokens":12582,\
      "cache_creation":{"ephemeral_5m_input_tokens":1311,"ephemeral_1h_input_tokens":3408},\
      "output_tokens":503,"service_tier":"standard"}}""";

  private final ObjectMapper json = new ObjectMapper();
  private final PriceOptions options = PriceOptions.at(Instant.parse("2026-05-01T12:00:00Z"));
  private Pricer pricer;
  private byte[] openAiBody;
  private byte[] anthropicBody;
  private Usage openAiUsage;

  @Setup
  public void setUp() throws IOException {
    CatalogFile bundled = CatalogReader.bundled();
    pricer =
        new Pricer(
            Catalog.of(bundled.models(), bundled.localProviders()), UnknownModelPolicy.REFUSE);
    openAiBody = OPENAI_CHAT.getBytes(StandardCharsets.UTF_8);
    anthropicBody = ANTHROPIC.getBytes(StandardCharsets.UTF_8);
    openAiUsage = UsageExtractor.of(ApiFormat.OPENAI_CHAT).fromResponse(json.readTree(openAiBody));
  }

  /** Parse, extract and price an OpenAI chat completion. */
  @Benchmark
  public PriceResult extractAndPriceOpenAiChat() throws IOException {
    JsonNode body = json.readTree(openAiBody);
    Usage usage = UsageExtractor.of(ApiFormat.OPENAI_CHAT).fromResponse(body);
    return pricer.price(body.get("model").asText(), usage, options);
  }

  /** Parse, extract and price an Anthropic message with cache writes. */
  @Benchmark
  public PriceResult extractAndPriceAnthropic() throws IOException {
    JsonNode body = json.readTree(anthropicBody);
    Usage usage = UsageExtractor.of(ApiFormat.ANTHROPIC_MESSAGES).fromResponse(body);
    return pricer.price(body.get("model").asText(), usage, options);
  }

  /** Resolve and price an already extracted usage: the calculator alone. */
  @Benchmark
  public PriceResult priceOnly() {
    return pricer.price("gpt-4o-2024-08-06", openAiUsage, options);
  }
}

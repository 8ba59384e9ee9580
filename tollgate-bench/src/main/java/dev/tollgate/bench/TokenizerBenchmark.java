package dev.tollgate.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import dev.tollgate.proxy.TokenEstimator;
import dev.tollgate.tokens.OpenAiTokenizer;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * What the pre-call input count costs on the event loop: a chat request whose user message is
 * {@code size} characters of mixed English prose and code, counted exactly with {@code o200k_base}
 * (gpt-4o) and by the characters-over-four estimator.
 *
 * <p>Run: {@code ./mvnw -B -q -pl tollgate-bench -am package -DskipTests && java -jar
 * tollgate-bench/target/benchmarks.jar TokenizerBenchmark}
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class TokenizerBenchmark {

  private static final String PROSE =
      "The gateway reserves the worst case of every request before it calls the provider, and"
          + " settles the reservation with the exact cost once the usage is known. ";

  private static final String CODE =
      "for (int i = 0; i < messages.size(); i++) { total += count(messages.get(i)); }\n";

  /** Characters in the user message. */
  @Param({"1024", "102400"})
  public int size;

  private JsonNode messages;
  private OpenAiTokenizer gpt4o;

  @Setup
  public void setUp() {
    StringBuilder text = new StringBuilder(size + PROSE.length());
    while (text.length() < size) {
      text.append(PROSE).append(CODE);
    }
    text.setLength(size);
    ArrayNode array = new ObjectMapper().createArrayNode();
    array.addObject().put("role", "system").put("content", "You are a careful assistant.");
    array.addObject().put("role", "user").put("content", text.toString());
    messages = array;
    gpt4o = OpenAiTokenizer.forModel("openai", "gpt-4o").orElseThrow();
  }

  @Benchmark
  public long exactO200k() {
    return gpt4o.chat(messages, null);
  }

  @Benchmark
  public long charsOverFour() {
    return TokenEstimator.messages(messages);
  }
}

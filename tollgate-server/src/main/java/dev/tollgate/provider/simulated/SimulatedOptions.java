package dev.tollgate.provider.simulated;

import java.util.OptionalLong;

/**
 * How the simulated provider behaves. {@link #DEFAULT} answers at once, counts tokens with the
 * estimator, reports no cache and never fails: what {@code tollgate serve} does without a key.
 *
 * <p>Faults are deterministic: a counter numbers the requests from 1, and request {@code n} is
 * faulty when {@code n} is a multiple of {@code failEvery}, or, with {@code failRate} {@code r},
 * when {@code floor(n r)} passes a whole number ({@code r = 0.25} fails requests 4, 8, 12, …). A
 * faulty request gets the configured fault: {@code errorStatus} first, else a malformed body, else
 * (streams only) the cut after {@code cutAfterChunks} chunks.
 *
 * @param latencyMs milliseconds before the first byte of every answer
 * @param chunkDelayMs milliseconds between two chunks (events) of a stream
 * @param completionTokens the output tokens of every reply (the reply's text is made that long,
 *     four characters a token), at most the request's bound; empty: the echo reply's own estimate
 * @param streamChunks how many content chunks a streamed reply is cut into
 * @param cacheReadTokens prompt tokens reported as read from the cache; OpenAI counts them inside
 *     {@code prompt_tokens} and in {@code prompt_tokens_details.cached_tokens}, Anthropic in {@code
 *     cache_read_input_tokens} beside {@code input_tokens}
 * @param cacheWriteTokens prompt tokens reported as written to the cache: Anthropic's {@code
 *     cache_creation_input_tokens}; OpenAI has no such count and ignores it
 * @param errorStatus the HTTP status of a faulty request (429, 500, 503, 529, …); 0 for none
 * @param retryAfterSeconds the {@code retry-after} of an error answer; 0 for none
 * @param failEvery every how many requests one is faulty; 0 when {@code failRate} decides
 * @param failRate the fraction of requests that are faulty, from 0 to 1; a ratio, not money
 * @param malformed whether a faulty answer's body (or stream event) is not JSON
 * @param cutAfterChunks a faulty stream's connection is dropped after this many chunks, before its
 *     final event and usage; -1 for never
 */
public record SimulatedOptions(
    long latencyMs,
    long chunkDelayMs,
    OptionalLong completionTokens,
    int streamChunks,
    long cacheReadTokens,
    long cacheWriteTokens,
    int errorStatus,
    long retryAfterSeconds,
    int failEvery,
    double failRate,
    boolean malformed,
    int cutAfterChunks) {

  /** Instant, estimator-counted, no cache, no fault. */
  public static final SimulatedOptions DEFAULT =
      new SimulatedOptions(0, 0, OptionalLong.empty(), 3, 0, 0, 0, 0, 0, 0, false, -1);

  /**
   * @throws IllegalArgumentException naming the value that is out of range
   */
  public SimulatedOptions {
    requireAtLeast("latency_ms", latencyMs, 0);
    requireAtLeast("chunk_delay_ms", chunkDelayMs, 0);
    completionTokens.ifPresent(t -> requireAtLeast("completion_tokens", t, 0));
    requireAtLeast("stream_chunks", streamChunks, 1);
    requireAtLeast("cache_read_tokens", cacheReadTokens, 0);
    requireAtLeast("cache_write_tokens", cacheWriteTokens, 0);
    if (errorStatus != 0 && (errorStatus < 400 || errorStatus > 599)) {
      throw new IllegalArgumentException(
          "error_status must be an HTTP error status from 400 to 599 (or 0 for none), got "
              + errorStatus);
    }
    requireAtLeast("retry_after_seconds", retryAfterSeconds, 0);
    requireAtLeast("fail_every", failEvery, 0);
    if (!(failRate >= 0 && failRate <= 1)) {
      throw new IllegalArgumentException("fail_rate must be from 0 to 1, got " + failRate);
    }
    requireAtLeast("cut_after_chunks", cutAfterChunks, -1);
  }

  private static void requireAtLeast(String name, long value, long min) {
    if (value < min) {
      throw new IllegalArgumentException(name + " must be at least " + min + ", got " + value);
    }
  }

  /** Whether any fault is configured at all. */
  public boolean hasFault() {
    return errorStatus != 0 || malformed || cutAfterChunks >= 0;
  }

  /**
   * Whether request number {@code n} (from 1) is faulty. With a fault but neither {@code failEvery}
   * nor {@code failRate}, every request is.
   */
  public boolean faulty(long n) {
    if (!hasFault()) {
      return false;
    }
    if (failEvery > 0) {
      return n % failEvery == 0;
    }
    if (failRate > 0) {
      return (long) Math.floor(n * failRate) > (long) Math.floor((n - 1) * failRate);
    }
    return true;
  }
}
